# Tech Pulse: build, preview and test the newsletter site.
# Everything runs inside .venv, created on first use from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SPHINXOPTS ?=
# Strict: nitpicky, warnings are errors, but report them all before failing.
STRICT := -n -W --keep-going
OUT    := _build
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help html test lint serve clean post import bench check

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Tech Pulse needs Python 3.11 or newer ($(PYTHON) is older); run: make PYTHON=python3.11 ..." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	@touch $@

html: $(STAMP) ## Build the site strictly into _build/html (incremental)
	$(BIN)/python -m sphinx -b html $(STRICT) -d $(OUT)/doctrees $(SPHINXOPTS) . $(OUT)/html

test: $(STAMP) ## Run the test suite (includes the strict site build) and the linters
	$(BIN)/ruff check extensions tests bench conf.py
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff and mypy only
	$(BIN)/ruff check extensions tests bench conf.py
	$(BIN)/ruff format --check extensions tests bench conf.py
	$(BIN)/mypy

serve: $(STAMP) ## Live preview on http://127.0.0.1:8000 (rebuilds on save, shows drafts)
	NEWSDESK_PREVIEW=1 $(BIN)/sphinx-autobuild --host 127.0.0.1 --port $(PORT) \
	  --ignore '*/.venv/*' --ignore '*/_build/*' --ignore '*/.git/*' --ignore '*/tests/*' \
	  --ignore '*/bench/*' --ignore '*/node_modules/*' --ignore '*~' --ignore '*.swp' --ignore '*/.#*' \
	  -b html -d $(OUT)/preview-doctrees $(SPHINXOPTS) . $(OUT)/preview

clean: ## Remove build output (keeps .venv)
	rm -rf $(OUT)
