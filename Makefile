# Two commands on a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
TSTAMP  := $(VENV)/.installed-test
PORT    ?= 8501

.PHONY: run serve-household test lint bench demo clean chromium

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Only this machine can reach `make run`; `make serve-household` is the way onto the Wi-Fi.
run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1 \
	  --server.headless true --browser.gatherUsageStats false

# The local network over HTTPS with a self-signed certificate (made once, kept in data/tls/);
# prints the address(es) and the certificate's SHA-256 fingerprint to check on the phone.
HOUSEHOLD_PORT ?= 8502
serve-household: $(STAMP)
	$(BIN)/python -m journal.cli.household --port $(HOUSEHOLD_PORT)

# Browser tests need Chromium; Playwright cannot download its own here, so use Debian's.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "warning: /usr/bin/chromium missing and not root; browser tests will be skipped"; fi; \
	fi

test: $(TSTAMP) chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(TSTAMP)
	$(BIN)/ruff check .

# Speed and fault benchmarks (outside the package): page speed (server-side, then in Chromium
# next to a bare Streamlit app), then imports and crash loops.
bench: $(TSTAMP) chromium
	$(BIN)/python -m benchmarks.pages
	$(BIN)/python -m benchmarks.browser
	$(BIN)/python -m benchmarks.data

demo: $(STAMP)
	$(BIN)/python -m journal demo --db $${JOURNAL_DB:-data/journal.duckdb} --profile demo --passphrase demo-passphrase --years 2

clean:
	rm -rf $(VENV)
