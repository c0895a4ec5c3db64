"""Read and check deployment files: a Dockerfile, a compose file and Kubernetes manifests.

Without a container engine, the files are still checked with the tools of the
field: the Dockerfile is read by Docker's own parser (the ``dockerfile``
package), the compose file is validated against the Compose Specification's
JSON schema (the copy ``check-jsonschema`` ships), and each Kubernetes
document against the Kubernetes API schema (``kubernetes-validate``). On top,
:func:`check_deployment` checks what the schemas cannot: that the files agree
with each other and with the projects they deploy: the Django image
(``Dockerfile``), the Flask image (``Dockerfile.flask``, whose gunicorn settings
are in a ``--config`` file), and the Nginx (``nginx.conf``) that fronts
gunicorn in every pod.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import shlex
from pathlib import Path

import pandas as pd
import yaml

# The Docker build context of the course's Dockerfile is the course's root
# folder; its COPY of the project folder lands in this directory.
PROJECT_SOURCE = "notebooks/deployment/"
# The Deployment and Service; the migration Job, applied (and waited for) before them.
MANIFEST = "kubernetes.yaml"
MIGRATION_MANIFEST = "kubernetes-migrate.yaml"
# The images: Django's, and Flask's when the folder has one.
DOCKERFILES = ("Dockerfile", "Dockerfile.flask")
NGINX_CONFIG = "nginx.conf"


def read_dockerfile(path) -> pd.DataFrame:
    """Return the Dockerfile's instructions as a table: line, instruction, arguments, exec form."""
    import dockerfile

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no Dockerfile at {path}")
    commands = dockerfile.parse_file(str(path))
    return pd.DataFrame(
        [
            {"line": c.start_line, "instruction": c.cmd.upper(), "arguments": list(c.value),
             "exec_form": c.json}
            for c in commands
        ]
    )


def dockerfile_env(instructions: pd.DataFrame) -> dict[str, str]:
    """Return the environment variables the Dockerfile's ENV instructions set."""
    env: dict[str, str] = {}
    for arguments in instructions.loc[instructions.instruction == "ENV", "arguments"]:
        for name, value in zip(arguments[::2], arguments[1::2]):
            # The parser keeps the quotes; Docker removes them, as a shell would.
            env[name] = "".join(shlex.split(value))
    return env


def dockerfile_command(instructions: pd.DataFrame) -> list[str]:
    """Return the last CMD of the Dockerfile as an argument list."""
    commands = instructions.loc[instructions.instruction == "CMD"]
    if commands.empty:
        raise ValueError("the Dockerfile has no CMD")
    last = commands.iloc[-1]
    return list(last.arguments) if last.exec_form else shlex.split(last.arguments[0])


def gunicorn_option(arguments: str, name: str) -> str | None:
    """Return the value of ``--name`` in a gunicorn argument string (``--bind=...`` or ``--bind ...``)."""
    words = shlex.split(arguments)
    for index, word in enumerate(words):
        if word.startswith(f"--{name}="):
            return word.split("=", 1)[1]
        if word == f"--{name}" and index + 1 < len(words):
            return words[index + 1]
    return None


def gunicorn_config_bind(command: list[str], folder) -> str | None:
    """Return the ``bind`` of the gunicorn ``--config``/``-c`` file the command names, read without running it."""
    import ast

    for index, word in enumerate(command):
        name = (word.split("=", 1)[1] if word.startswith("--config=")
                else command[index + 1] if word in ("--config", "-c") and index + 1 < len(command) else None)
        if name and (Path(folder) / name).is_file():
            tree = ast.parse((Path(folder) / name).read_text(encoding="utf-8"))
            for node in tree.body:
                if (isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["bind"]
                        and isinstance(node.value, ast.Constant)):
                    return node.value.value
    return None


def nginx_directives(text: str) -> list[tuple[str, str]]:
    """Return every simple ``name arguments;`` directive of an nginx configuration, comments left out."""
    lines = [line.split("#", 1)[0] for line in text.splitlines()]
    return [(name, arguments.strip()) for name, arguments in
            re.findall(r"^\s*(\w+)\s+([^;{}]*);", "\n".join(lines), re.MULTILINE)]


def read_yaml_documents(path) -> list[dict]:
    """Return every YAML document in a file (Kubernetes manifests hold several)."""
    with open(path, encoding="utf-8") as file:
        return [document for document in yaml.safe_load_all(file) if document]


def validate_compose(path) -> list[str]:
    """Validate a compose file against the Compose Specification; return the errors (none: valid)."""
    import jsonschema

    schema_file = (importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
                   / "compose-spec.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    (document,) = read_yaml_documents(path)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in validator.iter_errors(document)]


def validate_kubernetes(path) -> list[str]:
    """Validate each Kubernetes document strictly against the API schema; return the errors."""
    from kubernetes_validate import utils

    errors = []
    for document in read_yaml_documents(path):
        name = f"{document.get('kind')}/{document.get('metadata', {}).get('name')}"
        try:
            utils.validate(document, utils.latest_version(), strict=True)
        except utils.ValidationError as error:
            where = "/".join(map(str, error.path)) or "(top)"
            errors.append(f"{name} {where}: {error.message}")
    return errors


def _probe_row(workload: str, container: str, kind: str, probe: dict) -> dict:
    if "httpGet" in probe:
        http = probe["httpGet"]
        headers = {h["name"]: h["value"] for h in http.get("httpHeaders", [])}
        return {"workload": workload, "container": container, "probe": kind, "type": "httpGet",
                "path": http["path"], "port": http["port"], "host_header": headers.get("Host")}
    if "exec" in probe:  # a command run in the container, such as a request to http://localhost:PORT/PATH
        called = re.search(r"https?://([^/:'\"]+)(?::(\d+))?(/[^'\"\s]*)", " ".join(probe["exec"]["command"]))
        return {"workload": workload, "container": container, "probe": kind, "type": "exec",
                "path": called.group(3) if called else None,
                "port": int(called.group(2)) if called and called.group(2) else None,
                "host_header": called.group(1) if called else None}
    kind_of = next(iter(set(probe) & {"tcpSocket", "grpc"}), "other")
    return {"workload": workload, "container": container, "probe": kind, "type": kind_of,
            "path": None, "port": probe.get(kind_of, {}).get("port"), "host_header": None}


PROBE_COLUMNS = ["workload", "container", "probe", "type", "path", "port", "host_header"]


def kubernetes_probes(path) -> pd.DataFrame:
    """Return the probes of every container in the manifests: kind, where they point, with what Host.

    For an ``exec`` probe that requests a URL, the path, port and host are the URL's.
    """
    rows = []
    for document in read_yaml_documents(path):
        pod = document.get("spec", {}).get("template", {}).get("spec", {})
        for container in pod.get("containers", []):
            for kind in ("readinessProbe", "livenessProbe", "startupProbe"):
                if kind in container:
                    rows.append(_probe_row(document["metadata"]["name"], container["name"], kind,
                                           container[kind]))
    return pd.DataFrame(rows, columns=PROBE_COLUMNS)


def dockerfile_uid(instructions: pd.DataFrame) -> int | None:
    """Return the numeric UID of the Dockerfile's last USER, or None (no USER, or a name)."""
    users = list(instructions.loc[instructions.instruction == "USER", "arguments"])
    if not users:
        return None
    uid = users[-1][0].split(":")[0]
    return int(uid) if uid.isdigit() else None


def pod_spec(document: dict) -> dict | None:
    """Return the pod spec of a Deployment, Job, StatefulSet, ... (or of a bare Pod); None for others."""
    if document.get("kind") == "Pod":
        return document.get("spec", {})
    template = document.get("spec", {}).get("template")
    return template.get("spec", {}) if template else None


def _runs_migrate(container: dict, *flags: str) -> bool:
    """Does this container run Django's ``migrate`` (with ``flags``)?"""
    command = list(container.get("command", [])) + list(container.get("args", []))
    return "migrate" in command and all(flag in command for flag in flags)


def _container_ports(container: dict) -> dict:
    """Map a container's port names and numbers to numbers."""
    ports = {}
    for port in container.get("ports", []):
        ports[port["containerPort"]] = port["containerPort"]
        if "name" in port:
            ports[port["name"]] = port["containerPort"]
    return ports


def _target_exists(folder: Path, target: str) -> tuple[bool, str]:
    """Does ``module:attribute`` (or ``module:factory()``) exist in the project folder?"""
    module, _, attribute = target.partition(":")
    module_file = folder / f"{module.replace('.', '/')}.py"
    if not module_file.is_file():
        return False, f"{target} -> no {module_file.name}"
    text = module_file.read_text(encoding="utf-8")
    name = attribute.removesuffix("()")
    found = f"def {name}(" in text if attribute.endswith("()") else f"{name} =" in text
    return found, f"{target} -> {module_file.name}"


def check_image(folder, dockerfile: str = "Dockerfile") -> tuple[list[dict], dict]:
    """Check one Dockerfile against the project; return its rows and what later checks need of it.

    The second value holds ``bind_port`` (where gunicorn serves in the image), ``uid``,
    ``user`` and ``command``.
    """
    folder = Path(folder)
    rows: list[dict] = []

    def check(name: str, passed: bool, detail: str) -> None:
        rows.append({"file": dockerfile, "check": name, "passed": bool(passed), "detail": detail})

    steps = read_dockerfile(folder / dockerfile)
    env = dockerfile_env(steps)
    command = dockerfile_command(steps)
    exposed = {int(p.split("/")[0]) for args in steps.loc[steps.instruction == "EXPOSE", "arguments"]
               for p in args}
    bind = (gunicorn_option(env.get("GUNICORN_CMD_ARGS", ""), "bind")
            or gunicorn_option(shlex.join(command), "bind") or gunicorn_config_bind(command, folder) or "")
    bind_port = int(bind.rsplit(":", 1)[1]) if ":" in bind else None
    check("CMD in exec form (the server is PID 1 and gets SIGTERM)",
          steps.loc[steps.instruction == "CMD"].iloc[-1].exec_form, " ".join(command))
    target = command[-1]
    found, detail = _target_exists(folder, target)
    check("the WSGI target exists in the project", found, detail)
    module_file = f"{target.partition(':')[0].replace('.', '/')}.py"
    copies = [args for args in steps.loc[steps.instruction == "COPY", "arguments"]
              if any(source == PROJECT_SOURCE or source == PROJECT_SOURCE + module_file for source in args[:-1])]
    check("the project folder is copied into the image", bool(copies),
          f"COPY {' '.join(copies[0])}" if copies else f"no COPY of {PROJECT_SOURCE} or of {module_file} in it")
    check("gunicorn binds all interfaces on the EXPOSEd port",
          bind.startswith("0.0.0.0:") and bind_port in exposed, f"bind {bind}, EXPOSE {sorted(exposed)}")
    users = list(steps.loc[steps.instruction == "USER", "arguments"])
    user = users[-1][0] if users else ""
    uid = dockerfile_uid(steps)
    check("runs as a user other than root", bool(users) and user.split(":")[0] not in ("root", "0"),
          f"USER {user}" if users else "no USER")
    check("USER is a number (Kubernetes can check runAsNonRoot only against a UID)",
          uid is not None, f"USER {user}" if users else "no USER")
    check("no secret baked into the image",
          not any("SECRET" in name for name in env), f"ENV sets {sorted(env)}")
    return rows, {"bind_port": bind_port, "uid": uid, "user": user, "command": command}


def _pod_containers(deployment: dict) -> tuple[dict | None, dict]:
    """Return (the Nginx container or None, the app container) of a Deployment's pod."""
    containers = deployment["spec"]["template"]["spec"]["containers"]
    proxies = [c for c in containers if "nginx" in c.get("image", "")]
    apps = [c for c in containers if c not in proxies]
    return (proxies[0] if proxies else None), apps[0]


def _env_value(container: dict, name: str) -> str | None:
    return next((item.get("value") for item in container.get("env", []) if item["name"] == name), None)


def check_deployment(folder) -> pd.DataFrame:
    """Check the Dockerfiles, nginx.conf, compose.yaml and the Kubernetes manifests in ``folder``.

    Against each other and the projects: returns one row per check: file, check, passed, detail.
    """
    folder = Path(folder)
    rows: list[dict] = []

    def check(file: str, name: str, passed: bool, detail: str) -> None:
        rows.append({"file": file, "check": name, "passed": bool(passed), "detail": detail})

    image_rows, image = check_image(folder, "Dockerfile")
    rows += image_rows
    for other in DOCKERFILES[1:]:
        if (folder / other).is_file():
            rows += check_image(folder, other)[0]
    bind_port, uid, user = image["bind_port"], image["uid"], image["user"]

    compose_errors = validate_compose(folder / "compose.yaml")
    check("compose.yaml", "valid against the Compose Specification", not compose_errors,
          "; ".join(compose_errors) or "valid")
    (compose,) = read_yaml_documents(folder / "compose.yaml")
    web = compose["services"]["web"]
    published = [int(str(p).rsplit(":", 1)[1]) for p in web.get("ports", [])]
    check("compose.yaml", "web publishes the port the image serves on", published == [bind_port],
          f"ports {web.get('ports')}")
    web_env = web.get("environment", {})
    check("compose.yaml", "web sets the variables production settings require",
          {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"} <= set(web_env), f"sets {sorted(web_env)}")
    migrate = compose["services"].get("migrate", {})
    check("compose.yaml", "migrations run once, before web starts",
          "migrate" in migrate.get("command", [])
          and web.get("depends_on", {}).get("migrate", {}).get("condition")
          == "service_completed_successfully",
          f"migrate: {migrate.get('command')}")

    for manifest in (MANIFEST, MIGRATION_MANIFEST):
        k8s_errors = validate_kubernetes(folder / manifest) if (folder / manifest).is_file() else ["missing"]
        check(manifest, "valid against the Kubernetes API schema", not k8s_errors,
              "; ".join(k8s_errors) or "valid")
    documents = read_yaml_documents(folder / MANIFEST)
    jobs = (read_yaml_documents(folder / MIGRATION_MANIFEST)
            if (folder / MIGRATION_MANIFEST).is_file() else [])
    for document in documents + jobs:
        pod = pod_spec(document)
        if pod is None:
            continue
        context = pod.get("securityContext", {})
        name = f"{document['kind']}/{document['metadata']['name']}"
        check(MANIFEST if document in documents else MIGRATION_MANIFEST,
              f"{name} runs as the image's numeric non-root user",
              context.get("runAsNonRoot") is True and uid is not None and context.get("runAsUser") == uid,
              f"runAsNonRoot {context.get('runAsNonRoot')}, runAsUser {context.get('runAsUser')}, image USER {user}")
    migrating_jobs = [d for d in jobs if d.get("kind") == "Job"
                      and any(_runs_migrate(c) for c in pod_spec(d).get("containers", []))]
    in_deployment_file = [d for d in documents if d.get("kind") == "Job"]
    check(MIGRATION_MANIFEST, "a Job of its own runs the migrations, applied before the Deployment",
          bool(migrating_jobs) and not in_deployment_file,
          f"Jobs here {[d['metadata']['name'] for d in migrating_jobs]}; Jobs in {MANIFEST} "
          f"{[d['metadata']['name'] for d in in_deployment_file]}")
    deployment = next(d for d in documents if d["kind"] == "Deployment")
    service = next(d for d in documents if d["kind"] == "Service")
    gates = [c for c in deployment["spec"]["template"]["spec"].get("initContainers", [])
             if _runs_migrate(c, "--check")]
    check(MANIFEST, "no pod serves before the migrations are applied (init container: migrate --check)",
          bool(gates), " ".join(gates[0]["command"]) if gates else "no init container runs migrate --check")

    proxy, container = _pod_containers(deployment)
    nginx_text = (folder / NGINX_CONFIG).read_text(encoding="utf-8") if (folder / NGINX_CONFIG).is_file() else ""
    directives = nginx_directives(nginx_text)
    upstreams = [arguments for name, arguments in directives if name == "server"]
    listens = sorted({int(re.match(r"(?:[\d.]+:)?(\d+)", arguments).group(1))
                      for name, arguments in directives if name == "listen"})
    pod_bind = gunicorn_option(_env_value(container, "GUNICORN_CMD_ARGS") or "", "bind") or f"0.0.0.0:{bind_port}"
    check(MANIFEST, "Nginx runs in front of gunicorn in each pod (it buffers slow clients)",
          proxy is not None and upstreams == [pod_bind],
          f"proxy container {proxy['name'] if proxy else None}, {NGINX_CONFIG} upstream {upstreams}, "
          f"gunicorn binds {pod_bind}")
    check(MANIFEST, "gunicorn listens on 127.0.0.1 only: reachable through Nginx alone",
          pod_bind.startswith("127.0.0.1:") and not container.get("ports"),
          f"bind {pod_bind}; app container ports {container.get('ports', [])}")
    forwarded = [arguments.split() for name, arguments in directives if name == "proxy_set_header"]
    check(NGINX_CONFIG, "Nginx sets X-Forwarded-Proto itself, replacing what a client sent",
          ["X-Forwarded-Proto", "$scheme"] in forwarded,
          f"proxy_set_header {[' '.join(f) for f in forwarded if f[0].lower() == 'x-forwarded-proto']}")
    front = proxy or container
    ports = _container_ports(front)
    check(MANIFEST, "the container port is the one the image serves on" if proxy is None
          else "the proxy's container ports are the ones nginx.conf listens on",
          set(ports.values()) == ({bind_port} if proxy is None else set(listens)),
          f"containerPort {sorted(set(ports.values()))}; nginx listens on {listens}")
    targets = [p["targetPort"] for p in service["spec"]["ports"]]
    check(MANIFEST, "the Service forwards to the container's port",
          all(t in ports for t in targets), f"targetPort {targets} -> {front['name']} ports {sorted(map(str, ports))}")
    selector = service["spec"]["selector"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    check(MANIFEST, "the Service selects the Deployment's pods",
          selector.items() <= labels.items(), f"selector {selector}")
    policies = [d for d in documents if d.get("kind") == "NetworkPolicy"]
    admitted = sorted({p["port"] for policy in policies for rule in policy["spec"].get("ingress", [])
                       for p in rule.get("ports", [])})
    check(MANIFEST, "the NetworkPolicy admits only the front container's ports",
          bool(policies) and set(admitted) == set(ports.values()), f"admits {admitted}")
    allowed = {h.strip() for h in (_env_value(container, "DJANGO_ALLOWED_HOSTS") or "").split(",")}
    probes = kubernetes_probes(folder / MANIFEST)
    calls = probes.loc[probes.type.isin(["httpGet", "exec"])]
    hosts = [h if isinstance(h, str) else "none (the pod IP is sent)" for h in calls.host_header]
    check(MANIFEST, "probes send a Host that ALLOWED_HOSTS accepts",
          not calls.empty and set(hosts) <= allowed,
          "; ".join(f"{c}.{probe} Host: {host}" for c, probe, host in zip(calls.container, calls.probe, hosts))
          + f"; allowed {sorted(allowed)}")
    images = {container["image"], web.get("image")}
    check(MANIFEST, "the same image as compose", len(images) == 1, f"images {sorted(images)}")
    return pd.DataFrame(rows)
