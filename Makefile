# Two commands for a fresh machine: `make serve` and `make test`. Each sets itself up.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site offline test check clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# --dirty: a saved story is rebuilt alone, in about a second (the voices plugin works out which
# pages an edit changes; see scripts/voices/incremental.py).
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

site: $(STAMP)
	$(VENV)/bin/mkdocs build --strict --site-dir site

# The offline copy, for groups without internet: voices-offline.zip (open index.html in it).
offline: $(STAMP)
	VOICES_OFFLINE=true $(VENV)/bin/mkdocs build --strict --site-dir site-offline

check: $(STAMP)
	$(VENV)/bin/voices check

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(VENV) site .pytest_cache .cache
