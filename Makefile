# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test lint format messages check serve-prod help backup restore loadtest bench db-fault-drill lighthouse image-memory cluster

help:
	@echo "make run    serve the portal with the DELGOSEA data on http://127.0.0.1:$(PORT)"
	@echo "make test   run every test (SQLite; PostgreSQL when DATABASE_URL is set)"
	@echo "make lint   ruff lint and format check"
	@echo "make messages  refresh the Thai catalogue from the code and templates"
	@echo "make backup    back up every record, the history and the media to var/backups/<timestamp>/"
	@echo "make restore BACKUP=var/backups/<timestamp>  replace the database's records with that backup"
	@echo "make loadtest  load-test production settings on PostgreSQL (LOADTEST_SECONDS, LOADTEST_CONNECTIONS)"
	@echo "make db-fault-drill  cut the database connections under load: answers by status, no server error"
	@echo "make bench     every page's speed at 10,000 practices and pilots (SQLite, or DATABASE_URL's PostgreSQL)"
	@echo "make lighthouse  Lighthouse (phone profile) on one page of each kind in Thai and English; fails below the targets"
	@echo "make cluster   two app servers sharing PostgreSQL, Redis and an object store: uploads, edits, load, one stopped"
	@echo "make image-memory  peak memory of an 8000 x 5000 photo's upload and first view, before and after renditions at upload"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

# DEBUG is off and SECRET_KEY required unless set: this git-ignored file turns DEBUG on for every manage.py
# command on this checkout, with a key generated once (never overwritten, so sessions survive).
var/local.env: | $(PY)
	@mkdir -p var
	@umask 077 && printf '# Development only, written by make: DEBUG on and a local key. Never copy to a server.\nDEBUG=1\nSECRET_KEY=%s\n' \
		"$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote $@ (DEBUG=1 and a generated SECRET_KEY for this checkout)."

run: $(VENV)/.runtime-installed var/local.env
	@mkdir -p var/static var/media
	$(MANAGE) compile_catalogue
	$(MANAGE) migrate --no-input
	$(MANAGE) load_delgosea
	$(MANAGE) build_renditions
	@$(MANAGE) ensure_local_admin
	@echo "Serving the DELGOSEA Knowledge Portal on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev-installed var/local.env
	@mkdir -p var/static var/media
	@# axe-core for the accessibility tests, vnu.jar for the HTML check; without npm (or Java) those tests skip and
	@# say why (CI installs both).
	@if { [ ! -d node_modules/axe-core ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; } && command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error || true; fi
	$(MANAGE) compile_catalogue
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.dev-installed var/local.env
	$(MANAGE) makemessages -l th --no-location --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=node_modules --extension=html,txt,py,svg
	$(MANAGE) compile_catalogue

backup: $(VENV)/.runtime-installed
	$(MANAGE) backup_portal

restore: $(VENV)/.runtime-installed
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/<timestamp>"; exit 2; }
	$(MANAGE) migrate --no-input
	$(MANAGE) restore_portal "$(BACKUP)"
	@# A backup made before renditions were made at upload may lack some; pages show the originals meanwhile.
	$(MANAGE) build_renditions

# Not part of `make test`: it takes a minute and needs PostgreSQL and wrk (installed here if missing).
loadtest: $(VENV)/.runtime-installed
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(PY) scripts/loadtest.py

# Not part of `make test`: about four minutes; see docs/performance.md. Needs wrk (installed here when run as root).
bench: $(VENV)/.runtime-installed
	@command -v wrk >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(PY) scripts/bench.py

# Not part of `make test`: under a minute, no database. See docs/performance.md.
image-memory: $(VENV)/.runtime-installed
	$(PY) scripts/image_memory.py

# Not part of `make test`: about a minute; needs PostgreSQL. See docs/performance.md.
db-fault-drill: $(VENV)/.runtime-installed
	$(PY) scripts/db_fault_drill.py

# Not part of `make test`: about five minutes. Needs Node 18 or 20 (Lighthouse is pinned in package.json) and Chromium.
lighthouse: $(VENV)/.runtime-installed
	@[ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund --loglevel=error
	$(PY) scripts/lighthouse.py

# Not part of `make test`: about a minute; needs PostgreSQL and redis-server (moto, the object store, is a dev
# requirement). Two gunicorn instances on one database, page cache and bucket, proven over HTTP (scripts/cluster.py).
cluster: $(VENV)/.dev-installed
	$(PY) scripts/cluster.py
