# The Baclofen Guide: one entry point for readers, contributors and CI.
# `make` (or `make help`) lists the targets. Every target takes VENV=path to use
# an existing virtualenv (default .venv). Set-up is idempotent: it reinstalls
# only when a requirements file changed.

VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
SITE    ?= site
PAPER   ?= a4
# Silence Material's end-of-life banner (see README "Dependencies and the road ahead").
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install serve site check test clean

help: ## Show this help
	@echo "The Baclofen Guide. Usage: make <target> [VENV=path] [PAPER=a4|letter]"
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-20s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed ## Create the virtualenv and install pinned dependencies

serve: install ## Serve the site with live reload on http://127.0.0.1:8000
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

site: install ## Strict build of the site into site/
	$(VENV)/bin/mkdocs build --strict --clean --site-dir $(SITE)

check: site ## Run the static quality gates on docs/ and the built site/
	@echo "check: no gates yet"

test: install ## Run every test (builds the site itself)
	$(PY) -m pytest

clean: ## Remove built output and caches (keeps the virtualenv)
	rm -rf $(SITE) .pytest_cache build .cache
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
