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
.PHONY: help install serve site pdf check test clean

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

# The two PDFs the site links to on every page (site/downloads/baclofen-guide.pdf,
# site/downloads/baclofen-handout.pdf). Needs Chromium (scripts/browser.py).
pdf: site ## Build the site, then render the guide and the 2-page handout PDFs (PAPER=a4|letter)
	$(PY) -m scripts.build_pdf --site $(SITE) --paper $(PAPER)

# One strict build serves every gate: the build gate builds into $(SITE) (its
# warnings become path:line findings) while the source gates run, then the
# site gates check that build. `python -m scripts.check --help` lists the gates.
check: install ## Build the site into site/ and run every quality gate on docs/ and the build
	$(PY) -m scripts.check --build --site $(SITE)

test: install ## Run every test (builds the site itself)
	$(PY) -m pytest

# External links, online: weekly in CI (.github/workflows/links.yml), never part
# of `make check` (it needs the internet, and websites change without our help).
# Polite: answers cached for 7 days (.lycheecache), at most 2 requests at a time
# per host and 1 s apart, 3 retries; 429 "too many requests" counts as alive.
# URLs in .lycheeignore are skipped. LYCHEE_REPORT=file.md also writes a report.
LYCHEE_REPORT ?=
LYCHEE_FLAGS = --no-progress --cache --max-cache-age 7d --cache-exclude-status '429, 500..' \
	--host-concurrency 2 --host-request-interval 1s --max-retries 3 --retry-wait-time 5 \
	--timeout 20 --accept '200..=299,429' --scheme https --scheme http
.PHONY: linkcheck-external
linkcheck-external: install ## Check every external link in docs/ online (needs internet; weekly in CI)
	@$(VENV)/bin/lychee $(LYCHEE_FLAGS) 'docs/*.md' \
		$(if $(LYCHEE_REPORT),--format markdown --output $(LYCHEE_REPORT)) || { status=$$?; \
		$(if $(LYCHEE_REPORT),cat $(LYCHEE_REPORT);) \
		echo "linkcheck-external: FAILED (lychee exit $$status): broken links are listed above." >&2; \
		echo "  If every link says 'Connection failed', there is no internet here: this check only works online." >&2; \
		exit $$status; }

# Speed and size against the budgets (README "Benchmark"): strict build x5, make check,
# PDFs, first-visit bytes per page, search latency, Lighthouse 12.2.3 (npm ci in
# scripts/lighthouse/). Writes build/bench.json. Not a test: it always exits 0.
.PHONY: bench
bench: install ## Measure build, check, PDF, page weight, search and Lighthouse against the budgets
	$(PY) -m scripts.bench

clean: ## Remove built output and caches (keeps the virtualenv)
	rm -rf $(SITE) .pytest_cache build .cache
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
