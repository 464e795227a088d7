# Requisition leveling — every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
# uv installed by scripts/bootstrap.sh lands in ~/.local/bin, which need not be on PATH.
export PATH := $(HOME)/.local/bin:$(PATH)
UV ?= uv
RUN := $(UV) run --all-packages --frozen
PYTEST := $(RUN) pytest -p no:cacheprovider
# The integration and end-to-end suites mostly wait on brokers, databases and subprocesses:
# two workers roughly halve them on two cores. 0 runs them in this process.
PYTEST_WORKERS ?= 2
SRC := libs services tests bench

.DEFAULT_GOAL := help
.PHONY: help install run test test-tools lint fmt typecheck contracts contracts-check test-unit \
	test-integration test-e2e evaluate bench migrate clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  %-18s %s\n", $$1, $$2}'

install: ## install the workspace (all packages, locked versions); uv itself when missing
	@scripts/bootstrap.sh run
	$(UV) sync --all-packages --frozen --compile-bytecode
	@# Every service, test stack and CLI is a fresh Python process: compiled once here, they
	@# start in about half the time, also where PYTHONDONTWRITEBYTECODE keeps Python from
	@# writing bytecode itself.
	@$(UV) run --all-packages --frozen python -m compileall -q libs/*/src services/*/src >/dev/null

run: install ## the whole stack with embedded defaults, then the demo (Ctrl-C stops it)
	$(RUN) devstack run

test: test-tools install lint typecheck contracts-check test-unit test-integration test-e2e ## every check CI runs

test-tools: ## what the tests need beyond Python: PostgreSQL, Chromium, kubectl (root for apt)
	@scripts/bootstrap.sh test

lint: ## ruff lint and format check
	$(RUN) ruff check $(SRC)
	$(RUN) ruff format --check $(SRC)

fmt: ## format and autofix
	$(RUN) ruff format $(SRC)
	$(RUN) ruff check --fix $(SRC)

typecheck: ## mypy --strict over every package
	$(RUN) mypy libs/common/src libs/devstack/src services/catalogue/src services/leveler/src services/notifier/src

contracts: ## regenerate JSON Schemas and the AsyncAPI document from the models
	$(RUN) python -m leveling_common.events.export contracts

contracts-check: ## fail when the checked-in contract files drifted from the models
	$(RUN) python -m leveling_common.events.export contracts --check

UNIT := $(wildcard libs/*/tests/unit services/*/tests/unit) tests/contract tests/deploy tests/architecture
INTEGRATION := $(wildcard libs/*/tests/integration services/*/tests/integration) tests/system

test-unit: ## fast tests, no I/O
	$(PYTEST) -q $(UNIT)

test-integration: ## real broker, PostgreSQL, SQLite, SMTP and HTTP servers started by fixtures
	$(PYTEST) -q -n $(PYTEST_WORKERS) --dist loadfile $(INTEGRATION)

test-e2e: ## the local stack, black-box (SQLite and PostgreSQL)
	@if [ -n "$$(ls tests/e2e/test_*.py 2>/dev/null)" ]; then $(PYTEST) -q -n $(PYTEST_WORKERS) --dist loadgroup tests/e2e; else echo "no e2e tests yet"; fi

evaluate: ## leveling accuracy on the labelled set → docs/evaluation.md
	$(RUN) python -m leveler.evaluation

bench: ## benchmarks on this machine → docs/benchmarks.md and docs/benchmarks.json
	$(RUN) python bench/run_all.py

clean: ## remove local state (databases, mail, logs)
	rm -rf var/ artifacts/
