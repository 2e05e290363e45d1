# The two commands a newcomer needs: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site test serve check fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(STAMP)

site: $(STAMP)  ## build content/ into _site/
	$(BIN)/manabi build

serve: $(STAMP)  ## live preview at http://127.0.0.1:8000
	$(BIN)/manabi serve

check: $(STAMP)  ## report every content problem
	$(BIN)/manabi check

test: $(TEST_STAMP)  ## the whole suite
	$(BIN)/python -m pytest

fuzz: $(TEST_STAMP)  ## long property-test run
	MANABI_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest tests/test_properties.py tests/test_highlight.py

bench: $(STAMP)  ## benchmark on a content folder: make bench DIR=path
	$(BIN)/python benchmarks/build_corpus.py $(DIR)

clean:
	rm -rf _site .manabi-cache
