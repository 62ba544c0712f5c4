# Two commands for a fresh machine: `make serve` and `make test`. Each sets itself up.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site offline print test check lint bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# --dirty: a saved story is rebuilt alone, in about a second (the voices plugin works out which
# pages an edit changes; see scripts/voices/build/incremental.py).
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

site: $(STAMP)
	$(VENV)/bin/mkdocs build --strict --site-dir site

# The offline copy, for groups without internet: voices-offline.zip (open index.html in it).
offline: $(STAMP)
	VOICES_OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir site-offline

# Every guide's full packs for facilitators, print-only stories included, into print/ (git-ignored,
# never part of the site). The plugin's private_stories option names a folder outside the repo.
print: $(STAMP)
	$(VENV)/bin/voices print

check: $(STAMP)
	$(VENV)/bin/voices check

# The same check as the lint job on every pull request (rules in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check scripts tests benchmarks

test: $(STAMP)
	$(PY) -m pytest

# benchmarks/run with what it needs beyond the tests (matplotlib, pyinstrument: the bench extra),
# e.g. make bench ARGS="--sizes 1000 --repeat 3". See benchmarks/README.md.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	VOICES_VENV=$(abspath $(VENV)) $(PY) benchmarks/run $(ARGS)

clean:
	rm -rf $(VENV) site print .pytest_cache .cache
