# The two commands in the README: `make site` builds the site, `make test` proves it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: site test serve check drafts schema lock clean system-deps lighthouse bench

# The environment is rebuilt only when the pinned versions change.
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

site: $(VENV)/.installed
	$(PY) build.py build

drafts: $(VENV)/.installed
	$(PY) build.py build --drafts --site-dir preview-site

check: $(VENV)/.installed
	$(PY) build.py check

serve: $(VENV)/.installed
	$(PY) build.py serve

# Debian's Chromium, Java and Node.js for the browser tests, installed when missing.
system-deps:
	bash scripts/install-system-deps.sh

# axe-core and the Nu HTML checker, pinned in package-lock.json. Install scripts
# stay off: vnu-jar's would fetch a Java runtime, and the system's Java is used.
node_modules/.installed: package-lock.json | system-deps
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: $(VENV)/.installed system-deps node_modules/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest --durations=15

# Lighthouse scores at the phone preset, as a report (not a test).
lighthouse: site system-deps
	$(PY) bench/lighthouse.py

# How the build scales with 10 to 5,000 synthetic records; writes bench/RESULTS.md.
bench: $(VENV)/.installed system-deps
	$(PY) bench/scale.py --write

schema: $(VENV)/.installed
	$(PY) build.py schema

# After editing requirements.in: install it into a fresh environment and pin what came.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	(echo '# Exact versions of every package; regenerate with `make lock` after changing requirements.in.'; \
	 .lock-venv/bin/pip freeze) > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site preview-site docs/procedures .pytest_cache .mypy_cache .ruff_cache
