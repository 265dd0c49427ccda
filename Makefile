# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run   - virtualenv, install, migrate, regions, demo data, serve on 127.0.0.1:8000
#   make test  - lint and the whole test suite (browser tests where Chromium is installed)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_BUSINESSES ?= 300
DEMO_PASSWORD ?= demo12345
PYTEST_ARGS ?=

.PHONY: run test lint format install migrate demo clean load bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirement files change.
$(VENV)/.installed: requirements.txt requirements-dev.txt constraints-build.txt | $(BIN)/python
	PIP_CONSTRAINT=constraints-build.txt $(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_regions

BOUNDARIES ?= ../shared/geo/tuban_desa.geojson

demo: migrate
	DEBUG=1 $(BIN)/python manage.py seed_demo --businesses $(DEMO_BUSINESSES) --password $(DEMO_PASSWORD)
	DEBUG=1 $(BIN)/python manage.py publish_catalogue
	DEBUG=1 $(BIN)/python manage.py seed_reporting_demo
	DEBUG=1 $(BIN)/python manage.py seed_demo_screens --password $(DEMO_PASSWORD)
	@if [ -f "$(BOUNDARIES)" ]; then DEBUG=1 $(BIN)/python manage.py load_boundaries "$(BOUNDARIES)"; \
	else echo "No boundary file at $(BOUNDARIES): the map shows a table until boundaries are loaded."; fi

run: demo
	@echo "Registri IKM Tuban: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tuban_ikm.settings_test
	$(BIN)/pytest $(PYTEST_ARGS)

# Load test on PostgreSQL (bench/load/): LOAD_DURATION=5m LOAD_USERS=50. Never run by `make test`.
load: install
	bash bench/load/run.sh

# Response times of every page at a province's scale (PostgreSQL at BENCH_PG, databases
# tuban_ikm_bench and tuban_ikm_bench_small, reused when already seeded), then the export
# and import figures. Never part of `make test`. See README "Kinerja".
BENCH_BUSINESSES ?= 100000
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_ARGS ?=

bench: install
	BENCH_PG=$(BENCH_PG) $(BIN)/python bench/pages.py --businesses $(BENCH_BUSINESSES) $(BENCH_ARGS)
	DATABASE_URL=$(BENCH_PG)/tuban_ikm_bench $(BIN)/python bench/export.py --businesses $(BENCH_BUSINESSES)
	$(BIN)/python bench/import_sheet.py --rows 10000

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
