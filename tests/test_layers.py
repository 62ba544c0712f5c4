"""The package's shape: layers that import one way (the import-linter contract in
pyproject.toml), a `voices check` that loads no renderer, small modules, a thin adapter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "scripts" / "voices"
LAYERS = ("core", "site", "printing", "build", "adapter", "cli")


def test_layers_import_one_way_without_cycles():
    lint = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 kept, 0 broken" in done.stdout  # every contract ran, none was skipped


def test_every_module_sits_in_a_layer():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"
                  and not p.name.endswith(".egg-info")) == sorted(LAYERS)


def test_voices_check_loads_no_renderer():
    code = ("import sys; from voices.cli import main; code = main(['--root', sys.argv[1], "
            "'check']); print(sorted(m for m in ('jinja2', 'markdown', 'nh3', 'mkdocs', "
            "'material', 'weasyprint', 'pagefind') if m in sys.modules)); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_modules_stay_small_and_the_adapter_thin():
    sizes = {p.relative_to(PACKAGE).as_posix(): len(p.read_text().splitlines())
             for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 300} == {}
    assert sizes["adapter/plugin.py"] <= 130
