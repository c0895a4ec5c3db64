"""Practice in the lesson Deployment: gunicorn's settings for a machine's cores, and a probe without its Host.

``check_gunicorn_args`` reads the learner's ``GUNICORN_CMD_ARGS`` with gunicorn's own argument
parser. ``check_probe_claim`` runs the Django image's command itself (``serve_like_container``,
stopped at the end) and asks it for ``/readyz/`` as a kubelet would.
"""

from __future__ import annotations

import contextlib
import io
import numbers
import shlex
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from apilab.lessons.practice.feedback import attempt, not_done, point, report

CORES = (1, 2, 4, 8)
KUBELET_HOST = "10.1.2.3:8080"   # a pod's IP and the probe's port: what a kubelet sends as Host
PROBE_CHECK = "probe"            # the word that names check_deployment's probe rows


def _parsed(arguments) -> tuple[dict | None, str | None]:
    """gunicorn's reading of an argument string (or list): its settings, or why it refused them."""
    from gunicorn.config import Config

    try:
        words = shlex.split(arguments) if isinstance(arguments, str) else [str(word) for word in arguments]
    except ValueError as error:
        return None, f"the string cannot be split into arguments as a shell would ({error})"
    parser = Config().parser()
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            settings, unknown = parser.parse_known_args(words)
    except SystemExit:
        return None, "gunicorn's parser refused these arguments"
    if unknown:
        return None, f"gunicorn does not know {' '.join(unknown)[:60]}"
    return vars(settings), None


def _addresses(bind) -> list | None:
    """Where gunicorn listens for ``bind`` (its list of --bind values), as gunicorn itself reads each one."""
    from gunicorn.util import parse_address

    try:
        hosts_ports = [parse_address(address) for address in bind or ["127.0.0.1:8000"]]
    except (RuntimeError, ValueError):
        return None
    return [("0.0.0.0", found[1]) if isinstance(found, tuple) and found[0] == "" else found for found in hosts_ports]


def _image_settings(folder) -> dict:
    """What the Django image's Dockerfile gives gunicorn in GUNICORN_CMD_ARGS."""
    from apilab.lessons.deployment_files import dockerfile_env, read_dockerfile

    arguments = dockerfile_env(read_dockerfile(Path(folder) / "Dockerfile")).get("GUNICORN_CMD_ARGS", "")
    settings, _ = _parsed(arguments)
    return settings or {}


def check_gunicorn_args(gunicorn_args: Callable, folder) -> int | None:
    """Lesson Deployment: ``gunicorn_args(cores)``, the image's GUNICORN_CMD_ARGS for a machine of ``cores`` cores."""
    first, error = attempt(gunicorn_args, 1)
    if first is None and error is None:
        return not_done("make `gunicorn_args(cores)` return the GUNICORN_CMD_ARGS string, and run this again")
    image = _image_settings(folder)
    readings = {}
    for cores in CORES:
        arguments, error = attempt(gunicorn_args, cores)
        if error is None and not isinstance(arguments, (str, list, tuple)):
            error = f"it returned a {type(arguments).__name__}, not a string"
        readings[cores] = _parsed(arguments) if error is None else (None, error)
    refused = {cores: why for cores, (settings, why) in readings.items() if settings is None}
    if refused:
        cores, why = next(iter(refused.items()))
        return report([point(False, "gunicorn reads your arguments", f"for {cores} cores: {why}")])
    settings = {cores: found for cores, (found, _) in readings.items()}
    wrong = [(cores, found["workers"]) for cores, found in settings.items()
             if found["workers"] != 2 * cores + 1]
    shown = ", ".join(f"{workers} for {cores} cores" for cores, workers in wrong[:2])
    return report([
        point(not wrong, "workers for 1, 2, 4 and 8 cores",
              f"you gave {shown}: lesson Scalability names gunicorn's suggested start per core"),
        point(all(_addresses(found["bind"]) == _addresses(image.get("bind")) for found in settings.values()),
              "the address and port the image serves on", "bind where the Dockerfile's GUNICORN_CMD_ARGS binds"),
        point(all(found["accesslog"] == image.get("accesslog") for found in settings.values()),
              "the access log goes where the image sends it", "log requests where the Dockerfile's settings do"),
        point(all(not found["args"] for found in settings.values()),
              "settings only: the image's CMD names the app", "leave the WSGI target out of GUNICORN_CMD_ARGS"),
    ])


def _kubelet_status(folder, env) -> int:
    import requests

    from apilab.lessons.container_command import serve_like_container

    with serve_like_container(folder, env=env) as container:
        return requests.get(container.url + "/readyz/", headers={"Host": KUBELET_HOST}, timeout=15).status_code


def _copy_without_probe_host(folder) -> list[str]:
    """The checks check_deployment fails on a copy of ``folder`` whose readiness probe has no httpHeaders."""
    import yaml

    from apilab.lessons.deployment_files import check_deployment

    with tempfile.TemporaryDirectory(prefix="probe-claim-") as workdir:
        copy = Path(workdir) / "deployment-copy"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__", "staticfiles", "*.sqlite3"))
        documents = list(yaml.safe_load_all((copy / "kubernetes.yaml").read_text()))
        for document in documents:
            if isinstance(document, dict) and document.get("kind") == "Deployment":
                for container in document["spec"]["template"]["spec"]["containers"]:
                    container.get("readinessProbe", {}).get("httpGet", {}).pop("httpHeaders", None)
        (copy / "kubernetes.yaml").write_text(yaml.safe_dump_all(documents))
        checks = check_deployment(copy)
    return sorted(checks.loc[~checks.passed, "check"])


def _failing_points(failing, deployment_checks: pd.DataFrame, folder) -> list:
    what = "`failing`, the failing rows of check_deployment on your copy"
    if not (isinstance(failing, pd.DataFrame) and {"check", "passed"} <= set(failing.columns)):
        return [point(False, what, "the rows of check_deployment(copy), with their check and passed columns, "
                                   "whose passed is False")]
    named = failing["check"].astype(str)
    passed_rows = failing["passed"].map(lambda value: value is True or str(value) == "True").sum()
    if passed_rows:
        return [point(False, what, f"{passed_rows} of your rows passed: keep only the rows whose passed is False")]
    expected, error = attempt(_copy_without_probe_host, folder)
    if expected is None:
        return [point(False, what, error or "the copy could not be checked")]
    passed_before = set(deployment_checks.loc[deployment_checks.passed, "check"])
    return [point(sorted(named) == expected and set(named) <= passed_before and any(PROBE_CHECK in c for c in named),
                  "your copy fails the probe check, and only what your edit broke",
                  f"{len(named)} failing rows: remove only the readiness probe's httpHeaders in the copy")]


def check_probe_claim(failing, kubelet_status, pod_ready, deployment_checks: pd.DataFrame, folder,
                      env: dict) -> int | None:
    """Lesson Deployment: what check_deployment and the app say of a readiness probe without its Host header."""
    if failing is None and kubelet_status is None and pod_ready is None:
        return not_done("set `failing`, `kubelet_status` and `pod_ready`, and run this again")
    results = _failing_points(failing, deployment_checks, folder)
    status, error = attempt(_kubelet_status, folder, env)
    if status is None:
        results.append(point(False, "asking the app as a kubelet would", error or "the app did not answer"))
        return report(results)
    whole = isinstance(kubelet_status, numbers.Integral) and not isinstance(kubelet_status, (bool, np.bool_))
    results.append(point(whole and int(kubelet_status) == status,
                         "the status a kubelet gets from /readyz/",
                         f"you have {kubelet_status!r}: ask /readyz/ with a Host of a pod's IP and the probe's port"))
    results.append(point(isinstance(pod_ready, (bool, np.bool_)) and bool(pod_ready) == (200 <= status < 400),
                         "whether Kubernetes sends the pod traffic",
                         "an HTTP probe succeeds on a status from 200 to 399: what does yours make of the pod?"))
    return report(results)
