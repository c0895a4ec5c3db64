"""Run learners' code while grading inside a bubblewrap sandbox (Debian's ``bwrap``).

``sandbox_command(argv, workdir, hidden)`` wraps a command so that it sees the
machine read-only, with the folders in ``hidden`` replaced by empty ones, its own
``workdir`` writable, a private /tmp, an empty /run, and its own IPC, host-name
and process namespaces; ``network=False`` gives it a loopback of its own and
nothing else. ``SandboxedKernelManager`` starts nbgrader's kernels that way.
``sandbox_problem()`` says why bwrap cannot be used here ('' when it can).

What the sandbox guarantees, and where it does not apply, is stated once, for
instructors: ``site/grading.md`` (How grading works and what it guarantees).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute

HIDE_VARIABLE = "APILAB_SANDBOX_HIDE"  # paths (os.pathsep-separated) the grading kernels must not see
# What the code inside must not learn: where the hidden folders are, the gradebook's URL (with its
# credentials), and the grader's pid (ipykernel would end itself on seeing a parent of its own namespace).
PRIVATE_VARIABLES = (HIDE_VARIABLE, "NBGRADER_DB_URL", "JPY_PARENT_PID")
RUNTIME_FOLDERS = (Path("/run"), Path("/var/run"))  # the machine's service sockets: empty inside
INSTALL_HINT = "install bubblewrap (apt-get install bubblewrap) to grade in a sandbox"


@functools.lru_cache(maxsize=1)
def sandbox_problem() -> str:
    """'' when bubblewrap works here; otherwise why learners' code runs without a sandbox."""
    program = shutil.which("bwrap")
    if program is None:
        return f"bwrap not found: learners' code ran without a sandbox ({INSTALL_HINT})"
    try:
        probe = subprocess.run([program, "--ro-bind", "/", "/", "--unshare-net", "--die-with-parent", "true"],
                               capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bwrap could not start ({error}): learners' code ran without a sandbox"
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["no reason given"])[-1]
        return f"bwrap could not make a sandbox here ({reason}): learners' code ran without a sandbox"
    return ""


def _needed() -> list[Path]:
    """Folders the sandboxed code needs to read: the venv, Python itself, the course's package."""
    import apilab

    paths = [Path(sys.prefix), Path(sys.base_prefix), Path(apilab.__file__).resolve().parents[1]]
    return [path.resolve() for path in paths]


def sandbox_command(argv: list[str], workdir: str | os.PathLike, hidden: list[str | os.PathLike],
                    network: bool = True, readable: list[str | os.PathLike] = (), own_pids: bool = True,
                    writable: list[str | os.PathLike] = ()) -> list[str]:
    """``argv`` wrapped in bwrap: ``hidden`` replaced by empty folders, ``workdir`` (and ``writable``)
    writable, the rest read-only."""
    workdir = Path(workdir).resolve()
    command = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    hidden_paths = sorted({Path(path).resolve() for path in hidden}, key=lambda path: len(path.parts))
    for path in hidden_paths:
        if path.is_dir():
            command += ["--tmpfs", str(path)]
        elif path.exists():
            command += ["--ro-bind", "/dev/null", str(path)]
    # Sockets of the machine's services live in /run (PostgreSQL's, with "peer" login for the grader's
    # own user; D-Bus): a read-only mount does not stop a connect(), so the sandbox gets an empty /run.
    runtime = [path for path in RUNTIME_FOLDERS if path.is_dir() and not path.is_symlink()]
    for path in runtime:
        command += ["--tmpfs", str(path)]
    covered = [*hidden_paths, Path("/tmp"), *runtime]
    bound = []
    for path in [*_needed(), *(Path(each).resolve() for each in readable)]:
        if path.exists() and any(path == hide or hide in path.parents for hide in covered):
            command += ["--ro-bind", str(path), str(path)]
            bound.append(path)
    for path in hidden_paths:  # hidden again where a folder mounted back holds it
        if any(folder in path.parents for folder in bound):
            command += ["--tmpfs", str(path)] if path.is_dir() else ["--ro-bind", "/dev/null", str(path)]
    for path in writable:
        command += ["--bind", str(Path(path).resolve()), str(Path(path).resolve())]
    command += ["--bind", str(workdir), str(workdir), "--chdir", str(workdir),
                "--unshare-ipc", "--unshare-uts", "--die-with-parent",
                # Run as root, bwrap keeps every capability unless told: without this, the code inside
                # could unmount what hides the course, or remount / read-write.
                "--cap-drop", "ALL",
                "--setenv", "MPLCONFIGDIR", "/tmp", "--setenv", "HOME", str(workdir)]
    for name in PRIVATE_VARIABLES:
        command += ["--unsetenv", name]
    if not network:
        command.append("--unshare-net")
    if own_pids:
        command.append("--unshare-pid")
    return command + ["--", *argv]


def hidden_from_environment() -> list[str]:
    """The paths grading asked kernels not to see (set by apilab.grading while it grades)."""
    return [path for path in os.environ.get(HIDE_VARIABLE, "").split(os.pathsep) if path]


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts each kernel inside ``sandbox_command`` (nbgrader's Execute uses it).

    The kernel's working folder is the submission's autograded copy; the paths in
    ``APILAB_SANDBOX_HIDE`` are hidden; it has no network but a loopback of its own, and
    talks to nbgrader through ZeroMQ ``ipc`` socket files in a folder of its own (removed
    when the kernel ends). Without a working bwrap it starts kernels as usual.
    """

    _socket_folder: str | None = None

    async def _async_pre_start_kernel(self, **kw):
        hidden = hidden_from_environment()
        if not hidden or sandbox_problem():
            return await super()._async_pre_start_kernel(**kw)
        if self._socket_folder is None:  # a restart keeps the folder and its connection file
            self._socket_folder = tempfile.mkdtemp(prefix="apilab-kernel-")
            self.transport = "ipc"
            self.cache_ports = False
            self.ip = os.path.join(self._socket_folder, "kernel-ipc")
            self.connection_file = os.path.join(self._socket_folder, "kernel.json")
        command, kw = await super()._async_pre_start_kernel(**kw)
        # Without a parent it can see, ipykernel prints how to connect to it; nbgrader reads nothing there.
        kw.setdefault("stdout", subprocess.DEVNULL)
        workdir = kw.get("cwd") or os.getcwd()
        # A signal would reach bwrap, not the kernel, and end both: interrupt with a message instead.
        self.kernel_spec.interrupt_mode = "message"
        # A pid namespace of its own, so the code cannot signal or enter (/proc/<pid>/root) the grader's
        # processes; JPY_PARENT_PID is unset inside, so ipykernel does not watch a parent it cannot see.
        return sandbox_command(command, workdir, hidden, network=False, writable=[self._socket_folder]), kw

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._socket_folder is not None:
            shutil.rmtree(self._socket_folder, ignore_errors=True)
            self._socket_folder = None


class SandboxedExecute(Execute):
    """nbgrader's Execute, starting kernels with ``SandboxedKernelManager``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)


def autograde_preprocessors() -> list:
    """nbgrader's autograde preprocessors with its Execute replaced by SandboxedExecute."""
    from nbgrader.converters.autograde import Autograde

    return [SandboxedExecute if each is Execute else each for each in Autograde().autograde_preprocessors]
