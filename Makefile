# The two commands of the README: `make run` starts the app, `make test` runs every test.
# Both build .venv from the repo's own requirement files and are safe to run again.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test venv test-venv browser

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# The gazetteer's indexes (the world layer: ~30 s, once) are built into ~/.cache/mapapp (or $$MAPAPP_CACHE)
# here rather than at the first command; a no-op once built.
venv: $(VENV)/.runtime
	$(PY) -m mapapp gazetteer list >/dev/null
test-venv: $(VENV)/.test venv

# Debian's chromium for the browser tests; Playwright drives it, it never downloads a browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

run: venv
	$(PY) -m streamlit run mapapp/app.py --server.address $(HOST) --server.port $(PORT) \
	  --server.headless true --browser.gatherUsageStats false

test: test-venv browser
	MAPAPP_REQUIRE_BROWSER=1 $(PY) -m pytest -n 2 -q
