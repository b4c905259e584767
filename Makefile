# Two commands: `make run` (set up, build the demo store if missing, start the app) and
# `make test` (set up, system packages included, run the whole suite). Both work as root on a fresh Debian.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test venv venv-dev system-deps demo bench bench-kiosk clean

run: venv
	$(PY) -m dashboard demo --if-missing
	$(VENV)/bin/streamlit run streamlit_app.py --server.port $(PORT)

test: system-deps venv-dev
	$(PY) -m pytest -n 2  # two workers: the machine has 2 cores

# The venv is rebuilt when a requirements file changes (stamp files).
venv: $(VENV)/.run-installed
venv-dev: $(VENV)/.dev-installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.run-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.run-installed $@

# The browser tests drive Debian's chromium (never a downloaded browser) and need CJK fonts.
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "Installing chromium and fonts-noto-cjk (Debian packages)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

demo: venv
	$(PY) -m dashboard demo --out $${DASHBOARD_DB:-data/dashboard.duckdb} --force

bench: venv-dev
	$(PY) -m scripts.bench

bench-kiosk: venv-dev system-deps
	$(PY) -m scripts.bench_kiosk --minutes $${MINUTES:-30}

clean:
	rm -rf $(VENV) .pytest_cache
