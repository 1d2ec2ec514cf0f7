#!/usr/bin/env python
"""Production smoke run: Grip as docs/deploy.md sets it up, driven like a browser would.

Starts gunicorn (deploy/gunicorn.conf.py) and a worker with GRIP_ENV=production, PostgreSQL
(a fresh database, dropped afterwards) and the real Redis on loopback as the shared cache;
logs in through the password and the second factor (TOTP computed here, RFC 6238); uploads a
situations file that the worker imports as a task; waits for its row report; checks
/health/ready, and that the JSON logs hold the request and task lines without the file's
person key. Requests carry ``X-Forwarded-Proto: https`` as the TLS proxy would.

    .venv/bin/python deploy/smoke.py      # needs PostgreSQL and Redis on 127.0.0.1

Exit 0 when everything worked; otherwise the step that failed and the servers' last log lines.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = {"host": "127.0.0.1", "port": "5432", "user": os.environ.get("PGUSER", "postgres")}
REDIS_URL = os.environ.get("GRIP_SMOKE_REDIS_URL", "redis://127.0.0.1:6379/12")
USERNAME, PASSWORD = "smoke-coordinator", secrets.token_urlsafe(16)
TOTP_SECRET = base64.b32encode(secrets.token_bytes(20)).decode()
PERSON_KEY = f"SMOKE-{uuid.uuid4().hex[:10]}"  # must not appear in any log line
STEP_TIMEOUT = 60


class SmokeFailed(Exception):
    pass


def step(text: str) -> None:
    print(f"--- {text}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238: HMAC-SHA1 over the 30-second counter, 6 digits."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def situations_csv() -> bytes:
    columns = ["incident_number", "incident_code", "programme", "municipality", "reported_at",
               "ave_level", "person_key", "risks", "follow_up"]  # fmt: skip
    rows = [
        ["SMOKE-1", "E33", "groninger-hotspot", "GM0014", "2026-01-05T10:00:00+01:00", "3",
         PERSON_KEY, "psychosis", "no"],
        ["SMOKE-2", "E33", "groninger-hotspot", "GM0014", "2026-01-06T11:00:00+01:00", "2",
         PERSON_KEY, "verbal_aggression", "no"],
        ["SMOKE-3", "E33", "groninger-hotspot", "GM0014", "2026-01-07T12:00:00+01:00", "9",
         "", "", "no"],
    ]  # fmt: skip
    lines = [",".join(columns)] + [",".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


class Browser:
    """Just enough of a browser: cookies (also the Secure ones, as behind TLS), the proxy's
    headers, form tokens."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes = b"", content_type: str = ""
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=STEP_TIMEOUT)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "192.0.2.50",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for raw in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(raw)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], str]:
        from urllib.parse import urlencode

        return self.request(
            "POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded"
        )

    def post_file(
        self, path: str, fields: dict[str, str], name: str, data: bytes
    ) -> tuple[int, dict[str, str], str]:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode()
            + f"{value}\r\n".encode()
            for key, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not match:
        raise SmokeFailed("no CSRF token in the form")
    return match.group(1)


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailed(what)


def location(headers: dict[str, str]) -> str:
    target = headers.get("location", "")
    return re.sub(r"^https?://[^/]+", "", target)


def production_environment(tmp: Path, database: str, port: int) -> dict[str, str]:
    secret_dir = tmp / "secrets"
    secret_dir.mkdir()
    (secret_dir / "secret_key").write_text(secrets.token_urlsafe(64))
    (secret_dir / "identity_keys").write_text(
        "k1:" + base64.b64encode(secrets.token_bytes(32)).decode()
    )
    (secret_dir / "pseudonym_key").write_text(base64.b64encode(secrets.token_bytes(32)).decode())
    (secret_dir / "audit_key").write_text(base64.b64encode(secrets.token_bytes(32)).decode())
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIP_")}
    env.update(
        # deploy/grip.env.example, for this machine
        GRIP_ENV="production",
        GRIP_ALLOWED_HOSTS="127.0.0.1",
        GRIP_BASE_URL=f"https://127.0.0.1:{port}",
        DATABASE_URL=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{database}",
        GRIP_CACHE_URL=REDIS_URL,
        GRIP_CACHE_KEY_PREFIX=f"grip-smoke-{database}",
        GRIP_SECRET_KEY_FILE=str(secret_dir / "secret_key"),
        GRIP_IDENTITY_KEYS_FILE=str(secret_dir / "identity_keys"),
        GRIP_PSEUDONYM_KEY_FILE=str(secret_dir / "pseudonym_key"),
        GRIP_AUDIT_KEY_FILE=str(secret_dir / "audit_key"),
        GRIP_VAR_DIR=str(tmp / "var"),
        GRIP_STATIC_ROOT=str(tmp / "static"),
        GRIP_TRUSTED_PROXIES="127.0.0.1",
        GRIP_BIND=f"127.0.0.1:{port}",
        GRIP_WEB_WORKERS="2",
        # Every upload goes to the worker here, however small the file.
        GRIP_IMPORT_INLINE_KB="0",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
        DJANGO_SETTINGS_MODULE="grip.settings",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


CREATE_USER = """
from django.contrib.auth import get_user_model
from grip.accounts.devices import give_totp
from grip.network.models import Membership, Organisation, Programme, Role
user = get_user_model().objects.create_user({username!r}, password={password!r})
membership = Membership.objects.create(
    user=user, organisation=Organisation.objects.get(slug="gemeente-groningen"),
    role=Role.COORDINATOR)
membership.programmes.set(Programme.objects.filter(slug="groninger-hotspot"))
give_totp(user, {secret!r})
"""


def wait_until_live(browser: Browser, processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise SmokeFailed(f"{process.args!r} ended with {process.returncode}")
        try:
            if browser.get("/health/live")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SmokeFailed("gunicorn did not answer /health/live")


def walk(browser: Browser) -> None:
    step("log in: password, then the second factor")
    status, _headers, page = browser.get("/inloggen/")
    expect(status == 200, f"login page: {status}")
    status, headers, _page = browser.post_form(
        "/inloggen/",
        {"csrfmiddlewaretoken": csrf_token(page), "login": USERNAME, "password": PASSWORD},
    )
    expect(status == 302, f"password step: {status}")
    second_step = location(headers)
    status, _headers, page = browser.get(second_step)
    expect(status == 200 and "code" in page.lower(), f"second-factor page: {status}")
    status, headers, _page = browser.post_form(
        second_step, {"csrfmiddlewaretoken": csrf_token(page), "code": totp(TOTP_SECRET)}
    )
    expect(status == 302, f"code step: {status}")
    status, _headers, _page = browser.get("/")
    expect(status == 200, f"home after login: {status}")

    step("upload a situations file: imported by the worker")
    status, _headers, page = browser.get("/triage/import/")
    expect(status == 200, f"upload page: {status}")
    status, headers, _page = browser.post_file(
        "/triage/import/", {"csrfmiddlewaretoken": csrf_token(page)}, "smoke.csv", situations_csv()
    )
    expect(status == 302 and "/triage/import/" in location(headers), f"upload: {status}")
    job_page = location(headers)
    deadline = time.monotonic() + STEP_TIMEOUT
    while True:
        status, headers, page = browser.get(job_page)
        expect(status == 200, f"job page: {status}")
        if "refresh" not in headers:
            break
        expect(time.monotonic() < deadline, "the import did not finish in time")
        time.sleep(1)
    counts = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page))
    expect(counts.get("Nieuw") == "2", f"report: created {counts}")
    expect(counts.get("Afgewezen regels") == "1", f"report: rejected {counts}")
    expect("<code>ave_level</code>" in page, "the rejected row's column is reported")
    print(f"    report: {counts}")

    step("health")
    status, _headers, body = browser.get("/health/ready")
    expect(status == 200, f"/health/ready: {status} {body}")
    ready = json.loads(body)
    expect(ready["checks"] == dict.fromkeys(["database", "migrations", "cache", "keys"], "ok"),
           f"/health/ready: {ready}")  # fmt: skip


def check_logs(web_log: Path, worker_log: Path) -> None:
    step("logs: JSON, request and task lines, no person key")
    lines = []
    for path in (web_log, worker_log):
        text = path.read_text(encoding="utf-8", errors="replace")
        expect(PERSON_KEY not in text, f"the file's person key is in {path.name}")
        lines += [json.loads(raw) for raw in text.splitlines() if raw.startswith("{")]
    requests = [line for line in lines if line.get("event") == "request"]
    uploads = [line for line in requests if line.get("view") == "triage:import_upload"]
    expect(any(line.get("user_id") for line in uploads), "the upload's line names its user")
    expect(
        any(line.get("organisation") == "gemeente-groningen" for line in uploads),
        "the upload's line names the organisation",
    )
    tasks = [line for line in lines if line.get("event") == "task"]
    expect(
        any(t.get("task") == "job:import_situations" and t.get("outcome") == "done" for t in tasks),
        "the worker logged the import task",
    )


def main() -> int:
    database = f"grip_smoke_{int(time.time())}_{os.getpid()}"
    port = free_port()
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="grip-smoke-") as tmp_name:
        tmp = Path(tmp_name)
        env = production_environment(tmp, database, port)
        web_log, worker_log = tmp / "web.log", tmp / "worker.log"
        psql = ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", "postgres",
                "-qc"]  # fmt: skip
        try:
            step(f"fresh database {database}; migrate, static files, reference data, a user")
            subprocess.run([*psql, f"CREATE DATABASE {database}"], check=True)  # noqa: S603
            manage(env, "migrate", "--no-input")
            manage(env, "collectstatic", "--no-input")
            manage(env, "load_reference")
            manage(env, "check", "--deploy", "--fail-level", "WARNING")
            code = CREATE_USER.format(username=USERNAME, password=PASSWORD, secret=TOTP_SECRET)
            manage(env, "shell", "--no-imports", "-c", code)

            step(f"gunicorn on 127.0.0.1:{port} and a worker (GRIP_ENV=production, Redis cache)")
            with web_log.open("wb") as web_out, worker_log.open("wb") as worker_out:
                processes.append(
                    subprocess.Popen(  # noqa: S603
                        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py")],
                        env=env,
                        cwd=ROOT,
                        stdout=web_out,
                        stderr=subprocess.STDOUT,
                    )
                )
                processes.append(
                    subprocess.Popen(  # noqa: S603
                        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.5"],
                        env=env,
                        cwd=ROOT,
                        stdout=worker_out,
                        stderr=subprocess.STDOUT,
                    )
                )
            browser = Browser(port)
            wait_until_live(browser, processes)
            walk(browser)
            check_logs(web_log, worker_log)
            step("production smoke run passed")
            return 0
        except (SmokeFailed, subprocess.CalledProcessError, OSError) as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            for path in (web_log, worker_log):
                if path.exists():
                    tail = path.read_text(errors="replace").splitlines()[-25:]
                    print(f"--- last lines of {path.name}:", *tail, sep="\n", file=sys.stderr)
            return 1
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            subprocess.run([*psql, f"DROP DATABASE IF EXISTS {database}"], check=False)  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
