# Chasqui: two commands on a fresh machine.
#   make run    install, start the project's PostgreSQL, migrate, load demo data, serve (+ task worker)
#   make test   the same set-up, then ruff, the import contract and the whole pytest suite
# make stop stops the local PostgreSQL cluster.
# make backup / make restore FILE=backups/...   a copy of the database and the uploaded files, and back.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DEBUG ?= true
export PGPORT_LOCAL ?= 54329

# Debian packages the project needs; installed when running as root and missing.
DEB_PACKAGES := postgresql postgresql-contrib libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
	poppler-utils chromium

.PHONY: run test stop install deps db migrate demo lint format backup restore

run: install db migrate demo
	@echo "[run] Chasqui en http://127.0.0.1:$(PORT)/  (Ctrl+C para detener; 'make stop' apaga PostgreSQL)"
	@$(BIN)/python manage.py recordar_plazos
	@$(BIN)/python manage.py db_worker --queue-name '*' >.worker.log 2>&1 & worker=$$!; \
		trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The tests' cluster trades durability for speed (scripts/pg.sh); make run's keeps it. A cluster that
# `make test` started without fsync is restarted durable by the next `make run`.
test: export PG_DURABLE := 0
test: install db lint
	@echo "[test] pytest on PostgreSQL"
	@$(BIN)/pytest

stop:
	@if [ -z "$$DATABASE_URL" ]; then scripts/pg.sh stop; else echo "[stop] DATABASE_URL is set: nothing local to stop"; fi

backup: install db
	@$(BIN)/python manage.py copia_guardar

restore: install db
	@if [ -z "$(FILE)" ]; then echo "[restore] Falta FILE: make restore FILE=backups/chasqui-AAAAMMDD-HHMMSS.dump" >&2; exit 2; fi
	@$(BIN)/python manage.py copia_restaurar "$(FILE)" $(if $(filter si sí 1 true,$(CONFIRMAR)),--confirmar)

install: deps $(VENV)/.installed node_modules/.installed

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
			echo "[install] Debian packages:$$missing"; \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
		else \
			echo "[install] WARNING: missing Debian packages:$$missing (run as root, or install them)"; \
		fi; \
	fi

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@echo "[install] Python packages into $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip
	@$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "[install] front-end packages (npm)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

db:
	@if [ -z "$$DATABASE_URL" ]; then scripts/pg.sh start; else echo "[db] using DATABASE_URL"; fi

migrate:
	@echo "[migrate]"
	@$(BIN)/python manage.py migrate --noinput -v 0

demo:
	@$(BIN)/python manage.py cargar_demo

lint:
	@echo "[lint] ruff"
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@echo "[lint] import-linter: the layers of DESIGN.md"
	@$(BIN)/lint-imports --no-cache >/dev/null || $(BIN)/lint-imports --no-cache
	@$(BIN)/python manage.py makemigrations --check --dry-run >/dev/null || \
		{ echo "[lint] models changed without a migration: run manage.py makemigrations"; exit 1; }

format:
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .
