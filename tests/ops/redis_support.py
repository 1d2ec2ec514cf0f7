"""The real Redis on loopback for the shared-cache and task tests: skipped with a message when
it is not running, except under CI, where a missing Redis is a failure."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# A database number of its own, so tests never meet a developer's Grip on the same Redis.
REDIS_TEST_DB = 11


def redis_reachable() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def require_redis() -> str:
    """The URL of the test database on the real Redis, or skip (fail under CI)."""
    if not redis_reachable():
        message = f"no Redis on {REDIS_HOST}:{REDIS_PORT} (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI needs it")
        pytest.skip(message)
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_TEST_DB}"


def fresh_prefix() -> str:
    """A key prefix no other test run uses."""
    return f"grip-test-{uuid.uuid4().hex[:12]}"
