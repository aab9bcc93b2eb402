# One command surface: `make run` installs everything and starts the app; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.povdesk-installed

.PHONY: run test lint typecheck bench package test-bundle clean-venv

$(STAMP): pyproject.toml
	bash scripts/system-deps.sh poppler-utils zbar-tools libreoffice-calc-nogui  # document tests: pdftotext/pdffonts/pdftoppm, zbarimg; Excel tests: LibreOffice opens the export
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) main.py $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check povdesk ui tests main.py
	$(VENV)/bin/ruff format --check povdesk ui tests main.py

typecheck: $(STAMP)
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m bench

# The one-folder bundle dist/povdesk/ (PyInstaller needs binutils' objdump/strip on Linux).
PKG_STAMP := $(VENV)/.povdesk-package-installed
$(PKG_STAMP): $(STAMP)
	bash scripts/system-deps.sh binutils
	$(PY) -m pip install -q -e '.[dev,package]'
	touch $(PKG_STAMP)

package: $(PKG_STAMP)
	VENV=$(VENV) bash packaging/build_linux.sh

# Builds the bundle in a temporary folder and runs it (≈ 1–1.5 min here); .ci/run runs this.
test-bundle: $(PKG_STAMP)
	POVDESK_BUNDLE_TEST=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/packaging

clean-venv:
	rm -rf $(VENV)
