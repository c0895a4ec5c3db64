"""Run learners' code while grading inside a bubblewrap sandbox (Debian's ``bwrap``) that shows an allow-list.

``sandbox_command(argv, workdir)`` wraps a command so that it sees only what
running Python code needs, read-only: the system's programs and libraries
(``/usr``), a few files of ``/etc`` the grader writes itself, Python and the
course's venv, and the course's package without its ready-made answers (the
lessons' builds), unless an exercise needs one of them (``answers_visible``).
Its working folder ``workdir`` and ``/tmp`` are empty, size-limited tmpfs
(``files`` are bound into the working folder read-only), it has no network
but a loopback of its own, its own pids, IPC and host name, no capability,
and an environment rebuilt from an allow-list; it starts through
``limits.limited_command`` (rlimits, control groups when the machine allows,
a wall-clock limit). ``SandboxedKernelManager`` starts nbgrader's kernels that
way. ``sandbox_problem()`` says why bwrap cannot be used here ('' when it can).

What the sandbox guarantees, and where it does not apply, is stated once, for
instructors: ``site/grading.md`` (How grading works and what it guarantees).
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbgrader.preprocessors import Execute
from traitlets import Bool, DottedObjectName, Type

from apilab.grading.limits import LIMITS, Cgroup, Limits, cgroup_version, limited_command

INSTALL_HINT = "install bubblewrap (apt-get install bubblewrap) to grade in a sandbox"
MESSAGE_BYTES = 8 * 1024 * 1024  # the largest message of a kernel the grader reads
OUTPUT_BYTES = 2 * 1024 * 1024  # the outputs of one cell the grader keeps
TIMEOUTS = 3  # cells past their time limit after which a kernel is stopped
SEND_TIMEOUT_MS = 5000  # how long the grader waits to send a kernel a message
WATCHED_FILES = 10_000  # entries the kernel may make in its socket folder before it is stopped
KERNEL_STOPPED = "the kernel was stopped"  # in the error when too many cells ran past the time limit (flags reads it)
TRUNCATED = "... Output truncated ..."  # nbgrader's LimitOutput says the same: the flag for too much output
# The course's modules that hold finished answers to the exercises (the lessons' ready-made builds,
# the benchmarks' apps): hidden from learners' code unless an exercise names one in answers_visible.
ANSWER_MODULES = ("lessons", "measure/bench_apps")
SYSTEM_FOLDERS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# Read as they are (fonts: fontconfig's settings, which matplotlib asks); passwd, group, hosts and nsswitch.conf
# are written by the grader.
ETC_FILES = ("ld.so.cache", "localtime", "fonts")
ETC_WRITTEN = {
    "passwd": "root:x:0:0:root:/tmp:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
    "group": "root:x:0:\nnogroup:x:65534:\n",
    "hosts": "127.0.0.1 localhost\n::1 localhost ip6-localhost\n",
    "nsswitch.conf": "passwd: files\ngroup: files\nhosts: files\n",
}


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


@functools.lru_cache(maxsize=1)
def etc_folder() -> Path:
    """A folder of the grader's holding the /etc files the sandbox gets: users, groups and hosts of its own."""
    folder = Path(tempfile.mkdtemp(prefix="apilab-sandbox-etc-"))
    atexit.register(shutil.rmtree, folder, True)
    for name, text in ETC_WRITTEN.items():
        (folder / name).write_text(text)
    return folder


def package_folder() -> Path:
    """The folder of the course's package, apilab (in the venv, or the source of an editable install)."""
    import apilab

    return Path(apilab.__file__).resolve().parent


def _python_folders() -> list[Path]:
    """Python itself and the venv, read-only inside."""
    folders = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    return sorted(folder for folder in folders if folder.exists())


def _system_mounts() -> list[str]:
    mounts = []
    for name in SYSTEM_FOLDERS:
        path = Path(name)
        if path.is_symlink():  # Debian's merged /usr: /bin -> usr/bin
            mounts += ["--symlink", os.readlink(path), name]
        elif path.is_dir():
            mounts += ["--ro-bind", name, name]
    for name in ETC_FILES:
        if Path("/etc", name).exists():
            mounts += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for name in ETC_WRITTEN:
        mounts += ["--ro-bind", str(etc_folder() / name), f"/etc/{name}"]
    return mounts


def _package_mounts(answers_visible: tuple[str, ...]) -> list[str]:
    """The course's package read-only, its answer modules hidden but for ``answers_visible``."""
    package = package_folder()
    mounts = ["--ro-bind", str(package), str(package)]
    for hidden in ANSWER_MODULES:
        folder = package / hidden
        if not folder.is_dir():
            continue
        mounts += ["--tmpfs", str(folder)]
        for relative in answers_visible:
            shown = package / relative
            if folder in shown.parents and shown.is_file():
                for each in [*(parent / "__init__.py" for parent in shown.parents
                               if folder in parent.parents or parent == folder), shown]:
                    if each.is_file():
                        mounts += ["--ro-bind", str(each), str(each)]
    return mounts


def sandbox_command(argv: list[str], workdir: str | os.PathLike, *, files: list[str | os.PathLike] = (),
                    writable: list[str | os.PathLike] = (), sockets: list[str | os.PathLike] = (),
                    readable: list[str | os.PathLike] = (), answers_visible: tuple[str, ...] = (),
                    limits: Limits = LIMITS, cgroup: Cgroup | None = None,
                    env: dict[str, str] | None = None, proc: bool = True) -> list[str]:
    """``argv`` run in the sandbox: ``workdir`` an empty tmpfs holding ``files`` read-only, ``writable``
    folders of the grader's bound writable, ``sockets`` of the grader's (Unix sockets) and ``readable`` files of
    the grader's (read-only) at their own paths, the rest an allow-list read-only. ``proc=False`` leaves /proc out
    (no process's memory, descriptors or maps to read)."""
    workdir = Path(workdir).resolve()
    command = ["bwrap", "--unshare-ipc", "--unshare-uts", "--unshare-pid", "--unshare-net", "--unshare-cgroup-try",
               "--die-with-parent", "--new-session",
               # Run as root, bwrap keeps every capability unless told: without this, the code inside
               # could undo the mounts or remount them writable.
               "--cap-drop", "ALL",
               *(["--proc", "/proc"] if proc else []), "--dev", "/dev",
               "--size", str(limits.disk_mib * 1024 * 1024), "--tmpfs", "/dev/shm",
               "--size", str(limits.disk_mib * 1024 * 1024), "--tmpfs", "/tmp",
               *_system_mounts()]
    for folder in _python_folders():
        command += ["--ro-bind", str(folder), str(folder)]
    command += _package_mounts(answers_visible)
    command += ["--size", str(limits.disk_mib * 1024 * 1024), "--tmpfs", str(workdir)]
    for path in map(Path, files):
        if path.is_file() and not path.is_symlink():
            command += ["--ro-bind", str(path.resolve()), str(workdir / path.name)]
    for path in writable:
        command += ["--bind", str(Path(path).resolve()), str(Path(path).resolve())]
    for path in [*sockets, *readable]:  # a socket on a read-only mount still takes connections
        command += ["--ro-bind", os.fspath(path), os.fspath(path)]
    command += ["--chdir", str(workdir), "--", *argv]
    return limited_command(command, workdir, limits, cgroup, env)


def folder_usage(folder: str | os.PathLike, limit: int, files: int) -> int:
    """The bytes held under ``folder``, in every subfolder, links not followed; more than ``limit`` as soon as
    the count passes it or the folder holds more than ``files`` entries (so the count itself stays short)."""
    used, seen, waiting = 0, 0, [os.fspath(folder)]
    while waiting:
        try:
            entries = list(os.scandir(waiting.pop()))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            used += info.st_blocks * 512 if info.st_blocks else info.st_size
            if entry.is_dir(follow_symlinks=False):
                waiting.append(entry.path)
            if used > limit or seen > files:
                return limit + 1
    return used


def _limited_socket(self, channel: str, identity: bytes | None = None):
    """A ZeroMQ socket to a sandboxed kernel that neither reads a huge message nor waits forever to send."""
    import zmq
    from jupyter_client.connect import channel_socket_types

    url = self._make_url(channel)
    sock = self.context.socket(channel_socket_types[channel])
    sock.linger = 1000
    # ZeroMQ drops a larger message and reconnects: one print of a gigabyte never reaches the grader.
    sock.setsockopt(zmq.MAXMSGSIZE, MESSAGE_BYTES)
    # A kernel that stopped reading (its own sockets garbled by the learner's code) cannot block the grader.
    sock.setsockopt(zmq.SNDTIMEO, SEND_TIMEOUT_MS)
    if identity:
        sock.identity = identity
    sock.connect(url)
    return sock


class LimitedKernelClient(AsyncKernelClient):
    """nbgrader's client of a sandboxed kernel, on ``_limited_socket``s."""

    _create_connected_socket = _limited_socket

    def start_channels(self, shell=True, iopub=True, stdin=True, hb=True, control=True) -> None:
        """Every channel but the heartbeat: nbclient watches the kernel's process, and a heartbeat thread on a
        socket the learner's code garbled can block in a send that has no time limit."""
        super().start_channels(shell=shell, iopub=iopub, stdin=stdin, hb=False, control=control)


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts each kernel inside ``sandbox_command`` (nbgrader's Execute uses it).

    The kernel's working folder is a size-limited scratch copy of the submission's autograded
    folder (its course files, read-only): what the kernel writes never reaches autograded/, so
    nbgrader's later steps never meet it. It has no network but a loopback of its own, and
    talks to nbgrader through ZeroMQ ``ipc`` socket files in a folder of its own, removed
    when the kernel ends (a watchdog stops a kernel that fills that folder). Without a
    working bwrap it starts kernels as usual.
    """

    # Both names, as traits: the manager makes its clients with client_factory, whose default is fixed.
    client_class = DottedObjectName("apilab.grading.sandbox.LimitedKernelClient")
    client_factory = Type(LimitedKernelClient, klass=AsyncKernelClient)
    _socket_folder: str | None = None
    _cgroup: Cgroup | None = None
    _watchdog: asyncio.Task | None = None
    answers_visible: tuple[str, ...] = ()  # set by SandboxedExecute from the exercise
    checked_outside: tuple[str, ...] = ()  # set by SandboxedExecute: the cells the grader checks itself (checks_once)

    async def _async_pre_start_kernel(self, **kw):
        if sandbox_problem():
            return await super()._async_pre_start_kernel(**kw)
        if self._socket_folder is None:  # a restart keeps the folder and its connection file
            # In memory where the machine has /dev/shm: what the kernel writes there is then charged to its
            # control group's memory, whether the watchdog sees it (a file unlinked while open, it does not).
            memory = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
            self._socket_folder = tempfile.mkdtemp(prefix="apilab-kernel-", dir=memory)
            self.transport = "ipc"
            self.cache_ports = False
            self.ip = os.path.join(self._socket_folder, "kernel-ipc")
            self.connection_file = os.path.join(self._socket_folder, "kernel.json")
        command, kw = await super()._async_pre_start_kernel(**kw)
        # Nothing the kernel writes on its own streams reaches the grader's terminal or its logs.
        kw["stdout"] = subprocess.DEVNULL
        kw["stderr"] = subprocess.DEVNULL
        workdir = Path(kw.get("cwd") or os.getcwd())
        course_files = [path for path in workdir.iterdir() if path.suffix != ".ipynb"] if workdir.is_dir() else []
        # A signal would reach the launcher, not the kernel, and end both: interrupt with a message instead.
        self.kernel_spec.interrupt_mode = "message"
        if self._cgroup is None and cgroup_version():
            self._cgroup = Cgroup.create(LIMITS)
        from apilab.exercises.kernel import CHECKED_OUTSIDE

        env = {CHECKED_OUTSIDE: ",".join(self.checked_outside)} if self.checked_outside else None
        command = sandbox_command(command, workdir, files=course_files, writable=[self._socket_folder],
                                  answers_visible=self.answers_visible, cgroup=self._cgroup, env=env)
        return command, kw

    _create_connected_socket = _limited_socket  # the control channel: interrupts and shutdown requests

    async def _async_interrupt_kernel(self) -> None:
        """Interrupt by message; a kernel that takes no message any more is killed instead."""
        import zmq

        try:
            await super()._async_interrupt_kernel()
        except zmq.Again:
            await self._async_kill_kernel()

    async def _async_request_shutdown(self, restart: bool = False) -> None:
        import zmq

        try:
            await super()._async_request_shutdown(restart=restart)
        except zmq.Again:  # it takes no message: shutdown goes on to kill it
            pass

    # AsyncKernelManager binds its public names to the base class's functions: bind them to these.
    interrupt_kernel = _async_interrupt_kernel
    request_shutdown = _async_request_shutdown

    async def _async_post_start_kernel(self, **kw) -> None:
        await super()._async_post_start_kernel(**kw)
        if self._socket_folder is not None and self._watchdog is None:
            self._watchdog = asyncio.ensure_future(self._watch_socket_folder())

    async def _watch_socket_folder(self) -> None:
        """Stop the kernel when its socket folder (the one place of the grader's it can write) fills up."""
        limit = LIMITS.disk_mib * 1024 * 1024
        while self._socket_folder is not None:
            await asyncio.sleep(2)
            folder = self._socket_folder
            if folder is None:
                return
            if folder_usage(folder, limit, WATCHED_FILES) > limit:
                await self._async_kill_kernel()
                return

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            if self._watchdog is not None:
                self._watchdog.cancel()
                self._watchdog = None
            if self._socket_folder is not None:
                shutil.rmtree(self._socket_folder, ignore_errors=True)
                self._socket_folder = None
            if self._cgroup is not None:
                self._cgroup.remove()
                self._cgroup = None


def safe_metadata(metadata) -> dict:
    """The display metadata of an output, cut to an image's numeric ``width`` and ``height`` per media type.

    nbconvert's templates write these values into HTML attributes unquoted, and sanitizing the page does not
    reach them: anything but a number could add an attribute (an ``onerror``) to the image.
    """
    kept = {}
    for media, values in (metadata.items() if isinstance(metadata, dict) else ()):
        if isinstance(values, dict):
            numbers = {key: values[key] for key in ("width", "height")
                       if isinstance(values.get(key), (int, float)) and not isinstance(values.get(key), bool)}
            if numbers:
                kept[str(media)[:100]] = numbers
    return kept


def _within_limits(outputs: list) -> list:
    """A cell's outputs with numeric display metadata only, cut after OUTPUT_BYTES with one line saying so."""
    kept, used = [], 0
    for output in outputs:
        if "metadata" in output:
            output["metadata"] = safe_metadata(output["metadata"])
        used += len(json.dumps(output, default=str))
        if used > OUTPUT_BYTES:
            kept.append(nbformat.v4.new_output("stream", name="stdout", text=f"\n{TRUNCATED}\n"))
            break
        kept.append(output)
    return kept


class SandboxedExecute(Execute):
    """nbgrader's Execute, starting kernels with ``SandboxedKernelManager`` and keeping a cell's output small.

    With ``checks_outside`` (set when the grader verifies the submission), the test cells the grader checks
    itself run none of their checks in the kernel (``checks_once``).
    """

    checks_outside = Bool(False, help="The grader checks the cells with hidden tests from outside: "
                                      "their test cells run no check in the kernel").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)
        self._output_bytes: dict[int, int] = {}
        self._update_bytes = 0
        self._timeouts = 0

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        """nbclient's, except that a kernel which stopped taking messages (the learner's code garbled its
        sockets: a send past its time limit) is stopped and said to have died, as nbgrader reports it."""
        import zmq
        from nbclient.exceptions import DeadKernelError

        try:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except zmq.Again:
            await self.km._async_kill_kernel()
            raise DeadKernelError("Kernel died: it no longer took the grader's messages") from None

    # nbclient binds execute_cell to its own async_execute_cell: bind it to this one.
    execute_cell = run_sync(async_execute_cell)

    async def _async_handle_timeout(self, timeout, cell=None):
        """Interrupt a cell past its time limit, as nbgrader does; after TIMEOUTS of them, stop the kernel:
        a kernel that no longer answers would take the limit once more for every cell left."""
        from nbclient.exceptions import DeadKernelError

        self._timeouts += 1
        if self._timeouts >= TIMEOUTS:
            await self.km._async_kill_kernel()
            raise DeadKernelError(f"Kernel died: {self._timeouts} cells ran past the time limit, {KERNEL_STOPPED}")
        return await super()._async_handle_timeout(timeout, cell)

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's outputs until they pass OUTPUT_BYTES, then one line saying the rest was cut."""
        size = len(json.dumps(msg.get("content", {}), default=str))
        used = self._output_bytes.get(cell_index, 0)
        self._output_bytes[cell_index] = used + size
        if used + size <= OUTPUT_BYTES:
            return super().output(outs, msg, display_id, cell_index)
        if used <= OUTPUT_BYTES:
            outs.append(nbformat.v4.new_output("stream", name="stdout", text=f"\n{TRUNCATED}\n"))
        return None

    def _update_display_id(self, display_id, msg):
        """A display the kernel updates (nbclient applies it on a path of its own, not through ``output``) has its
        bytes counted too: past OUTPUT_BYTES of updates in all, an update is dropped."""
        targets = sum(len(indices) for indices in self._display_id_map.get(display_id, {}).values())
        self._update_bytes += targets * len(json.dumps(msg.get("content", {}), default=str))
        if self._update_bytes > OUTPUT_BYTES:
            return None
        return super()._update_display_id(display_id, msg)

    def preprocess(self, nb, resources=None, km=None):
        """Execute the notebook; then, whatever path an output took and even when execution stopped on an
        error, keep only numeric display metadata and at most OUTPUT_BYTES of outputs per cell."""
        try:
            return super().preprocess(nb, resources, km)
        finally:
            for cell in nb.cells:
                if "outputs" in cell:
                    cell["outputs"] = _within_limits(cell["outputs"])

    def create_kernel_manager(self):
        """The kernel manager, told which of the course's answer modules this exercise may import."""
        from apilab.exercises import EXERCISES

        manager = super().create_kernel_manager()
        assignment = (getattr(self, "resources", None) or {}).get("nbgrader", {}).get("assignment")
        exercise = EXERCISES.get(assignment)
        manager.answers_visible = exercise.answers_visible if exercise else ()
        if exercise is not None and self.checks_outside:
            from apilab.grading.checks_once import cells_checked_outside

            manager.checked_outside = cells_checked_outside(self.nb, exercise)
        return manager


def autograde_preprocessors() -> list:
    """nbgrader's autograde preprocessors with its Execute replaced by SandboxedExecute."""
    from nbgrader.converters.autograde import Autograde

    return [SandboxedExecute if each is Execute else each for each in Autograde().autograde_preprocessors]


def native_folders() -> list[str]:
    """The folders a sandboxed process may load native code from: those it sees read-only only."""
    return [*SYSTEM_FOLDERS, *map(str, _python_folders()), str(package_folder())]
