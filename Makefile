# Two commands do everything: `make site` builds content/ into site/, `make test` lints and runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: site test lint serve golden clean-site

$(BIN)/briefing: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/briefing
	$(BIN)/python -m pip install --quiet -e '.[test]'
	if command -v npm >/dev/null 2>&1; then npm install --silent --no-audit --no-fund --prefix $(VENV)/npm axe-core@4 vnu-jar@26; fi
	touch $@

## site: create .venv, install, build content/ into site/ with search
site: $(BIN)/briefing
	$(BIN)/briefing build --content content --output site

## lint: ruff over the project and strict mypy over the package (settings in pyproject.toml)
lint: $(VENV)/.test-installed
	$(BIN)/python -m ruff check .
	$(BIN)/python -m mypy

## test: create .venv with the test extras, lint, then run every test
test: lint
	$(BIN)/python -m pytest

## serve: build, serve on http://127.0.0.1:8000/, rebuild and reload on changes
serve: $(BIN)/briefing
	$(BIN)/briefing serve

## golden: rewrite the golden-site expected output after a deliberate change
golden: $(VENV)/.test-installed
	$(BIN)/python -m tests.golden --update

clean-site:
	rm -rf site .briefing
