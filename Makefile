# The serverless designer. Two commands: `make run` and `make test`. Both set up .venv/ first.

PYTHON  ?= python3
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup setup-node run test lint lock bench golden loadtest fuzz fuzz-web

help:
	@echo "make run    start the designer on http://127.0.0.1:8000 (PORT=…), with its Celery worker and AWS sandbox"
	@echo "make test   run the test suite (pass pytest options with ARGS=\"-k name\")"
	@echo "make lint   ruff and mypy"
	@echo "make setup  create .venv/ and install the project (done by run and test)"
	@echo "make lock   rewrite constraints.txt from .venv/ after changing dependencies"
	@echo "make bench  speed figures: engine (render, zip, whole CLI process), advisor and cost, deploy (confirm → success)"
	@echo "make golden rewrite tests/golden/ from the renderers (review the diff)"
	@echo "make fuzz-web  1,000 fuzzed wizard POSTs and schemathesis (100 per operation, all checks): figures"
	@echo "make fuzz   10,000 hostile design documents through the engine: counts by outcome, peak memory, slowest case"
	@echo "            (FUZZ_CASES=2000 FUZZ_SEED=1 to change; ARGS=\"--seconds 5\" for the per-case time limit;"
	@echo "            ARGS=\"--only N\" reruns case N alone)"
	@echo "make loadtest  50 users for 60 s against gunicorn on 127.0.0.1: throughput and p50/p95/p99 per endpoint"

# ---------------------------------------------------------------- setup
setup: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[sandbox,dev]'
	@touch $@

# The npm packages generated TypeScript and CDK projects use, installed once (var/node-toolchain/, pinned by
# generators/templates/typescript/npm/package-lock.json) and linked into each generated project by the tests.
setup-node:
	@scripts/node_toolchain.sh

# ---------------------------------------------------------------- day to day
run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	@$(PY) manage.py first_user
	@$(PY) manage.py sandbox_target
	@scripts/run.sh

test: setup setup-node
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: running them in $$(/usr/bin/chromium --version 2>/dev/null | head -1)"; \
	else echo "Browser tests: SKIPPED, /usr/bin/chromium is not installed (apt-get install chromium)"; fi
	@scripts/test.sh $(ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

lock: setup
	$(PY) -m pip freeze --exclude-editable --disable-pip-version-check | sort --ignore-case > constraints.txt

# ---------------------------------------------------------------- engine
bench: setup
	$(PY) -m benchmarks.engine_bench
	@if [ -f benchmarks/advisor_bench.py ]; then $(PY) -m benchmarks.advisor_bench; fi
	$(PY) -m benchmarks.compose_bench
	$(PY) -m benchmarks.import_bench
	$(PY) -m benchmarks.deploy_bench

golden: setup
	UPDATE_GOLDEN=1 $(VENV)/bin/pytest -q tests/engine/test_golden.py
	@git status --short tests/golden | head -20

FUZZ_CASES ?= 10000
FUZZ_SEED  ?= 0
fuzz: setup
	$(PY) -m tests.fuzz.run --cases $(FUZZ_CASES) --seed $(FUZZ_SEED) $(ARGS)

# the web side of issue 18, as a measurement: 1,000 fuzzed wizard POSTs (200 per project type) and schemathesis
# with every check and 100 examples per API operation; prints the figures (a bounded slice runs in `make test`)
fuzz-web: setup
	WIZARD_FUZZ_EXAMPLES=200 SCHEMATHESIS_EXAMPLES=100 SCHEMATHESIS_CHECKS=all $(VENV)/bin/pytest -q -s \
		tests/web/designs/test_wizard_fuzz.py tests/portal/test_api_schemathesis.py

# ---------------------------------------------------------------- web speed (a benchmark, not a test)
LOADTEST_STAMP := $(VENV)/.installed-loadtest

$(LOADTEST_STAMP): pyproject.toml constraints.txt | $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[sandbox,dev,loadtest]'
	@touch $@

loadtest: setup $(LOADTEST_STAMP)
	$(PY) -m benchmarks.loadtest.run $(ARGS)
