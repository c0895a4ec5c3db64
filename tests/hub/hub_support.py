"""A real class on JupyterHub for the hub tests (and the class-sized benchmark).

``ClassHub`` builds, in one temporary folder (mode 0755, removed afterwards):

- the class environment, with ``jupyterhub/build_class_env.py`` from Debian's
  ``/usr/bin/python3`` (a venv of a Python under /root cannot run other users'
  servers);
- a throwaway PostgreSQL cluster on a 127.0.0.1 port (``initdb -A trust
  --no-sync`` as user postgres) holding the gradebook;
- Unix users made with ``useradd -m``, their names starting with a random
  prefix: one instructor (who owns a copy of the course) and the learners;
- the shared exchange (mode 1777);
- the hub, run from the shipped ``jupyterhub/jupyterhub_config.py`` with only
  what a test needs on top (127.0.0.1 ports, a shared password instead of PAM,
  a service token for the test driver), and configurable-http-proxy from npm.

``stop()`` stops the hub and PostgreSQL by their process ids, kills any
process left by a test user (by pid), removes the users with their homes, and
the folder. Logging in as a browser is GET /hub/login, POST the form with the
``_xsrf`` cookie, follow the redirects to a page of the user's server (an API
path answers 403 to a cookie alone); the server's API then needs its
``_xsrf`` cookie back in the ``X-XSRFToken`` header.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

from apilab.serving.managed_process import ManagedProcess, one_line

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED = REPO_ROOT / "jupyterhub"
COURSE_ID = "flask-vs-django"
SYSTEM_PYTHON = "/usr/bin/python3"
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"


def in_ci() -> bool:
    """True under CI (CI=true), where a missing program fails instead of skipping."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def find_postgres_bin() -> Path | None:
    """Return Debian's PostgreSQL program folder (with initdb and pg_ctl), or None."""
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    return Path(folders[-1]) if folders and (Path(folders[-1]) / "initdb").exists() else None


def missing_for_a_hub() -> str | None:
    """Say what this machine lacks for a real hub (root, Debian, the programs), or None."""
    if os.geteuid() != 0:
        return "the hub tests create Unix users and run JupyterHub as root; run them as root"
    if not Path("/etc/debian_version").exists() or not Path(SYSTEM_PYTHON).exists():
        return "the hub tests need Debian with its /usr/bin/python3"
    for program in ("useradd", "userdel", "runuser"):
        if shutil.which(program) is None:
            return f"{program} is not installed"
    if shutil.which("configurable-http-proxy") is None:
        return "configurable-http-proxy is not installed (make hub-programs: npm install -g configurable-http-proxy)"
    if find_postgres_bin() is None:
        return "PostgreSQL is not installed (make hub-programs: apt-get install postgresql)"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "the Unix user postgres is missing (apt-get install postgresql makes it)"
    return None


def load_script(path: Path, name: str | None = None):
    """Import a script that is not in a package (build_class_env.py, a benchmark) as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    """Run a command; raise with one line of its output when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, **options)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command[:6]))} failed ({result.returncode}): "
                           f"{one_line(result.stderr + result.stdout)}")
    return result


def wait_for(predicate, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"not {what} after {timeout:.0f} s")
        time.sleep(interval)


class Postgres:
    """A throwaway PostgreSQL cluster owned by user postgres, listening on 127.0.0.1 only."""

    def __init__(self, folder: Path) -> None:
        self.bin = find_postgres_bin()
        self.data = folder / "pgdata"
        self.socket_dir = folder / "pgsocket"
        for path in (self.data, self.socket_dir):
            path.mkdir()
            shutil.chown(path, "postgres", "postgres")
        self.port = free_port()
        self.log_file = folder / "postgres.log"
        self.log_file.touch()
        shutil.chown(self.log_file, "postgres", "postgres")
        self.started = False

    def as_postgres(self, *command) -> subprocess.CompletedProcess:
        return run([RUNUSER, "-u", "postgres", "--", *map(str, command)], cwd="/")

    def start(self) -> None:
        self.as_postgres(self.bin / "initdb", "-A", "trust", "--no-sync", "-U", "postgres", "-D", self.data)
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.as_postgres(self.bin / "pg_ctl", "-w", "-D", self.data, "-l", self.log_file, "-o", options, "start")
        self.started = True

    def create_database(self, name: str) -> str:
        """Create a database; return its SQLAlchemy URL (psycopg 3)."""
        self.as_postgres(self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port, name)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    @property
    def pid(self) -> int | None:
        pid_file = self.data / "postmaster.pid"
        return int(pid_file.read_text().split()[0]) if pid_file.exists() else None

    def stop(self) -> None:
        pid = self.pid
        if self.started:
            subprocess.run([RUNUSER, "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-w", "-D",
                            str(self.data), "-m", "fast", "stop"], capture_output=True, cwd="/")
        if pid and psutil.pid_exists(pid):
            psutil.Process(pid).kill()


class ClassHub:
    """A running JupyterHub with an instructor and ``learners`` learners (see the module's docstring)."""

    def __init__(self, learners: int = 3, user_prefix: str | None = None) -> None:
        problem = missing_for_a_hub()
        if problem:
            raise RuntimeError(problem)
        self.prefix = user_prefix or "apl" + secrets.token_hex(2)
        self.instructor = f"{self.prefix}-teacher"
        self.learners = [f"{self.prefix}-l{i:02d}" for i in range(1, learners + 1)]
        self.folder = Path(tempfile.mkdtemp(prefix="apilab-hub-"))
        self.folder.chmod(0o755)
        self.created_users: list[str] = []
        self.hub: ManagedProcess | None = None
        self.postgres: Postgres | None = None
        self.timings: dict[str, float] = {}
        self.user_password = secrets.token_urlsafe(12)
        self.admin_password = secrets.token_urlsafe(32)
        self.api_token = secrets.token_hex(32)
        self.url = ""

    # -- building ---------------------------------------------------------------------
    def start(self) -> ClassHub:
        try:
            self._timed("class environment", self._build_env)
            self._timed("postgresql", self._start_postgres)
            self._timed("users", self._create_users)
            self._timed("hub", self._start_hub)
        except BaseException:
            self.stop()
            raise
        return self

    def _timed(self, what: str, step) -> None:
        started = time.monotonic()
        step()
        self.timings[what] = time.monotonic() - started

    def _build_env(self) -> None:
        # APILAB_HUB_TEST_ENV names an environment build_class_env.py made earlier (kept): for
        # working on these tests without rebuilding it each time. CI always builds afresh.
        reused = os.environ.get("APILAB_HUB_TEST_ENV")
        if reused and not in_ci():
            self.env = Path(reused)
            return
        self.env = self.folder / "env"
        run([SYSTEM_PYTHON, str(SHIPPED / "build_class_env.py"), "--prefix", str(self.env)])

    def _start_postgres(self) -> None:
        self.postgres = Postgres(self.folder)
        self.postgres.start()
        self.db_url = self.postgres.create_database("flask_vs_django")

    def _create_users(self) -> None:
        for name in [self.instructor, *self.learners]:
            run(["useradd", "-m", "-s", "/bin/bash", name])
            self.created_users.append(name)
        self.exchange = self.folder / "exchange"
        self.exchange.mkdir()
        self.exchange.chmod(0o1777)
        # The course's folder in it, made at set-up as the instructor's (the class check wants it so).
        run(["install", "-d", "-m", "755", "-o", self.instructor, str(self.exchange / COURSE_ID)])
        # The instructor's checkout of the course: the nbgrader config, solutions/ and exercises/.
        home = Path(pwd.getpwnam(self.instructor).pw_dir)
        self.course = home / "course"
        self.course.mkdir()
        shutil.copy2(REPO_ROOT / "nbgrader_config.py", self.course / "nbgrader_config.py")
        for folder in ("solutions", "exercises"):
            shutil.copytree(REPO_ROOT / folder, self.course / folder,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        run(["chown", "-R", f"{self.instructor}:{self.instructor}", str(home)])
        (home).chmod(0o700)

    def hub_environment(self) -> dict[str, str]:
        """The environment the shipped jupyterhub_config.py reads (and the instructor's commands use)."""
        roster = self.folder / "class_roster.yaml"
        roster.write_text(
            "instructors: [" + self.instructor + "]\nlearners: [" + ", ".join(self.learners) + "]\n"
        )
        return {
            "PATH": f"{self.env / 'bin'}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "APILAB_HUB_ENV": str(self.env),
            "APILAB_HUB_COURSE": str(self.course),
            "APILAB_HUB_ROSTER": str(roster),
            "APILAB_HUB_FORMGRADER_PORT": str(free_port()),
            "NBGRADER_EXCHANGE_ROOT": str(self.exchange),
            "NBGRADER_DB_URL": self.db_url,
            "HOME": "/root",
            "LANG": "C.UTF-8",
        }

    def _start_hub(self) -> None:
        hub_dir = self.folder / "hub"
        hub_dir.mkdir()
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        (hub_dir / "jupyterhub_config.py").write_text(f"""
# The shipped configuration, with what the tests need on top.
load_subconfig({str(SHIPPED / 'jupyterhub_config.py')!r})
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {self.user_password!r}
c.SharedPasswordAuthenticator.admin_password = {self.admin_password!r}
c.JupyterHub.bind_url = {self.url + '/'!r}
c.JupyterHub.public_url = {self.url + '/'!r}
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{shutil.which('configurable-http-proxy')!r}]
c.JupyterHub.db_url = "sqlite:///{hub_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(hub_dir / 'cookie_secret')!r}
c.JupyterHub.pid_file = {str(hub_dir / 'jupyterhub.pid')!r}
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.services.append({{"name": "test-driver", "api_token": {self.api_token!r}}})
c.JupyterHub.load_roles.append({{"name": "test-driver", "services": ["test-driver"],
    "scopes": ["admin:users", "admin:servers", "admin:groups", "tokens", "read:roles", "list:services",
               "read:services"]}})
""")
        self.hub = ManagedProcess([str(self.env / "bin" / "jupyterhub"), "-f", str(hub_dir / "jupyterhub_config.py")],
                                  name="jupyterhub", cwd=hub_dir, env=self.hub_environment())
        self.hub.wait_until(self._hub_ready, timeout=90, what="ready", interval=0.2)

    def _hub_ready(self) -> bool:
        try:
            return requests.get(self.url + "/hub/api/", timeout=2).status_code == 200 and \
                self.api("GET", "/users").status_code == 200
        except requests.ConnectionError:
            return False

    # -- using ------------------------------------------------------------------------
    def api(self, method: str, path: str, **options) -> requests.Response:
        """Call the hub's REST API as the test driver (a service with admin scopes)."""
        return requests.request(method, self.url + "/hub/api" + path,
                                headers={"Authorization": f"token {self.api_token}"}, timeout=30, **options)

    def start_server(self, user: str, timeout: float = 180) -> float:
        """Start ``user``'s server through the hub and wait until it answers; return the seconds it took."""
        started = time.monotonic()
        reply = self.api("POST", f"/users/{user}/server")
        if reply.status_code not in (201, 202, 400):
            raise RuntimeError(f"starting {user}'s server: {reply.status_code} {reply.text[:200]}")

        def ready():
            model = self.api("GET", f"/users/{user}").json()
            server = model.get("servers", {}).get("", {})
            return server.get("ready")

        wait_for(ready, timeout, f"{user}'s server ready", interval=0.3)
        return time.monotonic() - started

    def login(self, user: str, next_path: str | None = None) -> HubBrowser:
        return HubBrowser(self, user, next_path)

    def as_user(self, user: str, command: list[str], cwd: Path | None = None, extra_env: dict | None = None,
                timeout: float = 600) -> subprocess.CompletedProcess:
        """Run ``command`` as Unix user ``user`` with the class environment, as in their hub terminal."""
        token = self.api("POST", f"/users/{user}/tokens", json={"note": "hub tests"}).json()["token"]
        env = dict(self.hub_environment(), HOME=pwd.getpwnam(user).pw_dir, USER=user,
                   JUPYTERHUB_USER=user, JUPYTERHUB_API_TOKEN=token, JUPYTERHUB_API_URL=self.url + "/hub/api",
                   **(extra_env or {}))
        return subprocess.run([RUNUSER, "-u", user, "--", *command], cwd=cwd or pwd.getpwnam(user).pw_dir,
                              env=env, capture_output=True, text=True, timeout=timeout)

    def memory_mb(self) -> float:
        """The hub's resident memory (the jupyterhub process alone), in MB."""
        return psutil.Process(self.hub.pid).memory_info().rss / 1e6

    # -- stopping ---------------------------------------------------------------------
    def user_processes(self) -> list[psutil.Process]:
        uids = set()
        for name in self.created_users:
            try:
                uids.add(pwd.getpwnam(name).pw_uid)
            except KeyError:
                pass
        found = []
        for process in psutil.process_iter(["uids"]):
            try:
                if process.info["uids"] and process.info["uids"].real in uids:
                    found.append(process)
            except psutil.Error:
                pass
        return found

    def stop_servers(self, timeout: float = 90) -> None:
        """Ask the hub to stop every running server at once, and wait until they have stopped."""
        def running() -> list[str]:
            try:
                users = self.api("GET", "/users").json()
            except (requests.RequestException, ValueError):
                return []
            return [user["name"] for user in users if user.get("servers")]

        def stop_server(user: str) -> None:
            try:
                self.api("DELETE", f"/users/{user}/server")
            except requests.RequestException:
                pass

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(stop_server, running()))
        try:
            wait_for(lambda: not running(), timeout, "every server stopped", interval=0.5)
        except TimeoutError:
            pass  # the hub's own shutdown, then kill by pid, deal with the rest

    def stop(self) -> None:
        if self.hub is not None:
            self.stop_servers()
            self.hub.stop(timeout=30)
        leftovers = self.user_processes()
        for process in leftovers:
            try:
                process.kill()
            except psutil.Error:
                pass
        psutil.wait_procs(leftovers, timeout=10)
        if self.postgres is not None:
            self.postgres.stop()
        for name in self.created_users:
            subprocess.run(["userdel", "-r", name], capture_output=True)
        self.created_users = []
        shutil.rmtree(self.folder, ignore_errors=True)


class HubBrowser:
    """A ``requests`` session logged in to the hub as a user, the way a browser does."""

    def __init__(self, hub: ClassHub, user: str, next_path: str | None = None) -> None:
        self.hub, self.user = hub, user
        self.session = requests.Session()
        password = hub.admin_password if user == hub.instructor else hub.user_password
        self.session.get(hub.url + "/hub/login", timeout=30)
        hub_xsrf = next(cookie.value for cookie in self.session.cookies if cookie.name == "_xsrf")
        next_path = next_path or f"/user/{user}/lab"  # through the OAuth dance to their server
        reply = self.session.post(
            hub.url + "/hub/login?next=" + next_path,
            data={"username": user, "password": password, "_xsrf": hub_xsrf},
            timeout=120,
        )
        if reply.status_code != 200 or not reply.url.endswith(next_path):
            raise RuntimeError(f"logging in as {user} ended at {reply.url} ({reply.status_code}): {reply.text[:200]}")

    def xsrf(self, owner: str | None = None) -> str:
        """The _xsrf cookie of a user's server (its API wants it back in X-XSRFToken)."""
        owner = owner or self.user
        for cookie in self.session.cookies:
            if cookie.name == "_xsrf" and cookie.path.startswith(f"/user/{owner}"):
                return cookie.value
        self.session.get(f"{self.hub.url}/user/{owner}/lab", timeout=60)  # the page sets it
        for cookie in self.session.cookies:
            if cookie.name == "_xsrf" and cookie.path.startswith(f"/user/{owner}"):
                return cookie.value
        return ""

    def server(self, method: str, path: str, owner: str | None = None, **options) -> requests.Response:
        """Call a path of a user's server (``owner``, by default this user's own)."""
        headers = {"X-XSRFToken": self.xsrf(owner), **options.pop("headers", {})}
        return self.session.request(method, f"{self.hub.url}/user/{owner or self.user}{path}", headers=headers,
                                    timeout=options.pop("timeout", 120), **options)

    def assignment_action(self, action: str, assignment: str) -> dict | list:
        """Press Fetch, Submit or Fetch Feedback in the Assignment List (its own endpoint)."""
        reply = self.server("POST", f"/assignments/{action}",
                            data={"course_id": COURSE_ID, "assignment_id": assignment})
        reply.raise_for_status()
        return reply.json()

    def open_kernel(self, notebook_path: str, timeout: float = 300) -> KernelChannel:
        """A new kernel of this user's server for ``notebook_path`` (cwd: its folder), as JupyterLab opens one."""
        session = self.server("POST", "/api/sessions", json={
            "path": notebook_path, "type": "notebook", "name": notebook_path, "kernel": {"name": "python3"}})
        session.raise_for_status()
        self.kernel_session = session.json()["id"]
        return KernelChannel(self, session.json()["kernel"]["id"], timeout)

    def run_in_kernel(self, notebook_path: str, cells: list[str], timeout: float = 300) -> list[str]:
        """Run code cells in a new kernel of this user's server; return each cell's printed text.

        Raises on a cell's error.
        """
        channel = self.open_kernel(notebook_path, timeout)
        printed = []
        try:
            for code in cells:
                text, error = channel.execute(code)
                if error:
                    raise RuntimeError(f"cell failed in {self.user}'s kernel: {error}\n{code[:300]}")
                printed.append(text)
        finally:
            channel.close()
        return printed

    def close(self) -> None:
        self.session.close()


class KernelChannel:
    """A kernel's websocket through the hub, talking the Jupyter protocol as JupyterLab does."""

    def __init__(self, browser: HubBrowser, kernel_id: str, timeout: float) -> None:
        import websocket

        self.browser, self.kernel_id, self.timeout = browser, kernel_id, timeout
        user, hub_url = browser.user, browser.hub.url
        cookies = "; ".join(f"{c.name}={c.value}" for c in browser.session.cookies
                            if c.path.startswith(f"/user/{user}") or c.path == "/")
        socket_url = hub_url.replace("http", "ws", 1) + f"/user/{user}/api/kernels/{kernel_id}/channels"
        self.socket = websocket.create_connection(socket_url, cookie=cookies, timeout=timeout,
                                                  header={"X-XSRFToken": browser.xsrf()})

    def execute(self, code: str) -> tuple[str, str]:
        """Run one cell; return (its printed text, "ename: evalue" if it failed else "").

        Raises TimeoutError when the cell has not finished within the channel's timeout, and
        RuntimeError when the kernel dies.
        """
        import json
        import uuid

        message_id = uuid.uuid4().hex
        self.socket.send(json.dumps({
            "header": {"msg_id": message_id, "msg_type": "execute_request", "username": self.browser.user,
                       "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        text, error = [], ""
        deadline = time.monotonic() + self.timeout
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the cell did not finish within {self.timeout:g} s")
            reply = json.loads(self.socket.recv())
            if reply.get("msg_type") == "status" and reply["content"].get("execution_state") == "dead":
                raise RuntimeError("the kernel died")
            if reply.get("parent_header", {}).get("msg_id") != message_id:
                continue
            kind, content = reply["msg_type"], reply["content"]
            if kind == "stream":
                text.append(content["text"])
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(text), error

    def close(self) -> None:
        self.socket.close()
