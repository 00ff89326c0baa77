# 创孵 CMS. `make run` (embedded: SQLite + database search) and `make test` (real PostgreSQL + Elasticsearch).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SERVICES := scripts/services.sh
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run run-full services services-stop test test-fast lint format check clean search-rebuild bench-search backup bench-pages

help:
	@echo "make run        - demo site on SQLite at http://$(HOST):$(PORT)"
	@echo "make test       - whole suite on a private PostgreSQL 15 and Elasticsearch 8.19"
	@echo "make services   - start PostgreSQL + Elasticsearch (prints DATABASE_URL / ELASTICSEARCH_URL)"
	@echo "make run-full   - demo site on those services"
	@echo "make backup     - dump the database (DATABASE_URL, else the services') and prove the dump restores"
	@echo "make lint / format / services-stop / clean"

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "==> http://$(HOST):$(PORT)/   后台 http://$(HOST):$(PORT)/admin/"
	$(PY) manage.py runserver $(HOST):$(PORT)

services:
	@$(SERVICES) start

services-stop:
	@$(SERVICES) stop

# Mails and index updates go through the database task queue here; run_worker applies them (and retries).
run-full: install
	@set -euo pipefail; env_lines=$$($(SERVICES) start); echo "$$env_lines"; export $$env_lines; \
	export TASKS_BACKEND=django_tasks_db.DatabaseBackend; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py load_demo; \
	$(PY) manage.py run_worker --interval 1 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	echo "==> http://$(HOST):$(PORT)/   后台 http://$(HOST):$(PORT)/admin/"; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Rebuild the search index on the running services (new index, atomic alias swap); then compare counts.
search-rebuild: install
	@set -euo pipefail; export $$($(SERVICES) env); \
	$(PY) manage.py rebuild_search_index && $(PY) manage.py rebuild_search_index --check

# Rebuild, query and autocomplete timings on 10,000 generated documents (BENCH_ARGS="--docs 2000" …).
bench-search: install
	@set -euo pipefail; export $$($(SERVICES) env); $(PY) bench/search.py $(BENCH_ARGS)

# pg_dump into backups/ (or BACKUP_FILE), then restore that dump into a scratch database and compare row counts.
backup: install
	@set -euo pipefail; [[ -n "$${DATABASE_URL:-}" ]] || export $$($(SERVICES) env); \
	file=$$(scripts/backup.sh $(BACKUP_FILE)); scripts/restore.sh --check "$$file"

# The suite runs against services this target starts and always stops them again.
test: install
	@set -uo pipefail; started=$$(date +%s); \
	env_lines=$$($(SERVICES) start) || exit 1; export $$env_lines; \
	trap '$(SERVICES) stop' EXIT; \
	$(PY) manage.py check --fail-level WARNING && \
	$(PY) manage.py makemigrations --check --dry-run --noinput >/dev/null && \
	$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	echo "make test: $$(( $$(date +%s) - started )) s"; exit $$rc

# The suite against services that are already running (make services).
test-fast: install
	@set -euo pipefail; export $$($(SERVICES) env); $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: services-stop
	rm -rf .cache db.sqlite3 media static_collected

# Judged relevance (bench/relevance/queries.yaml) for Elasticsearch and the database backend on the demo,
# loaded into a scratch database (<name>_relevance) and index prefix (cfrelevance) on the running services.
.PHONY: bench-relevance
bench-relevance: install
	@set -euo pipefail; export $$($(SERVICES) env); $(PY) bench/relevance/run.py $(BENCH_ARGS)

# Every public page type under gunicorn (production settings), cold and warm, beside a trivial view (BENCH_ARGS="--seconds 15").
bench-pages: install
	@set -euo pipefail; export $$($(SERVICES) env); $(PY) bench/pages.py $(BENCH_ARGS)

# What one statement costs on PostgreSQL and on SQLite here, and each page's statements priced with it (uses
# the databases bench-pages loads).
.PHONY: bench-statements
bench-statements: install
	@set -euo pipefail; export $$($(SERVICES) env); $(PY) bench/statements.py $(BENCH_ARGS)

# 200 simultaneous registrations for 50 seats under gunicorn (production settings), queries per submission,
# and the trivial view in the same run (BENCH_ARGS="--runs 5").
.PHONY: bench-registration
bench-registration: install
	@set -euo pipefail; export $$($(SERVICES) env); $(PY) bench/registration_race.py $(BENCH_ARGS)

# The project's translation catalogue (Wagtail strings its zh-hans lacks): recompile after editing the .po;
# the .mo files are committed, so a fresh clone needs no gettext tools.
messages:
	cd theme/locale/zh_Hans/LC_MESSAGES && msgfmt --check-format -o django.mo django.po && msgfmt --check-format -o djangojs.mo djangojs.po
