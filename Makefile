# Scorecard: reproducible CYPE Directorate Scorecard.
# constraints.txt pins every package to the versions tested (pip freeze); `make install` uses it.
# `make help` lists the targets; every target that needs the environment installs it first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AXE    := node_modules/axe-core/axe.min.js
MONTH  ?= 2025-11
AREA   ?= kent

.DEFAULT_GOAL := help
.PHONY: help install sysdeps node-deps store validate ratings report report-all new-month synthetic test \
        test-fast lint format benchmark lab clean

help: ## List the targets with what they do
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'
	@echo "  Variables: MONTH=$(MONTH) AREA=$(AREA) (e.g. make report MONTH=2025-10)"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' -c constraints.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name scorecard --display-name "Scorecard (.venv)" >/dev/null
	touch $(STAMP)

install: $(STAMP) ## Create .venv with the package, its kernel and the dev tools

sysdeps: ## Install Debian's chromium, poppler-utils and npm for the browser, PDF and axe tests (needs root)
	@if command -v chromium >/dev/null && command -v pdftotext >/dev/null && command -v npm >/dev/null; then \
	  echo "chromium, poppler-utils and npm are present"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils npm >/dev/null; \
	else \
	  echo "Install chromium, poppler-utils and npm with your package manager" >&2; exit 1; \
	fi

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

node-deps: $(AXE) ## Install axe-core (pinned in package-lock.json) into node_modules/ for the accessibility tests

store: install ## Build the DuckDB store (build/scorecard.duckdb) from the text files in data/
	$(BIN)/scorecard store

validate: install ## Check the data files and the store; warn about inconsistencies in published figures
	$(BIN)/scorecard validate

ratings: install ## Print the RAG and direction of travel of every row (MONTH, AREA) as CSV
	$(BIN)/scorecard ratings --month $(MONTH) --area $(AREA) --csv

report: install ## Render the sample scorecard (MONTH, AREA) into reports/MONTH/AREA/
	$(BIN)/scorecard run --month $(MONTH) --area $(AREA)

report-all: install ## Render Kent and the twelve districts (MONTH) in parallel, with an index page
	$(BIN)/scorecard run --month $(MONTH) --area all

new-month: install ## Start params/MONTH.yml from the previous month (e.g. make new-month MONTH=2025-12)
	$(BIN)/scorecard new-month $(MONTH)

synthetic: install ## Regenerate data/synthetic/ (the districts' demonstration data) with its fixed seed
	$(BIN)/scorecard synthetic

test: install sysdeps ## Run every test: lint, layers contract, unit, back-test, notebooks (nbval), end-to-end in chromium
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

test-fast: install ## Run the unit tests and back-tests only (no rendering)
	$(BIN)/python -m pytest -m "not slow and not browser"

lint: install ## Lint and check formatting with ruff; check the layers contract with import-linter
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

benchmark: install ## Print timings against targets: Kent cold/warm/commentary edit, all areas, sizes
	$(BIN)/python benchmarks/run_benchmarks.py

lab: install ## Open JupyterLab (its own .venv-lab) with the lean scorecard kernel
	$(PYTHON) -m venv .venv-lab
	.venv-lab/bin/pip install --quiet jupyterlab
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter .venv-lab/bin/jupyter lab notebooks/

clean: ## Remove the environment, the store and generated reports
	rm -rf $(VENV) .venv-lab build reports/*/ .pytest_cache .ruff_cache node_modules
