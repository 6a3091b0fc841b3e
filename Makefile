# Clinic — every set-up step is here; a fresh machine needs only `make run` or `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST := $(BIN)/python -m pytest
export FLASK_APP := wsgi

# The same commands run in docker-compose.yml.
WEB_CMD := gunicorn --bind $(HOST):$(PORT) --workers 3 --access-logfile - wsgi:app
WORKER_CMD := huey_consumer tasks.huey --workers 2 --worker-type thread

.PHONY: help install install-dev migrate seed run serve worker test bench lint format audit clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed ## create .venv and install the app

install-dev: $(VENV)/.installed-dev ## install the app with test and lint tools

migrate: install ## apply database migrations (flask db upgrade)
	$(BIN)/flask db upgrade

seed: migrate ## load locations, specializations and (in development) demo data
	$(BIN)/flask seed

run: seed ## serve http://$(HOST):$(PORT) with the background worker beside it
	@echo
	@echo "  Clinic is starting on http://$(HOST):$(PORT)   (Ctrl-C stops the site and the worker)"
	@echo "  Demo logins:  admin    admin@hospital.com    / Admin123!"
	@echo "                doctor   dr.farhana@hospital.com / Doctor123!"
	@echo "                patient  patient1@example.com  / Patient123!"
	@echo
	@HOST=$(HOST) PORT=$(PORT) WORKER_CMD="$(WORKER_CMD)" scripts/run-dev.sh

serve: migrate ## serve with gunicorn, as in production (no worker)
	$(BIN)/$(WEB_CMD)

worker: install ## run the Huey consumer (background jobs)
	$(BIN)/$(WORKER_CMD)

test: install-dev ## the suite on SQLite, again on PostgreSQL, then in headless Chromium
	$(PYTEST) -m "not browser and not postgres"
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  $(PYTEST) -m "not browser" --db=postgresql; \
	elif [ "$$CLINIC_REQUIRE_SERVICES" = 1 ] || [ "$$CI" = true ]; then \
	  echo "TEST_DATABASE_URL is not set, but the PostgreSQL suite is required here." >&2; exit 1; \
	else \
	  echo "*** PostgreSQL suite skipped: set TEST_DATABASE_URL, e.g."; \
	  echo "*** TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres make test"; \
	fi
	$(PYTEST) -m browser

bench: install-dev ## latency of the busiest pages on demo data (p95 targets; not in CI)
	$(BIN)/python benchmarks/bench_pages.py

lint: install-dev ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

audit: install-dev ## pip-audit (needs network access to a vulnerability database)
	$(BIN)/python -m pip install --quiet pip-audit
	$(BIN)/pip-audit --strict

clean: ## remove the virtualenv, caches and the local instance data
	rm -rf $(VENV) instance .pytest_cache .ruff_cache test-results *.egg-info
