"""Background jobs, run by the Huey consumer: ``huey_consumer tasks.huey``.

The queue is Redis when ``REDIS_URL`` is set, else a SQLite file under ``instance/``
(the embedded default, no server needed). Tasks run inside an app context and take
ids, never ORM objects.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from dotenv import load_dotenv
from huey import Huey, RedisHuey, SqliteHuey

from config import BaseConfig, load_config

load_dotenv()
log = logging.getLogger("clinic.tasks")


def make_huey(config: BaseConfig) -> Huey:
    if config.REDIS_URL:
        return RedisHuey(config.HUEY_NAME, url=config.REDIS_URL)
    Path(config.HUEY_SQLITE_PATH).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(config.HUEY_NAME, filename=config.HUEY_SQLITE_PATH)


_config = load_config()
huey = make_huey(_config)


@functools.cache
def flask_app():
    """One app per worker process, made on first use (not at import)."""
    from clinic import create_app

    return create_app(_config)


def app_task(*task_args, **task_kwargs):
    """``huey.task`` whose body runs inside the Flask app context."""

    def decorator(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            with flask_app().app_context():
                return func(*args, **kwargs)

        return huey.task(*task_args, **task_kwargs)(run)

    return decorator


from tasks import heartbeat  # noqa: E402,F401 - registers the tasks with huey
