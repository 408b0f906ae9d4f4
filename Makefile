# Taut: `make demo` to try it, `make test` to check it. Both set everything up from a fresh clone.
.PHONY: demo test test-postgres check fmt serve docs bench clean help

VENV := .venv/bin
PY := $(VENV)/python
export DJANGO_SETTINGS_MODULE ?= taut.settings

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

.venv/.installed: pyproject.toml uv.lock scripts/bootstrap.sh
	@./scripts/bootstrap.sh
	@touch $@

demo: .venv/.installed  ## install, migrate, load the demo clinics, print the logins and serve on http://127.0.0.1:8000
	$(VENV)/taut demo

serve: .venv/.installed  ## serve with gunicorn (set TAUT_SECRET_KEY and friends first; see README)
	$(VENV)/taut serve

test: .venv/.installed  ## lint, type-check, import contract, migrations check, then the whole test suite on SQLite
	@./scripts/ensure-chromium.sh
	@$(MAKE) --no-print-directory check
	DJANGO_SETTINGS_MODULE=taut.settings_test $(VENV)/pytest

test-postgres: .venv/.installed  ## the test suite on PostgreSQL (DATABASE_URL, the local server, or a throwaway cluster)
	@./scripts/ensure-chromium.sh
	DJANGO_SETTINGS_MODULE=taut.settings_test ./scripts/with-postgres.sh $(VENV)/pytest

check: .venv/.installed  ## ruff, mypy, import-linter, makemigrations --check
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/mypy
	$(VENV)/lint-imports
	TAUT_DEBUG=true DJANGO_SETTINGS_MODULE=taut.settings_test $(PY) manage.py makemigrations --check --dry-run

fmt: .venv/.installed  ## format and fix what ruff can
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .

docs: .venv/.installed  ## regenerate docs/clinical-sources.md from the kernel
	$(PY) -c "from taut.clinical.sources import render_markdown; import sys; sys.stdout.write(render_markdown())" > docs/clinical-sources.md

clean:  ## remove the environment and local data (the demo database too)
	rm -rf .venv .tools var test-artifacts

bench: .venv/.installed  ## run the benchmarks in bench/ (numbers go in docs/performance.md)
	$(PY) bench/patient_search.py 10000
	$(PY) bench/outcomes_progress.py
	$(PY) bench/treatment.py
	$(PY) bench/pages.py
