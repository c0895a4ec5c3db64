"""Limits on a learner's code while it is graded: memory, processes, open files, disk, CPU and wall time.

Every sandboxed command starts through ``limited_command``: a few lines of
Python (``LAUNCHER``) that put the process in the submission's control groups
(``Cgroup``, when the machine lets the grader make them: cgroups v2, else v1),
set its resource limits (rlimits, always), rebuild its environment from an
allow-list, arm a wall-clock alarm, and only then start the command (bwrap),
whose every process inherits all of it. ``in_force()`` says in words which
mechanisms applied, for the instructor's notes.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
CGROUP_ROOT = Path("/sys/fs/cgroup")


@dataclass(frozen=True)
class Limits:
    """What one sandboxed process tree of a submission may use."""

    memory_mib: int = 2048  # address space of each process (rlimit); memory of the whole tree (cgroup)
    processes: int = 512  # processes and threads of the whole tree (cgroup)
    open_files: int = 512  # per process
    file_mib: int = 64  # the largest file a process may write
    disk_mib: int = 256  # the working copy and /tmp, each a tmpfs of this size
    cpu_seconds: int = 900  # CPU time per process
    wall_seconds: int = 900  # the whole run, then it is killed

    def rlimits(self) -> dict[str, int]:
        """{resource name: limit} for ``resource.setrlimit``."""
        return {"RLIMIT_AS": self.memory_mib * MIB, "RLIMIT_NOFILE": self.open_files,
                "RLIMIT_FSIZE": self.file_mib * MIB, "RLIMIT_CPU": self.cpu_seconds, "RLIMIT_CORE": 0}


LIMITS = Limits()

# The variables a learner's code gets from the grader's environment (the rest is dropped: tokens, URLs
# with credentials, paths); a caller adds its own with ``env``.
ENV_ALLOWED = ("LANG", "LC_ALL", "TZ", "NBGRADER_EXECUTION", "NBGRADER_VALIDATING", "MPLBACKEND")

# Run as ``python -I -c LAUNCHER SPEC COMMAND...``: stdlib only, so it starts in milliseconds.
LAUNCHER = """
import json, os, resource, signal, sys
spec = json.loads(sys.argv[1])
for procs in spec["cgroups"]:
    with open(procs, "w") as file:
        file.write(str(os.getpid()))
for name, value in spec["rlimits"].items():
    resource.setrlimit(getattr(resource, name), (value, value))
env = {key: os.environ[key] for key in spec["allowed"] if key in os.environ}
env.update(spec["set"])
signal.alarm(spec["alarm"])
os.execvpe(sys.argv[2], sys.argv[2:], env)
"""


def sandbox_environment(workdir: str | os.PathLike) -> dict[str, str]:
    """The variables every sandboxed process gets, whatever the grader's environment holds.

    PYTHONPATH names the folder of the course's package the grader itself imported (the one the sandbox
    binds), so a sandboxed process never looks for another copy (an editable install's, say) it cannot see.
    """
    import apilab

    venv_bin = os.path.dirname(sys.executable)
    package_parent = os.path.dirname(os.path.dirname(os.path.realpath(apilab.__file__)))
    return {"PATH": os.pathsep.join([venv_bin, "/usr/local/bin", "/usr/bin", "/bin"]), "HOME": os.fspath(workdir),
            "PYTHONPATH": package_parent,
            "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
            "MALLOC_ARENA_MAX": "2", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"}


def limited_command(argv: list[str], workdir: str | os.PathLike, limits: Limits = LIMITS,
                    cgroup: Cgroup | None = None, env: dict[str, str] | None = None) -> list[str]:
    """``argv`` started by the launcher: in ``cgroup``, with ``limits``' rlimits and alarm, an allow-listed env."""
    spec = {"cgroups": cgroup.procs_files() if cgroup else [], "rlimits": limits.rlimits(),
            "allowed": list(ENV_ALLOWED), "set": {**sandbox_environment(workdir), **(env or {})},
            "alarm": limits.wall_seconds}
    return [sys.executable, "-I", "-c", LAUNCHER, json.dumps(spec), *argv]


def _own_cgroup(controller: str = "") -> str | None:
    """This process's cgroup path: in the v1 hierarchy of ``controller``, or (no controller) in the v2 one."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if (controller in controllers.split(",")) if controller else controllers == "":
            return path
    return None


@functools.lru_cache(maxsize=1)
@functools.lru_cache(maxsize=1)
def cgroup_version() -> str:
    """"v2" or "v1" when the grader can make control groups with memory and pids limits here, else ""."""
    for version in ("v2", "v1"):
        try:
            probe = Cgroup.create(LIMITS, version)
        except OSError:
            continue
        probe.remove()
        return version
    return ""


class Cgroup:
    """Control groups limiting the memory and the processes of one sandboxed tree, removed afterwards."""

    def __init__(self, folders: list[Path], version: str):
        self.folders = folders
        self.version = version

    @classmethod
    def create(cls, limits: Limits, version: str | None = None) -> Cgroup:
        """Make the groups (OSError when this machine does not let the grader); ``version`` as cgroup_version."""
        version = cgroup_version() if version is None else version
        name = f"apilab-{secrets.token_hex(6)}"
        memory = str(limits.memory_mib * MIB)
        folders: list[Path] = []
        try:
            if version == "v2":
                parent = CGROUP_ROOT / (_own_cgroup() or "/").lstrip("/")
                if not {"memory", "pids"} <= set((parent / "cgroup.subtree_control").read_text().split()):
                    raise OSError("the memory and pids controllers are not delegated here")
                folder = parent / name
                folder.mkdir()
                folders.append(folder)
                (folder / "memory.max").write_text(memory)
                (folder / "pids.max").write_text(str(limits.processes))
            elif version == "v1":
                for controller, limit_file, value in (("memory", "memory.limit_in_bytes", memory),
                                                      ("pids", "pids.max", str(limits.processes))):
                    own = _own_cgroup(controller)
                    if own is None:
                        raise OSError(f"no cgroup v1 {controller} hierarchy")
                    folder = CGROUP_ROOT / controller / own.lstrip("/") / name
                    folder.mkdir()
                    folders.append(folder)
                    (folder / limit_file).write_text(value)
            else:
                raise OSError("no control groups here")
        except OSError:
            cls(folders, version).remove()
            raise
        return cls(folders, version)

    def procs_files(self) -> list[str]:
        return [str(folder / "cgroup.procs") for folder in self.folders]

    def remove(self) -> None:
        """Kill what is left in the groups and remove them."""
        for folder in self.folders:
            for _ in range(50):
                try:
                    pids = [int(pid) for pid in (folder / "cgroup.procs").read_text().split()]
                except OSError:
                    break
                if not pids:
                    break
                for pid in pids:
                    try:
                        os.kill(pid, 9)
                    except OSError:
                        pass
                time.sleep(0.02)
            try:
                folder.rmdir()
            except OSError:
                pass


def in_force(limits: Limits = LIMITS) -> str:
    """Which limits apply to learners' code here, in words."""
    version = cgroup_version()
    rlimits = (f"rlimits: {limits.memory_mib} MiB of address space, {limits.open_files} open files, "
               f"{limits.file_mib} MiB per file and {limits.cpu_seconds} CPU-seconds per process")
    groups = (f"cgroup {version}: {limits.memory_mib} MiB of memory and {limits.processes} processes in all"
              if version else "no cgroup (the machine does not let the grader make one): memory is limited per "
              "process, processes are not counted")
    return (f"{rlimits}; {groups}; tmpfs: {limits.disk_mib} MiB for the working copy and for /tmp; "
            f"killed after {limits.wall_seconds} s in all")
