# Scorecard: reproducible CYPE Directorate Scorecard.
# constraints.txt pins every package to the versions tested (pip freeze); `make install` uses it.
# `make help` lists the targets; every target that needs the environment installs it first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
MONTH  ?= 2025-11
AREA   ?= kent
NB     ?= explore
LAB_STAMP := .venv-lab/.installed

.DEFAULT_GOAL := help
.PHONY: help install sysdeps store validate ratings report report-all status template new-month synthetic test \
        test-fast lint format benchmark notebook lab-install lab clean

help: ## List the targets with what they do
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'
	@echo "  Variables: MONTH=$(MONTH) AREA=$(AREA) NB=$(NB) (e.g. make report MONTH=2025-10)"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' -c constraints.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name scorecard --display-name "Scorecard (.venv)" >/dev/null
	touch $(STAMP)

install: $(STAMP) ## Create .venv with the package, its kernel and the dev tools

sysdeps: ## Install Debian's chromium, poppler-utils and postgresql for the browser, PDF and warehouse tests (needs root)
	@if command -v chromium >/dev/null && command -v pdftotext >/dev/null && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
	  echo "chromium, poppler-utils and postgresql are present"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils postgresql >/dev/null; \
	else \
	  echo "Install chromium, poppler-utils and postgresql with your package manager" >&2; exit 1; \
	fi

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

status: install ## Figures due for MONTH and AREA: received and still owed, by source system
	$(BIN)/scorecard status --month $(MONTH) --area $(AREA)

template: install ## Excel returns template of the figures owed for MONTH and AREA (build/returns-MONTH-AREA.xlsx)
	@mkdir -p build
	$(BIN)/scorecard template --month $(MONTH) --area $(AREA) --out build/returns-$(MONTH)-$(AREA).xlsx

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

notebook: install ## Run a notebook of notebooks/ headless with Papermill (NB=explore) into build/notebooks/
	$(BIN)/scorecard notebook $(NB)

$(LAB_STAMP):
	$(PYTHON) -m venv .venv-lab
	.venv-lab/bin/pip install --quiet jupyterlab nbconvert
	touch $(LAB_STAMP)

lab-install: install $(LAB_STAMP) ## Create .venv-lab (JupyterLab and nbconvert) without opening it

lab: lab-install ## Open JupyterLab (its own .venv-lab, with nbconvert) with the lean scorecard kernel
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter .venv-lab/bin/jupyter lab notebooks/

clean: ## Remove the environment, the store and generated reports
	rm -rf $(VENV) .venv-lab build reports/*/ .pytest_cache .ruff_cache
