"""gunicorn's settings for the Flask build (``gunicorn --config flask_gunicorn.conf.py ...``).

A gunicorn configuration file is Python; every name below is a gunicorn
setting. ``GUNICORN_CMD_ARGS`` and the command line still override it (the
Kubernetes pod binds to 127.0.0.1, behind its Nginx, that way).
"""

import os

# In the image: every interface of the container, on the EXPOSEd port.
bind = "0.0.0.0:8000"
# Sync workers: one request at a time each, so a slow client would hold one for as
# long as it takes to send or read; the buffering Nginx in front absorbs slow clients.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 30  # a worker silent this long is killed and replaced
graceful_timeout = 20  # on SIGTERM, in-flight requests get this long to finish
accesslog = "-"  # the access log goes to stdout, where the platform collects it
# gunicorn itself believes X-Forwarded-Proto only from these addresses: the Nginx in
# the same pod or container host. (The app's ProxyFix makes the same choice.)
forwarded_allow_ips = "127.0.0.1"
# Heartbeat files in memory, not on a read-only or slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
