# Two commands: `make run` (set up, build the demo store if missing, start the app as scripts/serve.py does for
# the service: address and port from the settings, default 127.0.0.1:8501; PORT=8600 overrides the port) and
# `make test` (set up, system packages included, run the whole suite). Both work as root on a fresh Debian.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?=

.PHONY: run test venv venv-dev system-deps system-run-deps demo bench bench-reliability bench-kiosk clean

run: system-run-deps venv
	$(PY) -m dashboard demo --if-missing
	$(if $(PORT),DASHBOARD_SERVER_PORT=$(PORT) )$(PY) -m scripts.serve

test: system-deps venv-dev
	$(PY) -m pytest -n 2 --durations=30  # two workers: the machine has 2 cores; the 30 slowest listed (the suite's budget is ~15 min)

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

# The app draws the charts of its meeting snapshots (dashboard/meeting.py) with Debian's chromium and CJK fonts; without
# them (not root, no apt) it still runs and the snapshots say the chart could not be drawn.
system-run-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "Installing chromium and fonts-noto-cjk (Debian packages, for the meeting snapshots' charts)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) \
			|| echo "chromium not installed: meeting snapshots will be made without their chart"; \
	fi

# The browser tests drive Debian's chromium (never a downloaded browser) and need CJK fonts. The Word
# documents are laid out by LibreOffice to count their pages (about 250 MB, a minute or two the first time).
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "Installing chromium and fonts-noto-cjk (Debian packages)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	fi
	@if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null; then \
		echo "Installing libreoffice-writer-nogui and poppler-utils (Debian packages)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			libreoffice-writer-nogui poppler-utils; \
	fi

demo: venv
	$(PY) -m dashboard demo --out $${DASHBOARD_DB:-data/dashboard.duckdb} --force

# The speed table (README "Speed"): demo stores at scale 1, 60 and 700 built once into /tmp and reused (pass
# BENCH_ARGS= to rebuild them), every page cold and warm, the ledger beside its pandas peer, 20 browser tabs.
BENCH_ARGS ?= --reuse
bench: venv-dev system-deps
	$(PY) -m scripts.bench $(BENCH_ARGS)
	$(PY) -m scripts.bench_reliability

# 50 writing sessions for 60 s, 20 kill -9 of each kind, a backup under load restored (README "Reliability")
bench-reliability: venv-dev
	$(PY) -m scripts.bench_reliability all --sessions $${SESSIONS:-50} --seconds $${DURATION:-60} --cycles $${CYCLES:-20}

bench-kiosk: venv-dev system-deps
	$(PY) -m scripts.bench_kiosk --minutes $${MINUTES:-30}

clean:
	rm -rf $(VENV) .pytest_cache
