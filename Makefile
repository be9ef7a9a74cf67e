# newskg: `make run` builds, validates and serves the graph; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NEWSKG := $(BIN)/newskg
STORE ?= oxigraph:data/store
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help install system-deps run test validate docs bench ontology-check clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

install: $(STAMP) ## Create .venv and install newskg with every system and npm package it needs

$(STAMP): setup.cfg pyproject.toml package.json
	bash scripts/install-system-deps.sh
	bash scripts/install-virtuoso.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	npm install --no-audit --no-fund --silent || echo "npm install failed: the query page falls back to a plain form"
	touch $(STAMP)

run: install ## Build the graph from the bundled articles, validate it and serve it on http://127.0.0.1:8000
	$(NEWSKG) ontology check
	$(NEWSKG) ingest data/articles --store $(STORE)
	$(NEWSKG) validate --store $(STORE)
	$(NEWSKG) serve --store $(STORE) --host 127.0.0.1 --port 8000

test: install ## Run the whole test suite (ontology checks, extraction, shapes, server, W3C tests)
	$(BIN)/python -m pytest

ontology-check: install ## Check the OWL ontology (reasoner + lint queries)
	$(NEWSKG) ontology check

validate: install ## Check the ontology, build the graph of the bundled articles in a scratch store, validate it
	$(NEWSKG) ontology check
	rm -rf build/validate-store
	$(NEWSKG) ingest data/articles --store oxigraph:build/validate-store
	$(NEWSKG) validate --store oxigraph:build/validate-store

docs: install ## Write the ontology's HTML documentation to build/docs/
	$(NEWSKG) ontology docs --output build/docs

bench: install ## Measure ingest, validation, query and HTTP speed against peers (bench/results/)
	$(BIN)/python -m bench

clean: ## Remove the virtualenv, build outputs and the default store
	rm -rf $(VENV) build node_modules data/store
