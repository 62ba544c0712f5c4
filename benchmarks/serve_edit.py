#!/usr/bin/env python3
"""How long `mkdocs serve` takes to show a saved edit to one story, at N stories.

    benchmarks/serve_edit.py                  # 1,000 stories, `mkdocs serve --dirty` (make serve)
    benchmarks/serve_edit.py --full           # plain `mkdocs serve`: every save rebuilds it all
    benchmarks/serve_edit.py --n 100 --repeat 5

It copies the benchmark corpus (benchmarks/out/n<N>, written by benchmarks/corpus.py if missing)
to a temporary folder, starts the server on a free local port, waits for the first build, then
edits one story's body (and, once, its title) and times from the save until the served page
(and the stories index) shows the new words, polling over HTTP every 20 ms. The time includes
the server noticing the change (MkDocs polls the files every 0.5 s; Voices every 0.2 s for a
small archive, see adapter/watching.py) as well as the rebuild.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENV_BIN = Path(os.environ.get("VOICES_VENV", REPO / ".venv")) / "bin"
if Path(sys.prefix).resolve() != VENV_BIN.parent.resolve():  # run with the project's venv
    os.execv(VENV_BIN / "python", [str(VENV_BIN / "python"), __file__, *sys.argv[1:]])
sys.path[:0] = [str(HERE)]

import corpus  # noqa: E402  (benchmarks/corpus.py)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float, proc: subprocess.Popen) -> float:
    """Seconds until the page at url contains text (polled every 20 ms)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve ended with exit code {proc.returncode}")
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout} s")


def settle(log: Path, seconds: float = 1.5, timeout: float = 120) -> None:
    """Wait until the server's log has been quiet for a while (first build, Pagefind, ...)."""
    start = time.monotonic()
    last, since = -1, time.monotonic()
    while time.monotonic() - start < timeout:
        size = log.stat().st_size
        if size != last:
            last, since = size, time.monotonic()
        elif time.monotonic() - since >= seconds:
            return
        time.sleep(0.1)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="Time a story edit under mkdocs serve.")
    parser.add_argument("--n", type=int, default=1000, help="stories in the corpus (1000)")
    parser.add_argument("--repeat", type=int, default=3, help="body edits to time (3)")
    parser.add_argument("--full", action="store_true", help="plain `mkdocs serve`, no --dirty")
    args = parser.parse_args()

    archive = HERE / "out" / f"n{args.n}"
    if not (archive / "stories").is_dir():
        print(f"writing the corpus of {args.n} stories...", file=sys.stderr)
        corpus.write_corpus(args.n, archive)
    else:
        corpus.refresh(archive)
    work = Path(tempfile.mkdtemp(prefix="voices-serve-"))
    try:
        root = work / "archive"
        shutil.copytree(archive, root)
        story = sorted(p for p in (root / "stories").glob("*.md") if not p.name.startswith("_"))[
            len(list((root / "stories").glob("*.md"))) // 2]
        title = next(line for line in story.read_text(encoding="utf-8").splitlines()
                     if line.startswith("title: "))
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        page_url = f"{base}stories/{story.stem}/"
        cmd = [str(VENV_BIN / "mkdocs"), "serve", "-f", str(root / "mkdocs.yml"),
               "--dev-addr", f"127.0.0.1:{port}"] + ([] if args.full else ["--dirty"])
        log = work / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        with open(log, "wb") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                    start_new_session=True)
        try:
            first = wait_for(page_url, "<article", 600, proc)
            print(f"first build served after {first:.1f} s", file=sys.stderr)
            settle(log)
            times = []
            for i in range(args.repeat):
                token = f"Edited-{i}-{time.time_ns()}"
                edit(story, "\n---\n", f"\n---\n{token} was added here.\n\n")
                times.append(wait_for(page_url, token, 120, proc))
                print(f"  body edit {i + 1}: {times[-1]:.2f} s", file=sys.stderr)
                settle(log)
            new_title = f"Retitled story {time.time_ns()}"
            edit(story, title, f"title: {new_title}")
            title_page = wait_for(page_url, new_title, 120, proc)
            title_index = wait_for(f"{base}stories/", new_title, 120, proc) + title_page
        except BaseException:
            print(log.read_text(encoding="utf-8", errors="replace")[-3000:], file=sys.stderr)
            raise
        finally:
            os.killpg(proc.pid, signal.SIGINT)  # as Ctrl+C: MkDocs removes its temporary site
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    mode = "mkdocs serve" + ("" if args.full else " --dirty")
    print(f"{mode}, {args.n:,} stories, {len(os.sched_getaffinity(0))} cores, "
          f"load {os.getloadavg()[0]:.1f}")
    print(f"a body edit shows on the story page after {statistics.median(times):.2f} s "
          f"(median of {len(times)}: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"a title edit shows on the story page after {title_page:.2f} s, "
          f"in the stories index after {title_index:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
