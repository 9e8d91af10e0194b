# The two commands a newcomer needs: `make run` (add ARGS=--demo for sample data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: run demo test system-libs i18n bench bundle bundle-test screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

system-libs:
	bash packaging/system-libs.sh

run: $(VENV)/.installed system-libs
	$(BIN)/futasato $(ARGS)

demo: $(VENV)/.installed system-libs
	$(BIN)/futasato --demo

# The tests read printed PDFs and QR codes back with poppler and zbar.
test: $(VENV)/.installed
	bash packaging/system-libs.sh poppler-utils zbar-tools openssl unzip chromium chromium-driver
	$(BIN)/ruff check desktop_app tests bench packaging i18n
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -q

i18n: $(VENV)/.installed
	$(BIN)/python i18n/catalogs.py update

bench: $(VENV)/.installed system-libs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# PyInstaller reads a Linux binary's libraries with objdump (binutils) and bundles the shared
# libpython, neither of which a bare Debian has.
PYTHON_VERSION = $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
BUNDLE_TOOLS = binutils libpython$(PYTHON_VERSION)

# dist/futasato/: the one-folder bundle (futasato for commands, futasato-window for the window),
# checked by its own self-test.
bundle: $(VENV)/.installed
	bash packaging/system-libs.sh $(BUNDLE_TOOLS)
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pyinstaller --noconfirm packaging/futasato.spec
	dist/futasato/futasato --self-test

# Builds the bundle in a temporary folder and runs its self-test (tests/test_bundle.py); slow,
# so not part of `make test`.
bundle-test: $(VENV)/.installed
	bash packaging/system-libs.sh $(BUNDLE_TOOLS)
	$(BIN)/pip install -q -e '.[dev]'
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -m bundle tests/test_bundle.py

# The manual's pictures, from the running app on a fresh demo file (offscreen, 1366 × 768).
screenshots: $(VENV)/.installed system-libs
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py

clean:
	rm -rf $(VENV) build dist
