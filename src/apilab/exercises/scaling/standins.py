"""Exercise 3's stand-in apps: while the learner's measurement runs again, each request it makes is answered by
the grader itself, after a delay only the grader knows.

``StandIns`` listens on a Unix socket in a folder of the grader's. The stand-in
app file (``app_source``) that replaces each of the learner's app files holds
nothing but that socket's path: for each request it connects, says which
framework it stands in for, and returns what the grader sends after a secret
delay (drawn anew for each run). The grader counts the requests it answered;
neither the count nor the delay can be written by the learner's code, which
runs in the verification process, not here.
"""

from __future__ import annotations

import json
import secrets
import shutil
import socket
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

# The secret delay of a run is drawn from this range: long beside the apps' own latency (a few ms), short beside the
# notebook's shortest level while graded (0.25 s when a learner halves SECONDS_PER_LEVEL), so a request completes.
DELAY_RANGE_MS = (100.0, 200.0)
IN_FLIGHT = 128  # requests answered at once; more are refused (their server then fails them)
MOST_REQUESTS = 20_000  # connections taken in one run (answered or not); later ones are refused
TAGS = {"scaling_flask.py": "flask", "scaling_django.py": "django"}

APP_SOURCE = '''"""GET /api/products/."""
import socket

ADDRESS = {address!r}
TAG = {tag!r}


def app(environ, start_response):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(30)
        connection.connect(ADDRESS)
        connection.sendall(TAG.encode() + b"\\n")
        body = b""
        while chunk := connection.recv(65536):
            body += chunk
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


application = app
'''


def app_source(file_name: str, address: str) -> str:
    """The stand-in for the app file ``file_name``, asking the grader at ``address``."""
    return APP_SOURCE.format(tag=TAGS[file_name], address=address)


class StandIns:
    """The grader's side of the stand-in apps: answers each request after ``delay_ms`` (about), counts them."""

    def __init__(self, products: list, delay_ms: float | None = None):
        self.delay_ms = delay_ms if delay_ms is not None else secrets.SystemRandom().uniform(*DELAY_RANGE_MS)
        self.body = json.dumps(products).encode()
        self.served: Counter[str] = Counter()
        self.accepted = 0
        self._folder = Path(tempfile.mkdtemp(prefix="apilab-standins-"))
        self.address = str(self._folder / "answers")
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(self.address)
        self._listener.listen(IN_FLIGHT)
        self._listener.settimeout(0.2)
        self._slots = threading.BoundedSemaphore(IN_FLIGHT)
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def __enter__(self) -> StandIns:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1  # every connection counts, answered or not
            if self.accepted > MOST_REQUESTS or not self._slots.acquire(blocking=False):
                connection.close()
                continue
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        try:
            connection.settimeout(5)
            tag = connection.recv(16).strip().decode("ascii", "replace")
            if tag not in TAGS.values():
                return
            time.sleep(self.delay_ms / 1000 * secrets.SystemRandom().uniform(0.95, 1.05))
            with self._lock:
                self.served[tag] += 1
            connection.sendall(self.body)
        except OSError:
            pass
        finally:
            connection.close()
            self._slots.release()

    def stop(self) -> None:
        """Stop answering; remove the socket."""
        self._stopped.set()
        self._listener.close()
        self._thread.join(timeout=5)
        shutil.rmtree(self._folder, ignore_errors=True)
