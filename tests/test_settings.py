"""An archive's settings: `voices check` warns about an option of the voices plugin that the
installed version does not know, and the checker's list of options is the plugin's own."""

from __future__ import annotations

from conftest import write_archive
from voices.adapter.config import VoicesConfig
from voices.cli import main
from voices.core.settings import OPTIONS, read_settings


def test_the_checkers_options_are_the_plugins():
    assert set(OPTIONS) == {name for name, _ in VoicesConfig._schema}


def test_an_unknown_option_is_a_warning_with_its_line_and_a_hint(tmp_path, capsys):
    root = write_archive(tmp_path, site=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - voices\n", "  - voices:\n      ofline: true\n      offline_zip: !ENV [ZIP, x.zip]\n"))
    assert read_settings(root).plugin == {"ofline": True, "offline_zip": "x.zip"}
    assert main(["--root", str(root), "check"]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    line = config.read_text().splitlines().index("      ofline: true") + 1
    assert f"mkdocs.yml:{line}:7: warning: The voices plugin has no option 'ofline'" in out
    assert "did you mean 'offline'?" in out and "pip install --upgrade voices-archive" in out
    assert "offline_zip" not in out.split("Its options are")[0]  # a known option is fine
