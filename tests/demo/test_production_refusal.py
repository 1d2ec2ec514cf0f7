"""The demo's commands refuse production mode (issue 22, finding 6): ``demo`` would create
accounts with the published password and second-factor secret, ``demo_code`` would print
codes for that secret."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from grip.accounts.devices import give_totp
from tests.accounts.test_hardening import ROOT, _production_env

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("command", ["demo", "demo_code"])
def test_demo_commands_refuse_production(settings, command: str) -> None:
    settings.IS_PRODUCTION = True
    user = get_user_model().objects.create_user(username="coordinator", password="x")
    give_totp(user)  # the demo secret: outside production demo_code would print its code
    out = StringIO()
    args = ["coordinator"] if command == "demo_code" else []
    with pytest.raises(CommandError, match="niet in productie"):
        call_command(command, *args, stdout=out)
    assert out.getvalue() == ""
    assert get_user_model().objects.count() == 1  # no demo user was made


def test_demo_code_still_works_in_development(settings) -> None:
    settings.IS_PRODUCTION = False
    user = get_user_model().objects.create_user(username="coordinator", password="x")
    give_totp(user)
    out = StringIO()
    call_command("demo_code", "coordinator", stdout=out)
    assert out.getvalue().strip().isdigit()


@pytest.mark.parametrize("command", [["demo"], ["demo_code", "coordinator"]])
def test_manage_py_exits_non_zero_with_a_clear_message(tmp_path: Path, command) -> None:
    """The real entry point under GRIP_ENV=production: exit status 1, the reason on stderr,
    and not even the database file is created (the refusal comes before any read)."""
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *command],
        env=_production_env(GRIP_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "niet in productie" in result.stderr
    assert "GRIP_ENV=production" in result.stderr
    assert result.stdout == ""
    assert not any(tmp_path.glob("*.sqlite3"))
