"""A heartbeat: proves the consumer runs and can reach the database."""

from __future__ import annotations

from huey import crontab

from clinic.health import check_database
from tasks import app_task, huey, log


@app_task()
def ping(token: str) -> dict:
    """Round trip through the queue: echo ``token`` with the database's answer."""
    return {"token": token, "database": check_database()}


@huey.periodic_task(crontab(minute="*/15"))
def heartbeat() -> None:
    log.info("clinic worker heartbeat")
