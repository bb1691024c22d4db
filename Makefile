# The README's two commands. Each creates .venv when missing and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve browser screenshots bench

site: $(VENV)/.site-installed
	$(BIN)/mkdocs build --strict

# One pytest worker per CPU (pytest-xdist); each test file runs whole on one worker, so a file's
# module-scoped site is built once. README « Tests » says what dominates.
test: $(VENV)/.test-installed node_modules/.package-lock.json browser
	$(BIN)/python -m pytest -n auto --dist loadfile

# The browser tests drive Debian's Chromium (installed here when missing) and inject axe-core from npm.
browser:
	@tests/browser/install-chromium.sh

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

screenshots: site $(VENV)/.test-installed browser
	$(BIN)/python -m tests.browser.screenshots site docs/screenshots

check: $(VENV)/.site-installed
	$(BIN)/cercles check

serve: $(VENV)/.site-installed
	$(BIN)/cercles serve

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.site-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@ $(VENV)/.site-installed

# Prints build figures for 10, 100 and 1,000 synthetic circles (about 15 minutes on 2 quiet cores) against
# two floors (plain-tiny, plain-equivalent) and a table of issue 15's targets, met or not;
# `.venv/bin/python -m benchmarks.run --sizes 10,100 --json out.json` picks sizes and writes JSON too;
# then the cost of the governance history at 100 circles x 50 commits each (about 2 minutes).
bench: $(VENV)/.site-installed
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.history
