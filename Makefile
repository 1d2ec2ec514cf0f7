# Grip: `make run` to try it, `make test` to test it. Nothing else needs installing first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1:8000

.PHONY: run serve worker test check bench messages permissions clean

# The virtual environment is (re)installed whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo
	@echo "Grip draait op http://$(HOST)/ (stoppen met Ctrl-C)"
	$(PY) manage.py runserver $(HOST)

# Production: gunicorn with deploy/gunicorn.conf.py (docs/deploy.md). Set GRIP_ENV=production and
# the settings of docs/deploy.md first; `serve` migrates and collects the static files itself.
serve: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py

# The background worker: runs imports, PDFs, the digest, the purge and the facts refresh.
worker: $(VENV)/.installed
	$(PY) manage.py db_worker

test: $(VENV)/.installed
	$(BIN)/pytest

# Benchmarks are not tests: each prints a table against its goal (needs PostgreSQL for some).
bench: $(VENV)/.installed
	$(PY) bench/run.py
	$(PY) bench/recurrence.py
	$(PY) bench/factsheet.py
	$(PY) bench/load.py
	$(PY) bench/access_chain.py
	$(PY) bench/api.py

check: $(VENV)/.installed
	$(BIN)/ruff check src tests bench deploy
	$(BIN)/ruff format --check src tests bench deploy
	$(BIN)/mypy src
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Extract Dutch source strings and the English translation; needs GNU gettext (apt-get install gettext).
messages: $(VENV)/.installed
	cd src/grip && ../../$(PY) ../../manage.py makemessages --locale en --no-obsolete --ignore 'demo/*'
	cd src/grip && ../../$(PY) ../../manage.py compilemessages --locale en

permissions: $(VENV)/.installed
	$(PY) manage.py permissions_doc

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
