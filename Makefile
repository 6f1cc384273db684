# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
RUNTIME := $(VENV)/.runtime
DEV     := $(VENV)/.dev

.PHONY: install install-dev run test bench fuzz lint clean browser

# `make run` needs the runtime only; the test and lint tools come with `make test` / `make lint`.
$(RUNTIME): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(RUNTIME)

$(DEV): $(RUNTIME)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(DEV)

install: $(RUNTIME)
install-dev: $(DEV)

# The main job on the bundled samples with the embedded defaults.
# `make run PORT=8080` serves on another port (so does KG_PORT=8080).
run: install
	$(KG) run data/samples --store var/store $(if $(PORT),--port $(PORT))

test: install-dev browser
	$(PY) -m pytest -n 2 -q

# The viewer test drives Debian's Chromium headless (Playwright never downloads a browser here);
# a CJK font makes the names legible in its screenshots.
browser:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi wenquanyi; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium fonts-wqy-microhei >/dev/null; \
	else echo "note: /usr/bin/chromium missing and cannot apt-get install it; the viewer test will be skipped"; fi

bench: install-dev
	$(PY) bench/run_all.py

# The long fuzz campaign (10^5 generated examples over reading, repair, normalisation, extraction);
# figures appended to bench/results/fuzz.md.
fuzz: install-dev
	$(PY) bench/fuzz_campaign.py

lint: install-dev
	$(VENV)/bin/ruff check kg api tests bench
	$(VENV)/bin/mypy kg api

clean:
	rm -rf var build *.egg-info .pytest_cache
