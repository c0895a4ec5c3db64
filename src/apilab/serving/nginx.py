"""Run a real Nginx as a load balancer in front of several app instances, on loopback.

::

    with start_load_balancer(["http://127.0.0.1:8001", "http://127.0.0.1:8002"]) as balancer:
        requests.get(balancer.url + "/api/products/")

The configuration is generated into a temporary folder that also holds the
pid file, the error log and nginx's temp folders; nginx runs in the
foreground (``daemon off;``) as the current user, in its own process group,
with ``-p folder -c nginx.conf -e error.log``, and is stopped with the group
(an ``apilab.serving.managed_process.ManagedProcess`` stopped with SIGQUIT, nginx's
graceful shutdown).
Requests are spread round-robin over the instances, with kept-alive
upstream connections. When ``nginx`` is not installed, ``ProgramMissing``
says how to install it.
"""

from __future__ import annotations

import getpass
import grp
import os
import shutil
import signal
import tempfile
from urllib.parse import urlsplit

from apilab.serving.managed_process import ManagedProcess, ProcessHandle
from apilab.serving.process_servers import accepts_connections, free_port
from apilab.serving.programs import require_program
from apilab.serving.servers import HOST

CONFIG_TEMPLATE = """\
{user}daemon off;
worker_processes {worker_processes};
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;

    upstream app_instances {{
{servers}
        keepalive 64;
    }}

    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://app_instances;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }}
    }}
}}
"""


def _backend_address(backend) -> str:
    url = backend if isinstance(backend, str) else getattr(backend, "base_url", getattr(backend, "url", None))
    if not isinstance(url, str):
        raise TypeError(f"backends must be URLs or servers with a .url, got {type(backend).__name__}")
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != HOST or not parts.port:
        raise ValueError(f"backends must be http://127.0.0.1:PORT URLs, got {url!r}")
    return f"{HOST}:{parts.port}"


def render_config(folder: str, port: int, backends, worker_processes: int = 1) -> str:
    """Return the nginx.conf text balancing ``backends`` from 127.0.0.1:``port``."""
    addresses = [_backend_address(backend) for backend in backends]
    if not addresses:
        raise ValueError("backends must name at least one instance")
    # As root, nginx would switch its workers to 'nobody'; keep the current user.
    user = ""
    if os.geteuid() == 0:
        user = f"user {getpass.getuser()} {grp.getgrgid(os.getegid()).gr_name};\n"
    servers = "\n".join(f"        server {address};" for address in addresses)
    return CONFIG_TEMPLATE.format(user=user, worker_processes=worker_processes, folder=folder,
                                  servers=servers, host=HOST, port=port)


class LoadBalancer(ProcessHandle):
    """An nginx process balancing 127.0.0.1 backends; ``.url`` is where it listens."""

    def __init__(self, backends, worker_processes: int = 1, ready_timeout: float = 10.0) -> None:
        if isinstance(backends, (str, bytes)) or not hasattr(backends, "__iter__"):
            raise TypeError(f"backends must be a list of URLs or servers, got {backends!r}")
        if not (isinstance(worker_processes, int) and 1 <= worker_processes <= 16):
            raise ValueError(f"worker_processes must be a whole number from 1 to 16, got {worker_processes!r}")
        program = require_program("nginx")
        self.folder = tempfile.mkdtemp(prefix="apilab-nginx-")
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.backends = list(backends)
        self.config_path = os.path.join(self.folder, "nginx.conf")
        self.error_log = os.path.join(self.folder, "error.log")
        try:
            with open(self.config_path, "w") as file:
                file.write(render_config(self.folder, self.port, self.backends, worker_processes))
            nginx = ManagedProcess(
                [program, "-p", self.folder, "-c", self.config_path, "-e", self.error_log],
                name="nginx", cwd=self.folder, log_file=self.error_log,
                stop_signal=signal.SIGQUIT,  # nginx's graceful shutdown
            )
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self._start(nginx, lambda: accepts_connections(self.port), ready_timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop nginx (master and workers) and delete its folder (safe to call twice)."""
        super().stop(timeout)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<LoadBalancer nginx over {len(self.backends)} instances {state} at {self.url}>"


def start_load_balancer(backends, worker_processes: int = 1, ready_timeout: float = 10.0) -> LoadBalancer:
    """Start nginx on a free 127.0.0.1 port, balancing requests over ``backends`` round-robin."""
    return LoadBalancer(backends, worker_processes=worker_processes, ready_timeout=ready_timeout)
