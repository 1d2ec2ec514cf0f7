"""Gunicorn's configuration for Grip (docs/adr/0080-production-server.md, docs/deploy.md).

Start with ``gunicorn -c deploy/gunicorn.conf.py`` (``make serve``). Every value can be changed
through the environment, so the systemd unit and CI set them without editing this file.
Static files are served by WhiteNoise inside the application; run ``manage.py collectstatic``
first in production.
"""

from __future__ import annotations

import os

wsgi_app = "grip.wsgi:application"

# GRIP_BIND: where gunicorn listens; behind the TLS proxy, on loopback only.
bind = os.environ.get("GRIP_BIND", "127.0.0.1:8000")
# GRIP_WEB_WORKERS: processes; each holds its own database connection (the cache is shared when
# GRIP_CACHE_URL is set). Two per CPU core is gunicorn's advice for an I/O-bound application.
workers = int(os.environ.get("GRIP_WEB_WORKERS", str(2 * (os.cpu_count() or 1))))
# Threads let a worker answer a second request while the first waits on the database.
threads = int(os.environ.get("GRIP_WEB_THREADS", "2"))
# GRIP_WEB_TIMEOUT: a request taking longer is killed. Large imports and PDFs run as background
# tasks, so no request should come near this.
timeout = int(os.environ.get("GRIP_WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter), so slow leaks never add up.
max_requests = int(os.environ.get("GRIP_WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The request body limit is the application's (GRIP_IMPORT_MAX_MB); header limits as default.
limit_request_line = 8190

# Only the proxy on this machine may set X-Forwarded-* (Django trusts X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GRIP_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Grip logs each request itself as one JSON line (grip.logs); gunicorn's own access log would
# repeat it with the query string, which may hold search terms, so it stays off.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GRIP_LOG_LEVEL", "info").lower()
# Imports the application before forking: workers share its memory, and a broken setting
# (GRIP_ENV=production without keys) stops the server at once instead of in every worker.
preload_app = True
