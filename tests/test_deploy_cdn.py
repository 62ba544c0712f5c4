"""The deploy to object storage and a CDN (.github/workflows/deploy-cdn.yml and
.github/scripts/publish-cdn.sh): the workflow runs only once a bucket is set and builds as
deploy.yml does; the script, run on a real built site with a fake rclone that keeps a fake bucket,
uploads every file once, with the right cache headers, text gzip-compressed, in an order that
never breaks a page, and deletes only at the end. One test runs the real rclone on a local
folder, to prove the commands and flags are rclone's own."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from voices.cli import starter_files as kit

WORKFLOWS = REPO / ".github" / "workflows"
SCRIPT = REPO / ".github" / "scripts" / "publish-cdn.sh"
STARTER = kit.STARTER / "dot-github"
LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300, must-revalidate"
DEST = "cdn:voices-archive/www"  # remote cdn, bucket voices-archive, folder www
# What each text file must be served as; every other file goes up as it is.
TEXT_TYPES = {
    "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8", "json": "application/json",
    "map": "application/json", "xml": "application/xml", "svg": "image/svg+xml",
    "txt": "text/plain; charset=utf-8", "webmanifest": "application/manifest+json",
    "vtt": "text/vtt; charset=utf-8",
}

# A stand-in for rclone: `copy` uploads the files named by --files-from-raw, `sync` uploads what
# is missing and deletes what is not in the source. The bucket is a folder (FAKE_BUCKET); each
# object's headers go to FAKE_BUCKET_META; each call, with what it uploaded and deleted, is a line
# of FAKE_RCLONE_LOG. An option it does not know fails loudly rather than being ignored.
FAKE_RCLONE = '''#!{python}
import json, os, shutil, sys
from pathlib import Path

VALUED = {{"--files-from-raw", "--header-upload"}}
SWITCHES = {{"--checksum", "--fast-list", "--stats-one-line", "--verbose", "--no-traverse",
            "--ignore-existing", "--delete-after"}}


def fail(message):
    print("fake rclone: " + message, file=sys.stderr)
    sys.exit(2)


args = sys.argv[1:]
positional, lists, headers, switches = [], [], {{}}, set()
rest = iter(args)
for arg in rest:
    if arg in VALUED:
        value = next(rest, None)
        if value is None:
            fail(arg + " needs a value")
        if arg == "--files-from-raw":
            lists.append(value)
        else:
            key, colon, text = value.partition(":")
            if not colon:
                fail("a header is 'Name: value', not " + repr(value))
            headers[key.strip()] = text.strip()
    elif arg.startswith("-"):
        if arg not in SWITCHES:
            fail("unknown option " + arg)
        switches.add(arg)
    else:
        positional.append(arg)
if len(positional) != 3 or positional[0] not in ("copy", "sync"):
    fail("expected copy|sync SOURCE REMOTE:PATH, got " + repr(positional))
command, source, dest = positional
remote, colon, path = dest.partition(":")
if not colon or "RCLONE_CONFIG_" + remote.upper() + "_TYPE" not in os.environ:
    fail("didn't find section in config file for " + repr(remote))
source = Path(source)
bucket = Path(os.environ["FAKE_BUCKET"]) / path.strip("/")
meta_file = Path(os.environ["FAKE_BUCKET_META"])
meta = json.loads(meta_file.read_text()) if meta_file.exists() else {{}}
uploads, deletes = [], []


def upload(rel):
    src, dst = source / rel, bucket / rel
    if "--checksum" in switches and dst.is_file() and dst.read_bytes() == src.read_bytes():
        return  # the same size and checksum: not uploaded again
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    meta[rel] = headers
    uploads.append(rel)


if command == "copy":
    if not lists:
        fail("this fake copies only the files named by --files-from-raw")
    for name in lists:
        for rel in Path(name).read_text(encoding="utf-8").split("\\n"):
            if rel and (source / rel).is_file():
                upload(rel)
else:
    if lists:
        fail("sync with --files-from-raw would not delete what is not listed")
    wanted = {{p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()}}
    for rel in sorted(wanted):
        if "--ignore-existing" in switches and (bucket / rel).is_file():
            continue
        upload(rel)
    there = {{p.relative_to(bucket).as_posix() for p in bucket.rglob("*") if p.is_file()}}
    for rel in sorted(there - wanted):
        (bucket / rel).unlink()
        meta.pop(rel, None)
        deletes.append(rel)
meta_file.write_text(json.dumps(meta))
env = {{k: v for k, v in os.environ.items() if k.startswith("RCLONE_")}}
with open(os.environ["FAKE_RCLONE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"argv": args, "env": env, "uploads": uploads,
                          "deletes": deletes}}) + "\\n")
'''


class Bucket:
    """The fake bucket: its objects under DEST's folder, their headers, and rclone's calls."""

    def __init__(self, where: Path):
        self.where = where
        self.root = where / "bucket"
        self.objects = self.root / "voices-archive" / "www"
        self.meta = where / "meta.json"
        self.log = where / "calls.jsonl"

    def put(self, rel: str, data: bytes, **headers: str) -> None:
        """An object left by an earlier publish."""
        path = self.objects / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        meta = json.loads(self.meta.read_text()) if self.meta.exists() else {}
        meta[rel] = headers
        self.meta.write_text(json.dumps(meta))

    def files(self) -> set[str]:
        return files_in(self.objects)

    def headers(self) -> dict[str, dict[str, str]]:
        return json.loads(self.meta.read_text())

    def calls(self) -> list[dict]:
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]


def files_in(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def digest(root: Path) -> dict[str, str]:
    return {rel: hashlib.sha256((root / rel).read_bytes()).hexdigest() for rel in files_in(root)}


def extension(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name.lstrip(".") else ""


def fingerprinted(rel: str) -> bool:
    """Named by a hash of its content, as the built site shows: Material's
    assets/stylesheets/main.57a0d79d.min.css (and .map), assets/javascripts/bundle.*.min.js,
    assets/javascripts/workers/search.*.min.js, and Pagefind's pagefind.en_<hash>.pf_meta and
    index/, fragment/ and filter/ files (en_<hash>.pf_index ...)."""
    folder, _, name = rel.rpartition("/")
    if folder in ("assets/stylesheets", "assets/javascripts", "assets/javascripts/workers"):
        return re.fullmatch(r"[a-z]+\.[0-9a-f]{8}\.min\.(css|js)(\.map)?", name) is not None
    if folder == "pagefind":
        return re.fullmatch(r"pagefind\.[a-z-]+_[0-9a-f]+\.pf_meta", name) is not None
    kind = folder.removeprefix("pagefind/")
    if kind in ("index", "fragment", "filter") and folder.startswith("pagefind/"):
        return re.fullmatch(rf"[a-z-]+_[0-9a-f]+\.pf_{kind}", name) is not None
    return False


@pytest.fixture(scope="module")
def bin_dir(tmp_path_factory) -> Path:
    """A folder for PATH with the fake `rclone`."""
    if shutil.which("bash") is None:
        pytest.fail("bash is not installed", pytrace=False)
    folder = tmp_path_factory.mktemp("bin")
    rclone = folder / "rclone"
    rclone.write_text(FAKE_RCLONE.format(python=sys.executable), encoding="utf-8")
    rclone.chmod(0o755)
    return folder


def publish(site: Path, bucket: Bucket, bin_dir: Path,
            path: str | None = None) -> subprocess.CompletedProcess:
    """Run the script as the workflow does: bash, the site, the remote and bucket; the remote
    set up only through rclone's environment variables."""
    env = {**os.environ, "PATH": path or f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "FAKE_BUCKET": str(bucket.root), "FAKE_BUCKET_META": str(bucket.meta),
           "FAKE_RCLONE_LOG": str(bucket.log),
           "RCLONE_CONFIG_CDN_TYPE": "s3", "RCLONE_CONFIG_CDN_PROVIDER": "Other",
           "RCLONE_CONFIG_CDN_ENDPOINT": "https://storage.example.net",
           "RCLONE_CONFIG_CDN_ACCESS_KEY_ID": "test-key-id",
           "RCLONE_CONFIG_CDN_SECRET_ACCESS_KEY": "test-secret"}
    command = [shutil.which("bash") or "bash", str(SCRIPT), str(site), DEST]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def published(default_site, bin_dir, tmp_path_factory):
    """The default site published once into a bucket that holds two files an earlier publish
    left there: a withdrawn story's page and an old stylesheet."""
    bucket = Bucket(tmp_path_factory.mktemp("cdn"))
    bucket.put("stories/a-withdrawn-story/index.html", b"<p>gone</p>",
               **{"Cache-Control": SHORT})
    bucket.put("assets/stylesheets/main.0123abcd.min.css", b"old", **{"Cache-Control": LONG})
    before = digest(default_site)
    result = publish(default_site, bucket, bin_dir)
    assert result.returncode == 0, result.stderr
    assert digest(default_site) == before, "the script changed the built site"
    return default_site, bucket


def test_every_file_arrives_exactly_once(published):
    site, bucket = published
    assert bucket.files() == files_in(site)
    uploads = Counter(rel for call in bucket.calls() for rel in call["uploads"])
    assert set(uploads) == files_in(site)
    assert [rel for rel, n in uploads.items() if n != 1] == []


def test_fingerprinted_files_are_cached_for_a_year_and_nothing_else(published):
    site, bucket = published
    headers = bucket.headers()
    long = {rel for rel in files_in(site) if headers[rel]["Cache-Control"] == LONG}
    assert long == {rel for rel in files_in(site) if fingerprinted(rel)}
    assert all(headers[rel]["Cache-Control"] == SHORT for rel in files_in(site) - long)
    assert not [rel for rel in long if rel.endswith(".html")]
    # Each kind is there, so the patterns were tried on real names.
    for pattern in (r"assets/stylesheets/main\.\w+\.min\.css", r"assets/stylesheets/palette\.",
                    r"assets/javascripts/bundle\.\w+\.min\.js$", r"\.min\.js\.map$",
                    r"assets/javascripts/workers/search\.", r"\.pf_meta$", r"pagefind/index/",
                    r"pagefind/fragment/", r"pagefind/filter/"):
        assert any(re.search(pattern, rel) for rel in long), pattern
    # What the pages and Pagefind point to by a hash is what got the long cache.
    page = (site / "index.html").read_text(encoding="utf-8")
    hashed = re.findall(r'(?:href|src)="(assets/(?:stylesheets|javascripts)/[^"]+)"', page)
    assert hashed and all(rel in long for rel in hashed if re.search(r"\.[0-9a-f]{8}\.", rel))
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        assert f"pagefind/pagefind.{language['hash']}.pf_meta" in long
    for unhashed in ("index.html", "404.html", "feed.xml", "sitemap.xml", "assets/voices.css",
                     "pagefind/pagefind.js", "pagefind/pagefind-entry.json",
                     "pagefind/wasm.en.pagefind", "assets/javascripts/lunr/min/lunr.fr.min.js"):
        assert headers[unhashed]["Cache-Control"] == SHORT, unhashed


def test_text_is_gzip_compressed_and_the_rest_is_as_it_was(published):
    site, bucket = published
    headers = bucket.headers()
    kinds = Counter()
    for rel in files_in(site):
        original, stored = (site / rel).read_bytes(), (bucket.objects / rel).read_bytes()
        ext = extension(rel)
        if ext in TEXT_TYPES:
            assert gzip.decompress(stored) == original, rel
            assert headers[rel]["Content-Encoding"] == "gzip", rel
            assert headers[rel]["Content-Type"] == TEXT_TYPES[ext], rel
            # gzip -n: no name and no time in the header, so the same bytes on every build.
            assert stored[3] & 0x08 == 0 and stored[4:8] == b"\0\0\0\0", rel
        else:
            assert stored == original, rel
            assert "Content-Encoding" not in headers[rel], rel
            assert "Content-Type" not in headers[rel], rel  # rclone's, from the extension
        kinds[ext] += 1
    for ext in ("html", "css", "js", "json", "xml", "map", "vtt",
                "png", "pdf", "wav", "gz", "pf_fragment", "pf_index", "pf_meta", "pagefind"):
        assert kinds[ext], ext


def test_the_order_never_breaks_a_page_and_deletes_last(published):
    site, bucket = published
    calls = bucket.calls()
    headers = bucket.headers()
    order = [(i, rel) for i, call in enumerate(calls) for rel in call["uploads"]]
    last_long = max(i for i, rel in order if headers[rel]["Cache-Control"] == LONG)
    first_short = min(i for i, rel in order if headers[rel]["Cache-Control"] == SHORT)
    assert last_long < first_short
    first_html = min(i for i, rel in order if rel.endswith(".html"))
    assert all(i < first_html for i, rel in order if not rel.endswith(".html"))
    # The deleting is one last sync, which uploads nothing.
    *uploading, last = calls
    assert all(call["argv"][0] == "copy" and not call["deletes"] for call in uploading)
    assert last["argv"][0] == "sync" and "--delete-after" in last["argv"]
    assert last["uploads"] == []
    assert sorted(last["deletes"]) == ["assets/stylesheets/main.0123abcd.min.css",
                                       "stories/a-withdrawn-story/index.html"]
    # Every call compares checksums, and speaks to the remote set up from the environment only.
    for call in calls:
        assert "--checksum" in call["argv"] and call["argv"][2] == DEST
        assert call["env"]["RCLONE_CONFIG_CDN_TYPE"] == "s3"
        assert call["env"]["RCLONE_CONFIG_CDN_SECRET_ACCESS_KEY"] == "test-secret"


def test_a_second_publish_uploads_nothing(default_site, bin_dir, tmp_path):
    bucket = Bucket(tmp_path)
    assert publish(default_site, bucket, bin_dir).returncode == 0
    bucket.log.unlink()
    result = publish(default_site, bucket, bin_dir)
    assert result.returncode == 0, result.stderr
    assert [rel for call in bucket.calls() for rel in call["uploads"] + call["deletes"]] == []


def test_a_withdrawn_story_leaves_the_bucket_in_the_final_pass(default_site, bin_dir, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(default_site, site)
    bucket = Bucket(tmp_path / "cdn")
    assert publish(site, bucket, bin_dir).returncode == 0
    story = sorted(p for p in (site / "stories").iterdir() if (p / "index.html").is_file())[0]
    gone = {f"stories/{story.name}/{rel}" for rel in files_in(story)}
    shutil.rmtree(story)  # as the next build does once the story is withdrawn
    bucket.log.unlink()
    result = publish(site, bucket, bin_dir)
    assert result.returncode == 0, result.stderr
    assert bucket.files() == files_in(site) and not gone & bucket.files()
    *before, last = bucket.calls()
    assert set(last["deletes"]) == gone and not any(call["deletes"] for call in before)


def test_odd_file_names(bin_dir, tmp_path):
    """Names rclone's plain --files-from would misread (a leading #, spaces), upper-case
    extensions, no extension, a dot folder: each arrives once, text compressed."""
    site = tmp_path / "site"
    files = {"index.html": b"<p>home</p>", "#notes.txt": b"notes", " lead/ space.html": b"<p>",
             "LOUD.HTML": b"<P>", "README": b"plain", ".well-known/security.txt": b"Contact: x",
             "site.webmanifest": b"{}", "module.mjs": b"export {}", "logo.svg": b"<svg/>",
             "a;b.json": b"[]", "font.woff2": b"wOF2", "photo.jpg": b"\xff\xd8"}
    for rel, data in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    bucket = Bucket(tmp_path / "cdn")
    result = publish(site, bucket, bin_dir)
    assert result.returncode == 0, result.stderr
    assert bucket.files() == set(files)
    assert Counter(r for c in bucket.calls() for r in c["uploads"]) == Counter(set(files))
    headers = bucket.headers()
    for rel, data in files.items():
        stored = (bucket.objects / rel).read_bytes()
        compressed = extension(rel) in TEXT_TYPES
        assert (gzip.decompress(stored) if compressed else stored) == data, rel
        assert ("Content-Encoding" in headers[rel]) == compressed, rel
        assert headers[rel]["Cache-Control"] == SHORT, rel


def test_without_rclone_it_says_so_and_fails(default_site, bin_dir, tmp_path):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    bucket = Bucket(tmp_path / "cdn")
    result = publish(default_site, bucket, bin_dir, path=str(empty))
    assert result.returncode != 0
    assert "rclone is not installed" in result.stderr and "https://rclone.org" in result.stderr
    assert not bucket.root.exists() and bucket.calls() == []


@pytest.mark.parametrize("args, message", [
    ((), "Usage:"),
    (("site-only",), "Usage:"),
    (("{empty}", DEST), "is not a built site"),
    (("{site}", "no-remote"), "REMOTE:BUCKET"),
    (("{site}", DEST, "extra"), "Usage:"),
], ids=["nothing", "one", "not-a-site", "no-remote", "three"])
def test_wrong_arguments(default_site, bin_dir, tmp_path, args, message):
    bucket = Bucket(tmp_path / "cdn")
    args = [a.format(site=default_site, empty=tmp_path) for a in args]
    command = [shutil.which("bash") or "bash", str(SCRIPT), *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                                 "FAKE_RCLONE_LOG": str(bucket.log)})
    assert result.returncode == 2 and message in result.stderr
    assert bucket.calls() == []


def test_the_script_is_valid_bash():
    result = subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "set -euo pipefail" in SCRIPT.read_text(encoding="utf-8")


def test_with_the_real_rclone_on_a_local_folder(default_site, tmp_path):
    """rclone's local backend stores no headers, but it runs every command and option as rclone
    reads them: the files arrive, the stale one goes, and a second publish changes nothing."""
    if shutil.which("rclone") is None:  # a failure, not a skip: nothing passes quietly
        pytest.fail("rclone is not installed: apt-get install rclone (.ci/run does)",
                    pytrace=False)
    bucket = tmp_path / "bucket"
    (bucket / "stories/a-withdrawn-story").mkdir(parents=True)
    (bucket / "stories/a-withdrawn-story/index.html").write_text("gone")
    site = tmp_path / "site"
    shutil.copytree(default_site, site)
    for rel, data in {"#notes.txt": b"notes", " lead/ space.html": b"<p>"}.items():
        (site / rel).parent.mkdir(exist_ok=True)
        (site / rel).write_bytes(data)
    env = {**os.environ, "RCLONE_CONFIG": str(tmp_path / "none.conf"),
           "RCLONE_CONFIG_TEST_TYPE": "local"}
    command = ["bash", str(SCRIPT), str(site), f"test:{bucket}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert files_in(bucket) == files_in(site)
    for rel in files_in(site):
        stored = (bucket / rel).read_bytes()
        if extension(rel) in TEXT_TYPES:
            stored = gzip.decompress(stored)
        assert stored == (site / rel).read_bytes(), rel
    assert "a-withdrawn-story/index.html: Deleted" in result.stderr

    def state() -> dict[str, tuple[int, int]]:
        return {rel: ((bucket / rel).stat().st_ino, (bucket / rel).stat().st_mtime_ns)
                for rel in files_in(bucket)}

    before = state()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert state() == before  # nothing uploaded again
    assert "Copied" not in result.stderr and "Deleted" not in result.stderr


# --- the workflow -------------------------------------------------------------------------------


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def named(steps: list[dict], name: str) -> dict:
    return next(step for step in steps if step.get("name") == name)


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load(WORKFLOWS / "deploy-cdn.yml")


def test_runs_only_once_a_bucket_is_set(workflow):
    assert list(workflow["jobs"]) == ["publish"]
    assert workflow["jobs"]["publish"]["if"] == "vars.VOICES_CDN_BUCKET != ''"
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in workflow["jobs"]["publish"]
    group = workflow["concurrency"]["group"]
    assert group and workflow["concurrency"]["cancel-in-progress"] is False
    assert group != load(WORKFLOWS / "deploy.yml")["concurrency"]["group"]


def test_same_triggers_and_build_as_the_pages_deploy(workflow):
    pages = load(WORKFLOWS / "deploy.yml")
    assert workflow["on"] == pages["on"]
    assert workflow["on"]["schedule"] == [{"cron": "17 4 * * *"}]
    # All but what is for Pages alone: its 1 GB check and its upload.
    build = [s for s in pages["jobs"]["build"]["steps"]
             if not s.get("uses", "").startswith("actions/upload-pages-artifact")
             and s.get("name") != "Check the site fits GitHub Pages"]
    assert len(build) == len(pages["jobs"]["build"]["steps"]) - 2
    steps = workflow["jobs"]["publish"]["steps"]
    assert steps[:len(build)] == build
    assert workflow["jobs"]["publish"]["env"] == pages["jobs"]["build"]["env"]
    runs = [s.get("run") for s in steps]
    assert "mkdocs build --strict --site-dir site" in runs
    assert runs.index("mkdocs build --strict --site-dir site") < len(build)


def test_installs_rclone_and_calls_the_script(workflow):
    steps = workflow["jobs"]["publish"]["steps"]
    install = named(steps, "Install rclone")["run"]
    assert "apt-get install" in install and "rclone" in install
    publish_step = named(steps, "Publish to the bucket")
    assert publish_step["run"] == ('bash .github/scripts/publish-cdn.sh site '
                                   '"cdn:$VOICES_CDN_BUCKET"')
    assert steps.index(named(steps, "Install rclone")) < steps.index(publish_step)
    env = publish_step["env"]
    assert env["VOICES_CDN_BUCKET"] == "${{ vars.VOICES_CDN_BUCKET }}"
    assert env["RCLONE_CONFIG_CDN_TYPE"] == "s3"
    for option in ("PROVIDER", "ENDPOINT", "REGION"):
        assert "vars.VOICES_CDN_" + option in env["RCLONE_CONFIG_CDN_" + option]
    for secret in ("ACCESS_KEY_ID", "SECRET_ACCESS_KEY"):
        assert env["RCLONE_CONFIG_CDN_" + secret] == "${{ secrets.VOICES_CDN_%s }}" % secret
    # Secrets reach only the steps that need them, never the whole job.
    assert "secrets." not in json.dumps(workflow["jobs"]["publish"].get("env", {}))


def test_purging_a_cdn_is_optional(workflow):
    steps = workflow["jobs"]["publish"]["steps"]
    publish_at = steps.index(named(steps, "Publish to the bucket"))
    purges = [s for s in steps if "purge" in s.get("run", "") or "invalidation" in s.get("run", "")]
    assert purges
    for step in purges:
        assert re.fullmatch(r"vars\.VOICES_CDN_\w+ != ''", step["if"]), step["name"]
        assert steps.index(step) > publish_at


def test_readme_names_every_variable_and_secret(workflow):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    heading = "## Hosting a large archive on object storage and a CDN"
    assert heading in readme
    section = readme.split(heading, 1)[1]
    names = set(re.findall(r"\b(?:vars|secrets)\.(\w+)",
                           (WORKFLOWS / "deploy-cdn.yml").read_text(encoding="utf-8")))
    assert "VOICES_CDN_BUCKET" in names
    assert [name for name in sorted(names) if name not in section] == []


def test_the_starter_archive_gets_the_same_workflow_and_script():
    files = kit.starter_files()
    assert files[".github/workflows/deploy-cdn.yml"] == STARTER / "workflows/deploy-cdn.yml"
    assert files[".github/scripts/publish-cdn.sh"] == STARTER / "scripts/publish-cdn.sh"
    assert (STARTER / "scripts/publish-cdn.sh").read_bytes() == SCRIPT.read_bytes()
    ours, theirs = load(WORKFLOWS / "deploy-cdn.yml"), load(STARTER / "workflows/deploy-cdn.yml")
    assert theirs["on"] == ours["on"] and theirs["permissions"] == ours["permissions"]
    assert theirs["jobs"]["publish"]["if"] == ours["jobs"]["publish"]["if"]
    assert theirs["env"]["VOICES_SPEC"] == "${voices_spec_yaml}"

    def from_rclone_on(data: dict) -> list[dict]:
        steps = data["jobs"]["publish"]["steps"]
        return steps[steps.index(named(steps, "Install rclone")):]

    assert from_rclone_on(theirs) == from_rclone_on(ours)
    runs = [s.get("run") for s in theirs["jobs"]["publish"]["steps"]]
    assert 'pip install "$VOICES_SPEC"' in runs and "mkdocs build --strict --site-dir site" in runs
