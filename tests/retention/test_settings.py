"""Retention periods: the cut-off arithmetic and the start-up checks."""

from __future__ import annotations

import datetime as dt

from grip.retention.checks import retention_periods
from grip.retention.classes import ACCESS_LOG, NOTIFICATION_LOG, SITUATION, years_before


def test_years_before_keeps_the_calendar_moment() -> None:
    moment = dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC)
    assert years_before(moment, 5) == dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC)
    leap = dt.datetime(2032, 2, 29, 8, tzinfo=dt.UTC)
    assert years_before(leap, 5) == dt.datetime(2027, 2, 28, 8, tzinfo=dt.UTC)


def test_cutoffs_follow_the_settings(settings) -> None:
    now = dt.datetime(2031, 7, 1, 10, tzinfo=dt.UTC)
    settings.GRIP_RETENTION_SITUATION_YEARS = 7
    settings.GRIP_RETENTION_NOTIFICATION_LOG_DAYS = 10
    assert SITUATION.cutoff(now) == dt.datetime(2024, 7, 1, 10, tzinfo=dt.UTC)
    assert NOTIFICATION_LOG.cutoff(now) == dt.datetime(2031, 6, 21, 10, tzinfo=dt.UTC)


def test_defaults_pass_the_checks() -> None:
    assert retention_periods() == []
    assert ACCESS_LOG.period == 5


def test_access_log_below_five_years_is_refused(settings) -> None:
    settings.GRIP_RETENTION_ACCESS_LOG_YEARS = 4
    assert [error.id for error in retention_periods()] == ["grip.retention.E002"]


def test_a_period_below_one_is_refused(settings) -> None:
    settings.GRIP_RETENTION_TRAJECTORY_YEARS = 0
    assert [error.id for error in retention_periods()] == ["grip.retention.E001"]
