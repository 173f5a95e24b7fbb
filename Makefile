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

bench: install
	DJANGO_DEBUG=1 $(PY) scripts/services.py -- $(PY) manage.py bench $(ARGS)

clean:
	rm -rf var/
