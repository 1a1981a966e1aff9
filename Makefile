# theodoi: the command catalogue. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export THEODOI_DATA_DIR ?= $(CURDIR)/data
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/theodoi_ci
# one test process per core, a test module's tests in one process (its module fixtures load once),
# the longest modules first (tests/xdist_order.py)
XDIST ?= -n auto --dist loadfile

.PHONY: help install run serve worker migrate demo test test-sqlite test-postgres lint typecheck check-migrations bench bench-corpus fuzz browser clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install theodoi with its development tools

migrate: $(STAMP)  ## create or upgrade the database
	$(BIN)/theodoi migrate --no-input

demo: migrate  ## load the demo data once (Lai Châu, the seed plans, months of progress)
	$(BIN)/theodoi demo

run: demo  ## install, migrate, load the demo once, run the worker and serve on http://127.0.0.1:8000
	@echo "theodoi: http://$(HOST):$(PORT)/  (dữ liệu: $(THEODOI_DATA_DIR))"
	@$(BIN)/theodoi worker & WORKER=$$!; \
	  trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/theodoi serve --host $(HOST) --port $(PORT)

serve: $(STAMP)  ## serve without loading demo data
	$(BIN)/theodoi serve --host $(HOST) --port $(PORT)

worker: $(STAMP)  ## run the background jobs (reminders, warnings)
	$(BIN)/theodoi worker

lint: $(STAMP)  ## ruff over the code and tests
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)  ## mypy with the django-stubs plugin over src/theodoi (configured in pyproject.toml)
	THEODOI_DATA_DIR=$$(mktemp -d) $(BIN)/mypy

check-migrations: $(STAMP)  ## fail when a model change has no migration
	THEODOI_DATA_DIR=$$(mktemp -d) $(BIN)/theodoi manage makemigrations --check --dry-run

browser:  ## install Debian's chromium, LibreOffice Writer and poppler for the tests when possible
	@scripts/ensure-test-tools.sh

test: $(STAMP) browser  ## the whole suite on SQLite, then on PostgreSQL when one answers
	@$(MAKE) --no-print-directory test-sqlite
	@if $(BIN)/python scripts/pg_available.py "$(PG_URL)"; then \
	  $(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$$THEODOI_REQUIRE_POSTGRES" ]; then \
	  echo "PostgreSQL is required (THEODOI_REQUIRE_POSTGRES) but none answers at $(PG_URL)"; exit 1; \
	else echo "PostgreSQL: none answers at $(PG_URL); skipped (CI requires it)."; fi

test-sqlite: $(STAMP)  ## the suite on SQLite
	@echo "== tests on SQLite"
	THEODOI_DATA_DIR=$$(mktemp -d) DATABASE_URL= $(BIN)/pytest -q -p no:cacheprovider $(XDIST)

# On PostgreSQL, every test that reaches the database; the framework-free unit tests (tests/unit)
# and the browser tests (tests/e2e, which drive the pages the integration tests cover on both
# engines) run once, on SQLite, and so do the tests whose processes use an SQLite installation of
# their own whatever the engine (tests/installations.py: sqlite_pass_only) and those of what the pages
# send rather than read (headers: http_layer_only), to keep `.ci/run` short.
test-postgres: $(STAMP)  ## the suite on PostgreSQL ($(PG_URL); a throwaway test_ database), unit and browser tests aside
	@echo "== tests on PostgreSQL"
	THEODOI_DATA_DIR=$$(mktemp -d) DATABASE_URL=$(PG_URL)_$$$$ $(BIN)/pytest -q -p no:cacheprovider $(XDIST) \
	  --ignore=tests/unit --ignore=tests/e2e

bench: $(STAMP)  ## extraction, page and report timings; demo against one province (NATION=1: the country too)
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_linear.py
	@if [ -f bench/bench_pages.py ]; then THEODOI_DATA_DIR=$$(mktemp -d) $(BIN)/python bench/bench_pages.py; fi
	THEODOI_DATA_DIR=$$(mktemp -d) $(BIN)/python bench/bench_trust.py --communes 30
	@if $(BIN)/python scripts/pg_available.py "$(PG_URL)"; then \
	  $(BIN)/python bench/bench_scale.py --pg "$$(dirname $(PG_URL))" $(if $(NATION),--nation); \
	else $(BIN)/python bench/bench_scale.py $(if $(NATION),--nation); fi

bench-corpus: $(STAMP)  ## extraction score per field on the development corpus (tests/data/corpus), TXT, DOCX, PDF and LibreOffice PDF, then the held-out plans
	$(BIN)/python bench/bench_corpus.py --format txt
	$(BIN)/python bench/bench_corpus.py --format docx
	@$(BIN)/python bench/bench_corpus.py --format pdf || true
	@$(BIN)/python bench/bench_corpus.py --format lopdf || true
	$(BIN)/python bench/bench_corpus.py --corpus tests/data/corpus-heldout4
	$(BIN)/python bench/bench_corpus.py --corpus tests/data/corpus-heldout5
	$(BIN)/python bench/bench_corpus.py --corpus tests/data/corpus-heldout6
	$(BIN)/python bench/bench_corpus.py --corpus tests/data/corpus-heldout7
	$(BIN)/python bench/bench_corpus.py --corpus tests/data/corpus-heldout8
	$(BIN)/python bench/bench_corpus.py --corpus tests/data/corpus-heldout9
	$(BIN)/python bench/bench_corpus.py --corpus tests/data/corpus-heldout10

fuzz: $(STAMP)  ## 100,000 damaged TXT/DOCX/PDF/XLSX files through the extractor and the upload check (FUZZ_JOBS, FUZZ_CASES)
	$(BIN)/python bench/fuzz_extract.py --cases $(or $(FUZZ_CASES),100000) $(if $(FUZZ_JOBS),--jobs $(FUZZ_JOBS))

clean:  ## remove the virtualenv and caches (keeps ./data)
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info test-artifacts
