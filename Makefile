# The two commands a new user runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint install dev screenshots clean bench stress

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python main.py

# Lint first (ruff and mypy, configured in pyproject.toml), then every test.
test: dev lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check dossier_app tests bench main.py
	$(BIN)/mypy

# Renders the main screens of the desktop app under Xvfb into docs/screenshots/
# (needs the xvfb package: apt-get install xvfb).
screenshots: install
	xvfb-run -a -s "-screen 0 1280x900x24" $(BIN)/python -m dossier_app.ui.screenshots docs/screenshots
	xvfb-run -a -s "-screen 0 1280x900x24" $(BIN)/python docs/tools/screenshots_families.py

clean:
	rm -rf $(VENV) build *.egg-info

# Performance benchmark against the bare libraries (not part of `make test`).
# Full run: a few minutes; BENCH_QUICK=1 make bench for a small one.
stress: dev   # issue 26: 1,000 kill -9s across write, import, export, passwd and backup
	GEZINSDOSSIER_KILLS=1000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/test_kills.py

bench: dev
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench
