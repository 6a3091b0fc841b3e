"""The Huey consumer, as a real process, on the embedded SQLite queue and on real Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.services import unavailable

ROOT = Path(__file__).resolve().parent.parent
CONSUMER = Path(sys.executable).with_name("huey_consumer")

# Enqueue, then wait for the worker's answer; prints it as JSON.
PRODUCER = """
import json, sys
from tasks.heartbeat import ping
result = ping(sys.argv[1])
print(json.dumps(result.get(blocking=True, timeout=float(sys.argv[2]))))
"""


def _env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        ENVIRONMENT="development",
        DATABASE_URL=database_url,
        INSTANCE_DIR=str(tmp_path / "instance"),
        HUEY_NAME=f"clinic-test-{uuid.uuid4().hex[:8]}",
        **extra,
    )
    return env


@contextmanager
def consumer(env):
    process = subprocess.Popen(
        [str(CONSUMER), "tasks.huey", "-w", "1", "-k", "thread", "-d", "0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def produce(env, token: str, timeout: float = 30.0) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", PRODUCER, token, str(timeout)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _answer(producer: subprocess.Popen) -> dict:
    out, err = producer.communicate(timeout=60)
    assert producer.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def _round_trip_survives_a_worker_that_starts_late(env, check_queued=None):
    # Enqueue while no worker runs: the job must wait in the queue, not be lost.
    producer = produce(env, "queued-before-start")
    time.sleep(1.5)
    assert producer.poll() is None, "the job finished without a worker"
    if check_queued:
        check_queued()
    with consumer(env):
        assert _answer(producer) == {"token": "queued-before-start", "database": True}
        # A second job through the now-running worker.
        assert _answer(produce(env, "second")) == {"token": "second", "database": True}


def test_worker_round_trip_on_embedded_sqlite_queue(database_url, app, tmp_path):
    env = _env(database_url, tmp_path, HUEY_SQLITE_PATH=str(tmp_path / "huey.db"))
    _round_trip_survives_a_worker_that_starts_late(env)
    assert (tmp_path / "huey.db").exists()


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis at {url} is unreachable: {exc}")
    finally:
        client.close()
    return url


@pytest.mark.redis
def test_worker_round_trip_on_real_redis(database_url, app, tmp_path, redis_url):
    env = _env(database_url, tmp_path, REDIS_URL=redis_url)
    client = redis.Redis.from_url(redis_url)
    queue = f"huey.redis.{env['HUEY_NAME'].replace('-', '')}"

    def one_job_waits_in_redis():
        assert client.llen(queue) == 1, client.keys("huey.*")

    try:
        _round_trip_survives_a_worker_that_starts_late(env, one_job_waits_in_redis)
    finally:
        keys = client.keys(f"huey.*{env['HUEY_NAME'].replace('-', '')}*")
        if keys:
            client.delete(*keys)
        client.close()
