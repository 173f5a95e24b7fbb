# The one place that knows the set-up steps. `make run` and `make test` work on a fresh machine
# with only Python 3.11: where DATABASE_URL / REDIS_URL are unset, embedded servers are started.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
ARGS ?=

.PHONY: install run test lint bench demo clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# The app with demo data, a Celery worker and Celery beat; Ctrl-C stops them all.
run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} DIP_DEMO_SKIP_2FA=$${DIP_DEMO_SKIP_2FA:-1} $(PY) scripts/dev.py

# The whole suite on PostgreSQL. ARGS passes options to pytest: make test ARGS="clients -k search"
test: install
	$(PY) scripts/services.py -- $(PY) -m pytest $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Pages on the synthetic county and national data sets (seeded once, kept for the next run), then the import
# rate against COPY; results as JSON in bench/results/. ARGS replaces the page run's options.
BENCH_ARGS ?= --scales county,national --keep --json bench/results/pages.json
bench: install
	DJANGO_DEBUG=1 $(PY) scripts/services.py -- $(PY) manage.py bench $(if $(ARGS),$(ARGS),$(BENCH_ARGS))
	DJANGO_DEBUG=1 $(PY) scripts/services.py -- $(PY) manage.py bench_import --scale county --json bench/results/import.json

clean:
	rm -rf var/
