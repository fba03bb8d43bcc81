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
ENGINE ?= native
SITE   ?= site
NB     ?= explore
LAB_STAMP := .venv-lab/.installed

# Quarto for `--engine quarto`: the offline bundle beside the repository when it is there
# (these machines and CI), else a `quarto` on the PATH (quarto.org, or conda-forge via
# environment.yml).
QUARTO_BUNDLE := ../shared/tools/quarto/install.sh
QUARTO_LOCAL  := .quarto/bin/quarto

.DEFAULT_GOAL := help
.PHONY: help install sysdeps node-deps quarto store validate ratings report report-all status template new-month \
        synthetic approve publish verify test test-fast lint format benchmark benchmark-quick notebook \
        lab-install lab clean

help: ## List the targets with what they do
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'
	@echo "  Variables: MONTH=$(MONTH) AREA=$(AREA) ENGINE=$(ENGINE) NB=$(NB) (e.g. make report MONTH=2025-10 ENGINE=quarto)"

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]' -c constraints.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name scorecard --display-name "Scorecard (.venv)" >/dev/null
	touch $(STAMP)

install: $(STAMP) ## Create .venv with the package, its kernel and the dev tools

sysdeps: ## Install Debian's chromium, poppler-utils, postgresql and npm for the browser, PDF, warehouse and axe tests (needs root)
	@if command -v chromium >/dev/null && command -v pdftotext >/dev/null && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && command -v npm >/dev/null; then \
	  echo "chromium, poppler-utils, postgresql and npm are present"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils postgresql npm >/dev/null; \
	else \
	  echo "Install chromium, poppler-utils, postgresql and npm with your package manager" >&2; exit 1; \
	fi

quarto: ## Install Quarto into .quarto/ from ../shared/tools/quarto, else use a quarto on PATH
	@if [ -x $(QUARTO_LOCAL) ]; then \
	  echo "Quarto $$($(QUARTO_LOCAL) --version) in .quarto/"; \
	elif [ -f $(QUARTO_BUNDLE) ]; then \
	  if ! command -v npm >/dev/null; then \
	    if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	    else \
	      echo "Installing Quarto from $(QUARTO_BUNDLE) needs npm: install it" >&2; exit 1; \
	    fi; \
	  fi; \
	  bash $(QUARTO_BUNDLE) .quarto; \
	elif command -v quarto >/dev/null; then \
	  echo "Quarto $$(quarto --version) at $$(command -v quarto)"; \
	else \
	  echo "Quarto is missing: install it from quarto.org or conda-forge (environment.yml)" >&2; \
	  exit 1; \
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

report: install $(if $(filter quarto,$(ENGINE)),quarto) ## Render the sample scorecard (MONTH, AREA, ENGINE=native|quarto) into reports/MONTH/AREA/
	$(BIN)/scorecard run --month $(MONTH) --area $(AREA) --engine $(ENGINE)

report-all: install ## Render Kent and the twelve districts (MONTH) in parallel, with an index page
	$(BIN)/scorecard run --month $(MONTH) --area all

approve: install ## Check and sign off the edition (MONTH, AREA, BY="Your Name", ACCEPT="reason" for warnings)
	$(BIN)/scorecard approve --month $(MONTH) --area $(AREA) --by "$(BY)" $(if $(ACCEPT),--accept "$(ACCEPT)")

publish: install ## Publish the approved edition (MONTH, AREA) into SITE (default site/), once
	$(BIN)/scorecard publish --month $(MONTH) --area $(AREA) --to $(SITE)

verify: install ## Check every edition published in SITE and re-render it from its kept inputs
	$(BIN)/scorecard verify --site $(SITE)
status: install ## Figures due for MONTH and AREA: received and still owed, by source system
	$(BIN)/scorecard status --month $(MONTH) --area $(AREA)

template: install ## Excel returns template of the figures owed for MONTH and AREA (build/returns-MONTH-AREA.xlsx)
	@mkdir -p build
	$(BIN)/scorecard template --month $(MONTH) --area $(AREA) --out build/returns-$(MONTH)-$(AREA).xlsx

new-month: install ## Start params/MONTH.yml from the previous month (e.g. make new-month MONTH=2025-12)
	$(BIN)/scorecard new-month $(MONTH)

synthetic: install ## Regenerate data/synthetic/ (the districts' demonstration data) with its fixed seed
	$(BIN)/scorecard synthetic

test: install sysdeps node-deps quarto ## Run every test: lint, layers contract, unit, back-test, notebooks (nbval), end-to-end and axe in chromium, Quarto
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

benchmark: install quarto ## Print wall, CPU and yardstick ratios against the goals (Kent cold/warm/edit, all areas, memory) and both engines side by side
	$(BIN)/python benchmarks/run_benchmarks.py

benchmark-quick: install ## The benchmark without the all-area runs (about a minute)
	$(BIN)/python benchmarks/run_benchmarks.py --quick

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
	rm -rf $(VENV) .venv-lab build reports/*/ .pytest_cache .ruff_cache node_modules
