# The single entry point: `make run` to try Cuida, `make test` to prove it works.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-unit test-integration lint fmt bench demo messages makemessages release ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

messages: $(VENV)/.runtime-installed
	$(BIN)/python scripts/compile_messages.py

# Before (re)starting a production deployment, with its environment set (DJANGO_ENV=production,
# SECRET_KEY, DATABASE_URL, ...): translations compiled (.mo files are not in the repository),
# static files collected and hashed, the database migrated.
release: messages
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput

makemessages: $(VENV)/.dev-installed
	$(BIN)/python manage.py makemessages -l es --no-obsolete \
		--ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench --ignore=scripts

demo: $(VENV)/.runtime-installed messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo

run: demo
	bash scripts/run.sh

test: $(VENV)/.dev-installed messages
	$(BIN)/pytest

test-unit: $(VENV)/.dev-installed messages
	$(BIN)/pytest -m "not integration and not e2e"

test-integration: $(VENV)/.dev-installed messages
	$(BIN)/pytest -m integration

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

fmt: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.dev-installed
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3* .pytest_cache .ruff_cache
