# The README's two commands. Each creates .venv when missing and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test check serve

site: $(VENV)/.site-installed
	$(BIN)/mkdocs build --strict

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

check: $(VENV)/.site-installed
	$(BIN)/cercles check

serve: $(VENV)/.site-installed
	$(BIN)/mkdocs serve --livereload

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.site-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@ $(VENV)/.site-installed
