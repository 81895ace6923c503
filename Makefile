.PHONY: help run test setup bench openapi
help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' Makefile | sed 's/:.*## /\t/'
run:  ## set up and run the app with the demo district (SQLite, Celery eager)
	bin/run
test:  ## ruff, makemigrations --check, pytest (SQLite; and PostgreSQL + worker when configured)
	bin/test
setup:  ## install Python and npm dependencies into .venv and node_modules
	bin/setup --dev
bench:  ## speed ratios against raw openpyxl baselines (Lighthouse: bench/lighthouse.py)
	.venv/bin/python bench/ledger.py && .venv/bin/python bench/export.py
openapi:  ## regenerate docs/openapi.yaml from the API's code (a test fails when it differs)
	.venv/bin/python manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml
