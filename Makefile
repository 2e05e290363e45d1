# The two commands a newcomer needs: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site test test-fast test-min lint serve check fuzz bench clean

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

test: $(TEST_STAMP)  ## the whole suite (what CI runs): lint and types, then every test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)  ## ruff and mypy, as make test runs them
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test-fast: $(TEST_STAMP)  ## the edit-test loop: lint and types, no browser, packaging or timing test, a tenth of the generated examples, one process per core
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	MANABI_TEST_PROFILE=dev $(BIN)/python -m pytest -n auto -m "not browser and not packaging and not timing"

# The lowest versions pyproject.toml allows (constraints-min.txt), in a venv of their own,
# running the tests of what those libraries shape: Markdown and search.
MIN_VENV := .venv-min
MIN_TESTS := tests/test_markdown_basics.py tests/test_cjk.py tests/test_dispatch.py tests/test_delimiters.py \
	tests/test_core_skips.py tests/test_link_urls.py tests/test_math.py tests/test_details.py tests/test_exercises.py \
	tests/test_case_studies.py tests/test_citations.py tests/test_bibliography.py tests/test_code_fences.py \
	tests/test_highlight.py tests/test_chemistry.py tests/test_blocklines.py tests/test_citation_scan.py \
	tests/test_search.py tests/test_word_breaks.py tests/test_search_results.py tests/test_search_browser.py

$(MIN_VENV)/.installed: pyproject.toml constraints-min.txt
	$(PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install -q --upgrade pip
	$(MIN_VENV)/bin/python -m pip install -q -c constraints-min.txt -e '.[test]'
	touch $@

test-min: $(MIN_VENV)/.installed  ## the Markdown and search tests on the lowest supported versions
	$(MIN_VENV)/bin/python -m pytest $(MIN_TESTS)

fuzz: $(TEST_STAMP)  ## long property-test run
	MANABI_TEST_PROFILE=fuzz MANABI_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest tests/test_properties.py tests/test_highlight.py

bench: $(STAMP)  ## benchmark on a content folder: make bench DIR=path
	$(BIN)/python benchmarks/build_corpus.py $(DIR)

clean:
	rm -rf _site .manabi-cache .mypy_cache $(MIN_VENV)
