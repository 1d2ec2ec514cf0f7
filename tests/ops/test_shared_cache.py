"""With GRIP_CACHE_URL pointing at Redis, two processes (two web workers or two machines) share
lock-out counters and used second-factor codes. Each test runs two separate interpreters
against the real Redis on loopback; the local-memory control shows the test would catch the
problem it guards against."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool

from django.conf import settings

from grip.accounts.devices import DEMO_TOTP_SECRET, current_code
from tests.ops.cache_processes import start_process, try_password, use_totp_code
from tests.ops.redis_support import fresh_prefix, require_redis


@contextmanager
def process(environment: dict[str, str]) -> Iterator[Pool]:
    """One separate process (its own interpreter, its own cache connection)."""
    pool = multiprocessing.get_context("spawn").Pool(1, start_process, (environment,))
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


@contextmanager
def two_processes(environment: dict[str, str]) -> Iterator[tuple[Pool, Pool]]:
    with process(environment) as first, process(environment) as second:
        yield first, second


def fresh_code(*pools: Pool) -> str:
    """The current code, once both processes are up and with time left in its 30 seconds
    (allauth accepts only the current period: a slow start must not let it expire)."""
    for pool in pools:
        pool.apply(os.getpid)
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.1)
    return current_code()


def redis_environment() -> dict[str, str]:
    return {"GRIP_CACHE_URL": require_redis(), "GRIP_CACHE_KEY_PREFIX": fresh_prefix()}


def test_settings_choose_redis_from_grip_cache_url() -> None:
    # The test settings run without GRIP_CACHE_URL: local memory, the embedded default.
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_a_second_factor_code_cannot_be_used_twice_across_processes() -> None:
    with two_processes(redis_environment()) as (first, second):
        code = fresh_code(first, second)
        first_pid, first_ok = first.apply(use_totp_code, (DEMO_TOTP_SECRET, 4242, code))
        second_pid, second_ok = second.apply(use_totp_code, (DEMO_TOTP_SECRET, 4242, code))
    assert first_pid != second_pid
    assert first_ok is True
    assert second_ok is False  # the other process saw it used


def test_lock_out_counts_failures_from_every_process() -> None:
    attempts = settings.GRIP_LOGIN_ATTEMPTS
    with two_processes(redis_environment()) as (first, second):
        # The failures alternate between the processes: each sees only half of them itself.
        results = [
            (first if attempt % 2 else second).apply(try_password, ("persona-analyst",))
            for attempt in range(attempts)
        ]
        assert all(allowed for _pid, allowed in results)
        assert len({pid for pid, _allowed in results}) == 2
        assert first.apply(try_password, ("persona-analyst",))[1] is False
        assert second.apply(try_password, ("persona-analyst",))[1] is False
        # Another user name is not locked by them.
        assert first.apply(try_password, ("persona-coordinator",))[1] is True


def test_without_a_shared_cache_each_process_counts_alone() -> None:
    """The control: with the local-memory default the second process accepts the code again,
    which is why production with several workers sets GRIP_CACHE_URL."""
    with two_processes({"GRIP_CACHE_URL": ""}) as (first, second):
        code = fresh_code(first, second)
        assert first.apply(use_totp_code, (DEMO_TOTP_SECRET, 4242, code))[1] is True
        assert second.apply(use_totp_code, (DEMO_TOTP_SECRET, 4242, code))[1] is True
