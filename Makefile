# Two commands: `make run` (the marketplace with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install dev-install clean

$(VENV)/.runtime: pyproject.toml requirements.lock
	@bash scripts/bootstrap.sh "$(PYTHON)" "$(VENV)" requirements.lock
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(BIN)/pip install -q -r requirements-dev.lock
	@touch $@

install: $(VENV)/.runtime
dev-install: $(VENV)/.dev

run: $(VENV)/.runtime
	$(BIN)/niaga migrate --noinput -v0
	$(BIN)/niaga collectstatic --noinput -v0
	@# /metrics is closed without a token: a development one, made once, unless one is set.
	@test -s var/metrics_token || (umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(32))" > var/metrics_token)
	HOST=$(HOST) PORT=$(PORT) NIAGA_METRICS_TOKEN="$${NIAGA_METRICS_TOKEN:-$$(cat var/metrics_token)}" $(BIN)/niaga load_demo
	@rm -rf var/prometheus && mkdir -p var/prometheus  # metrics summed over the worker processes
	@# The Procfile's processes under supervisord (scripts/procs.py): one that crashes is started
	@# again while the others keep serving. The site's address, for links in e-mails and the
	@# sandbox's calls, is fixed here for all of them; the sandbox listens on PORT+1.
	PATH="$(abspath $(BIN)):$$PATH" HOST=$(HOST) PORT=$(PORT) NIAGA_PUBLIC_URL="$${NIAGA_PUBLIC_URL:-http://$(HOST):$(PORT)}" \
	  NIAGA_METRICS_TOKEN="$${NIAGA_METRICS_TOKEN:-$$(cat var/metrics_token)}" \
	  PROMETHEUS_MULTIPROC_DIR="$(abspath var/prometheus)" $(BIN)/python scripts/procs.py Procfile

test: $(VENV)/.dev
	@bash scripts/test.sh

clean:
	rm -rf $(VENV) var
