# The two commands a new user runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-quick lint install dev screenshots clean bench bench-quick wheel-check package package-check tarball stress

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

# Lint first (ruff and mypy, configured in pyproject.toml), then every test, in parallel (pytest-xdist, one worker per
# core; tests sharing the intake corpus stay on one worker: --dist loadgroup; the kill test runs in parts the workers
# share). Under 5 minutes on 2 cores (a third worker was tried: slower, the OCR and LibreOffice tests want a core).
PYTEST := QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto --dist loadgroup
test: dev lint
	$(PYTEST)

# For development: lint, then every test but the slow ones (LibreOffice, OCR, the intake corpus,
# second processes). Under 90 seconds.
test-quick: dev lint
	$(PYTEST) -m "not slow"

lint: dev
	$(BIN)/ruff check dossier_app tests bench main.py
	$(BIN)/mypy

# Renders the main screens of the desktop app under Xvfb on a 1366×768 screen into docs/screenshots/, light and
# dark (donker-…) (needs the xvfb package: apt-get install xvfb; the gespreksvoorbereiding needs LibreOffice).
SCREEN := -screen 0 1366x768x24
screenshots: install
	xvfb-run -a -s "$(SCREEN)" $(BIN)/python -m dossier_app.ui.screenshots docs/screenshots
	xvfb-run -a -s "$(SCREEN)" $(BIN)/python -m dossier_app.ui.screenshots --donker docs/screenshots
	xvfb-run -a -s "$(SCREEN)" $(BIN)/python docs/tools/screenshots_families.py
	xvfb-run -a -s "$(SCREEN)" $(BIN)/python docs/tools/screenshots_families.py --donker

clean:
	rm -rf $(VENV) build *.egg-info

# Performance benchmark against the bare libraries (not part of `make test`): 1k/10k/50k entries on a fixed
# 50 trajecten, app and baseline alternating, median of >= 5 rounds with min/max (bench/README.md).
# Within 10 minutes: 4.5 min measured on the 2-core machine (8 min under load 5-9) with the dataset kept in
# ~/.cache/gezinsdossier-bench (the first run also builds it: ~5 more minutes under load).
bench: dev
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# A real (non-editable) wheel, installed with its dependencies into a new virtualenv, makes a dossier and a letter.
wheel-check: | $(BIN)/python
	PYTHON=$(abspath $(BIN)/python) packaging/wheel-check.sh

# The self-contained bundle for this machine (PyInstaller, one folder): dist/gezinsdossier/gezinsdossier.
# Takes 2-4 minutes; see docs/INSTALL.md. Needs `strip` (binutils) on Linux.
$(VENV)/.installed-package: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[package]'
	touch $@

package: $(VENV)/.installed-package
	$(BIN)/python packaging/third_party_notices.py build/THIRD-PARTY-NOTICES.txt
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/gezinsdossier.spec
	du -sh dist/gezinsdossier

# The bundle checks itself with a bare environment (no Python, no virtualenv, an empty HOME), then makes the
# demo dossier and a letter.
package-check: package
	packaging/package-check.sh dist/gezinsdossier/gezinsdossier

# Linux: dist/gezinsdossier-VERSION-linux-ARCH.tar.gz with install.sh/uninstall.sh for one user (docs/INSTALL.md).
tarball: package
	packaging/linux/make-tarball.sh $$($(BIN)/python -c "import dossier_app; print(dossier_app.__version__)")

# A small run for development (bench/README.md): 38 s measured on the idle machine (3.5 min under load ~12).
bench-quick: dev
	BENCH_QUICK=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# 1,000 kill -9s across write, import, export, passwd and backup (CI runs a quick 50 in `make test`).
stress: dev
	GEZINSDOSSIER_KILLS=1000 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/store/test_kills.py
