"""A throwaway PostgreSQL server on a free 127.0.0.1 port, holding the benchmark apps' products table.

::

    with start_postgres() as database:
        start_bench_server("django", database_url=database.url)

``initdb`` makes a new cluster in a temporary folder (a random password,
no fsync: nothing here must survive), ``postgres`` serves it in the
foreground as an ``apilab.serving.managed_process.ManagedProcess`` (its own
process group, stopped with SIGINT, PostgreSQL's fast shutdown, and dying
with the kernel), and ``stop()`` deletes the folder. PostgreSQL refuses to
run as root: as root the programs run as the Unix user ``postgres``
(through ``setpriv``), which Debian's package creates. When PostgreSQL is
not installed, ``missing_postgres_message()`` says how to install it.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from apilab.serving.managed_process import ManagedProcess, ProcessHandle, die_with_parent, one_line
from apilab.serving.process_servers import free_port
from apilab.serving.servers import HOST

INSTALL_HINT = "apt-get install postgresql  (or: conda install -c conda-forge postgresql)"
DATABASE = "products"
USER = "postgres"

PRODUCTS_TABLE_SQL = (
    'CREATE TABLE "shop_product" ('
    '"id" serial PRIMARY KEY, '
    '"name" varchar(100) NOT NULL, '
    '"price_cents" integer NOT NULL CHECK ("price_cents" >= 0), '
    '"in_stock" boolean NOT NULL)'
)

_running: dict[str, PostgresServer] = {}


def find_postgres_bin() -> Path | None:
    """Return the folder holding ``initdb`` and ``postgres`` (Debian's newest, or on PATH), or None."""
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                     key=lambda folder: int(Path(folder).parent.name) if Path(folder).parent.name.isdigit() else 0)
    for folder in reversed(folders):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "postgres").exists():
            return Path(folder)
    initdb = shutil.which("initdb")
    if initdb and (Path(initdb).resolve().parent / "postgres").exists():
        return Path(initdb).resolve().parent
    return None


def _as_root() -> bool:
    return os.geteuid() == 0


def missing_postgres_message() -> str | None:
    """Return a one-line message when a throwaway PostgreSQL cannot be started here, else None."""
    if find_postgres_bin() is None:
        return f"PostgreSQL is not installed; install it with: {INSTALL_HINT}"
    if _as_root():
        try:
            pwd.getpwnam(USER)
        except KeyError:
            return ("PostgreSQL will not run as root and the Unix user postgres is missing "
                    "(apt-get install postgresql makes it)")
        if shutil.which("setpriv") is None:
            return "PostgreSQL will not run as root and setpriv (util-linux) is missing"
    return None


def _as_owner(command: list) -> list[str]:
    """The command, run as the user postgres when this process is root."""
    command = [os.fspath(part) for part in command]
    if not _as_root():
        return command
    # Changing the user clears the parent-death signal: setpriv sets it again (SIGINT, the fast shutdown).
    return [shutil.which("setpriv"), f"--reuid={USER}", f"--regid={USER}", "--init-groups",
            "--pdeathsig", "INT", *command]


class PostgresServer(ProcessHandle):
    """A PostgreSQL cluster of its own on 127.0.0.1; ``.url`` is its database's postgresql:// URL."""

    def __init__(self, products: int = 20, ready_timeout: float = 30.0) -> None:
        problem = missing_postgres_message()
        if problem:
            raise RuntimeError(problem)
        bin_folder = find_postgres_bin()
        self.folder = tempfile.mkdtemp(prefix="apilab-postgres-")
        try:
            if _as_root():
                shutil.chown(self.folder, USER, USER)
            data = os.path.join(self.folder, "data")
            # A password of its own: on a shared machine other users reach 127.0.0.1 too, and trust would let
            # them in as the superuser. The file lives in the cluster's folder (0700, the cluster's owner's).
            self._password = secrets.token_urlsafe(24)
            password_file = os.path.join(self.folder, "password")
            with open(os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
                handle.write(self._password + "\n")
            if _as_root():
                shutil.chown(password_file, USER, USER)
            initdb = subprocess.run(
                _as_owner([bin_folder / "initdb", "--auth=scram-sha-256", "--pwfile", password_file,
                           "--no-sync", "--username", USER,
                           "--encoding=UTF8", "--locale=C", "--pgdata", data]),
                capture_output=True, text=True, timeout=120, cwd=self.folder, stdin=subprocess.DEVNULL,
                preexec_fn=die_with_parent)
            if initdb.returncode != 0:
                raise RuntimeError(f"initdb failed: {one_line(initdb.stdout + initdb.stderr)}")
            self.port = free_port()
            os.remove(password_file)
            self.url = f"postgresql://{USER}:{self._password}@{HOST}:{self.port}/{DATABASE}"
            command = _as_owner([bin_folder / "postgres", "-D", data, "-p", str(self.port),
                                 "-c", f"listen_addresses={HOST}", "-c", f"unix_socket_directories={self.folder}",
                                 "-c", "fsync=off", "-c", "synchronous_commit=off",
                                 "-c", "full_page_writes=off", "-c", "max_connections=100"])
            program = ManagedProcess(command, name="postgres", cwd=self.folder, stop_signal=signal.SIGINT)
            self._start(program, self._accepts_logins, ready_timeout, what="accepting connections")
            self._create_products(products)
        except BaseException:
            self.stop()
            raise

    def _connect(self, database: str, timeout: float = 2.0):
        import psycopg

        return psycopg.connect(host=HOST, port=self.port, user=USER, password=self._password, dbname=database,
                               connect_timeout=max(1, int(timeout)), autocommit=True)

    def _accepts_logins(self) -> bool:
        import psycopg

        try:
            with self._connect("postgres", timeout=1):
                return True
        except psycopg.OperationalError:
            return False

    def _create_products(self, products: int) -> None:
        if not isinstance(products, int) or isinstance(products, bool) or products < 0:
            raise ValueError(f"products must be a whole number >= 0, got {products!r}")
        with self._connect("postgres") as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
        with self._connect(DATABASE) as connection:
            connection.execute(PRODUCTS_TABLE_SQL)
            with connection.cursor() as cursor:
                cursor.executemany(
                    'INSERT INTO "shop_product" (name, price_cents, in_stock) VALUES (%s, %s, %s)',
                    [(f"Product {n}", 100 * n + 99, n % 4 != 0) for n in range(1, products + 1)])

    def stop(self, timeout: float = 5.0) -> None:
        """Stop PostgreSQL and delete its cluster (safe to call twice)."""
        try:
            if getattr(self, "_program", None) is not None:
                super().stop(timeout)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            for name, handle in list(_running.items()):
                if handle is self:
                    del _running[name]

    def __repr__(self) -> str:
        state = "running" if getattr(self, "_program", None) is not None and self.running else "stopped"
        shown = getattr(self, "url", "?").replace(getattr(self, "_password", "") or "\0", "***")
        return f"<PostgresServer {state} at {shown}>"


def start_postgres(products: int = 20, name: str = "postgres", ready_timeout: float = 30.0) -> PostgresServer:
    """Start a throwaway PostgreSQL holding ``products`` products; starting again under ``name`` stops the last."""
    previous = _running.pop(name, None)
    if previous is not None:
        previous.stop()
    handle = _running[name] = PostgresServer(products=products, ready_timeout=ready_timeout)
    return handle


def stop_all_postgres() -> None:
    """Stop every PostgreSQL started through this module."""
    while _running:
        _, handle = _running.popitem()
        handle.stop()


atexit.register(stop_all_postgres)
