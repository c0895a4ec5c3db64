"""Run the deployment's own ``nginx.conf`` in front of a local gunicorn, on loopback, to show what it does.

The file the pod runs (``notebooks/deployment/nginx.conf``) is used as it is,
with only its addresses and paths made local: its listeners move to free
127.0.0.1 ports, its upstream to the gunicorn started in the notebook, its
temporary files and pid to a temporary folder, and its certificate to a
self-signed one made with ``openssl`` for ``localhost`` and ``127.0.0.1``::

    with start_process_server("wsgi:application", cwd="deployment", env=env) as app, \\
         start_reverse_proxy(app, "deployment/nginx.conf") as proxy:
        requests.get(proxy.https_url + "/api/products/", verify=proxy.certificate)

``stalled_clients`` opens connections that send half a request and then wait,
as a slow or malicious client does, to show what they do to sync workers with
and without the buffering proxy. Developer notes: nginx runs in the foreground
(``-g 'daemon off;'``) as an ``apilab.serving.managed_process.ManagedProcess``
stopped with SIGQUIT (its graceful shutdown), like ``apilab.serving.nginx``.
"""

from __future__ import annotations

import contextlib
import getpass
import grp
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

from apilab.serving.managed_process import ManagedProcess, ProcessHandle
from apilab.serving.process_servers import accepts_connections, free_port
from apilab.serving.programs import ProgramMissing, require_program
from apilab.serving.servers import HOST

OPENSSL_HINT = "openssl is not installed; install it with: apt-get install openssl  (or: conda install openssl)"


def self_signed_certificate(folder) -> tuple[str, str]:
    """Make a one-day self-signed certificate for localhost and 127.0.0.1 in ``folder``; return (cert, key)."""
    program = shutil.which("openssl")
    if program is None:
        raise ProgramMissing(OPENSSL_HINT)
    certificate, key = os.path.join(folder, "tls.crt"), os.path.join(folder, "tls.key")
    made = subprocess.run(
        [program, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", key, "-out", certificate],
        capture_output=True, text=True, timeout=30)
    if made.returncode != 0:
        raise RuntimeError(f"openssl could not make a certificate: {made.stderr.strip()[-300:]}")
    return certificate, key


def listen_ports(config_text: str) -> list[tuple[int, bool]]:
    """The (port, is TLS) pairs of every ``listen`` directive in an nginx configuration."""
    return [(int(port), bool(ssl)) for port, ssl in
            re.findall(r"^\s*listen\s+(?:[\d.]+:)?(\d+)(\s+ssl)?\s*;", config_text, re.MULTILINE)]


def local_config(config_text: str, folder: str, ports: dict[int, int], upstream_port: int,
                 certificate: str, key: str) -> str:
    """Return ``config_text`` made local: listeners on 127.0.0.1 (``ports`` maps the file's to free ones),
    the upstream at 127.0.0.1:``upstream_port``, /tmp and the certificate paths inside ``folder``."""
    def listen(match: re.Match) -> str:
        return f"listen {HOST}:{ports[int(match.group(1))]}{match.group(2) or ''};"

    text = config_text.replace("/tmp/", f"{folder}/")  # first: the paths put in below may be under /tmp
    text = re.sub(r"listen\s+(?:[\d.]+:)?(\d+)(\s+ssl)?\s*;", listen, text)
    text, upstreams = re.subn(r"server\s+127\.0\.0\.1:\d+\s*;", f"server {HOST}:{upstream_port};", text)
    if upstreams != 1:
        raise ValueError(f"expected one upstream server 127.0.0.1:PORT in the configuration, found {upstreams}")
    text = re.sub(r"ssl_certificate\s+\S+;", f"ssl_certificate {certificate};", text)
    text = re.sub(r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};", text)
    if os.geteuid() == 0:  # as root, nginx would switch its workers to 'nobody': keep the current user
        # (added at the end, so every line keeps its number in nginx's messages)
        text += f"\nuser {getpass.getuser()} {grp.getgrgid(os.getegid()).gr_name};\n"
    return text


def _port_of(upstream) -> int:
    url = upstream if isinstance(upstream, str) else getattr(upstream, "url", None)
    parts = urlsplit(url or "")
    if parts.hostname != HOST or not parts.port:
        raise ValueError(f"the upstream must be a server at http://127.0.0.1:PORT, got {upstream!r}")
    return parts.port


class ReverseProxy(ProcessHandle):
    """nginx running a deployment's nginx.conf on loopback: ``.url`` (plain HTTP), ``.https_url``, ``.certificate``."""

    def __init__(self, upstream, config_file, ready_timeout: float = 10.0) -> None:
        program = require_program("nginx")
        upstream_port = _port_of(upstream)
        text = Path(config_file).read_text(encoding="utf-8")
        listeners = listen_ports(text)
        if not listeners:
            raise ValueError(f"{config_file} has no listen directive")
        self.folder = tempfile.mkdtemp(prefix="apilab-proxy-")
        try:
            self.certificate, key = self_signed_certificate(self.folder)
            ports = {port: free_port() for port, _ in listeners}
            plain = [ports[port] for port, tls in listeners if not tls]
            secure = [ports[port] for port, tls in listeners if tls]
            self.url = f"http://{HOST}:{plain[0]}" if plain else None
            self.https_url = f"https://{HOST}:{secure[0]}" if secure else None
            self.config_path = os.path.join(self.folder, "nginx.conf")
            Path(self.config_path).write_text(
                local_config(text, self.folder, ports, upstream_port, self.certificate, key), encoding="utf-8")
            nginx = ManagedProcess([program, "-p", self.folder, "-c", self.config_path, "-e", "stderr",
                                    "-g", "daemon off;"],
                                   name="nginx", cwd=self.folder, stop_signal=signal.SIGQUIT)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self._start(nginx, lambda: all(accepts_connections(port) for port in ports.values()), ready_timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop nginx and delete its folder (safe to call twice)."""
        super().stop(timeout)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<ReverseProxy nginx {state} at {self.url} and {self.https_url}>"


def start_reverse_proxy(upstream, config_file, ready_timeout: float = 10.0) -> ReverseProxy:
    """Start nginx with ``config_file`` made local, in front of ``upstream`` (a 127.0.0.1 server)."""
    return ReverseProxy(upstream, config_file, ready_timeout=ready_timeout)


@contextlib.contextmanager
def stalled_clients(url: str, count: int, hold_seconds: float = 10.0):
    """Open ``count`` connections to ``url`` that send half a request and wait (at most ``hold_seconds``)."""
    if not (isinstance(count, int) and 1 <= count <= 16):
        raise ValueError(f"count must be a whole number from 1 to 16, got {count!r}")
    parts = urlsplit(url)
    sockets = []
    try:
        for _ in range(count):
            connection = socket.create_connection((parts.hostname, parts.port), timeout=hold_seconds)
            connection.sendall(b"POST /api/products/ HTTP/1.1\r\nHost: localhost\r\n")  # ... and no more
            sockets.append(connection)
        time.sleep(0.3)  # let the server pick them up
        yield sockets
    finally:
        for connection in sockets:
            connection.close()


def timed_get(url: str, timeout: float = 2.0, **options) -> dict:
    """GET ``url``; return its status and seconds, or that no answer came within ``timeout`` seconds."""
    started = time.perf_counter()
    try:
        status = requests.get(url, timeout=timeout, **options).status_code
    except requests.Timeout:
        status = f"no answer within {timeout:g} s"
    return {"status": status, "seconds": round(time.perf_counter() - started, 2)}
