"""Background work of the actions app (Celery). Tasks take ids and record their outcome."""

from celery import shared_task

from actions.ledger.jobs import execute_ledger_import


@shared_task
def run_ledger_import(import_id: int) -> str:
    """Run a confirmed ledger import (台账导入); a repeated delivery finds it done."""
    return execute_ledger_import(import_id).status
