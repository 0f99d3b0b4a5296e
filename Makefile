# Hotro — see README.md. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := hotro.settings

.PHONY: setup setup-dev run test lint format messages bench fuzz

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the pinned requirements change.
$(VENV)/.runtime-stamp: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-stamp: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-stamp $@

setup: $(VENV)/.runtime-stamp
	@$(PY) manage.py migrate --no-input -v0
	@$(PY) manage.py load_provider_defaults -v0 >/dev/null
	@$(PY) manage.py collectstatic --no-input -v0

# axe-core for the browser tests' accessibility checks, from the npm registry, never committed; the tests
# skip without it (no npm on the machine).
AXE := .cache/npm/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1
$(AXE):
	@if command -v npm >/dev/null; then \
	  npm install --silent --no-save --no-audit --no-fund --prefix .cache/npm axe-core@$(AXE_VERSION) >/dev/null \
	    || echo "axe-core not installed: the accessibility checks will skip"; \
	else echo "npm not found: the accessibility checks will skip"; fi

setup-dev: $(VENV)/.dev-stamp $(AXE)

# Development conveniences (DEBUG, mail written to data/sent-mail) are switched on here only.
run: setup
	@$(PY) manage.py create_demo_accounts
	DEBUG=1 EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend} \
	  $(PY) manage.py rundesk --host 127.0.0.1 --port 8000

# Tests never use a real key; PostgreSQL runs need one because production settings insist on it.
test: setup-dev
	SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} $(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	$(VENV)/bin/mypy

format: setup-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: setup-dev
	cd hotro && ../$(PY) ../manage.py makemessages -l vi -l en --no-obsolete && ../$(PY) ../manage.py compilemessages

# Benchmark on PostgreSQL (127.0.0.1:5432 by default): seed, serve like production, load with wrk.
# See README "Benchmark"; e.g. make bench BENCH_ARGS="--tickets 100000 --duration 5s --no-peer".
BENCH_ARGS ?= --tickets 1000000 --peer
bench: setup-dev
	$(PY) -m bench.run $(BENCH_ARGS)

# Coverage-guided fuzzing of the mail parser (atheris) for FUZZ_SECONDS; see README "Fuzzing".
# Seeds: a few synthetic mails the harness writes, plus ../shared/corpus read in place when it exists.
# The growing corpus and any crash go to FUZZ_WORK (outside the project); a crash fails the target.
FUZZ_SECONDS ?= 60
FUZZ_WORK ?= $(or $(TMPDIR),/tmp)/hotro-fuzz-mail
FUZZ_ARGS ?=
fuzz: setup-dev
	SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} $(PY) fuzz/mail_parser.py --seconds $(FUZZ_SECONDS) \
	  --work $(FUZZ_WORK) $(if $(wildcard ../shared/corpus),--seeds ../shared/corpus) $(FUZZ_ARGS)
