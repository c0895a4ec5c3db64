"""The running test hub: what learners get, and that it agrees with the Zero to JupyterHub values."""

from pathlib import Path

import psutil
import pytest
import yaml
from hub_support import load_script

pytestmark = pytest.mark.hub

SHIPPED = Path(__file__).resolve().parents[2] / "jupyterhub"


def test_the_class_environment_holds_no_answers(class_hub):
    build = load_script(SHIPPED / "build_class_env.py")
    folders = build.course_folders(class_hub.env)
    assert len(folders) == 2 and all(folder.is_dir() for folder in folders)
    assert [path for folder in folders for path in build.answers_in(folder)] == []
    lessons = class_hub.env / "share" / "flask-vs-django" / "notebooks"
    assert any(lessons.glob("*-Django-And-DRF.ipynb"))
    # The check can fail: the course's solutions hold exactly what it looks for.
    assert build.answers_in(Path(__file__).resolve().parents[2] / "solutions")


def test_the_hub_agrees_with_the_zero_to_jupyterhub_values(class_hub):
    values = yaml.safe_load((SHIPPED / "zero-to-jupyterhub" / "values.yaml").read_text())
    groups = {group["name"]: group for group in class_hub.api("GET", "/groups").json()}
    assert set(values["hub"]["config"]["JupyterHub"]["load_groups"]) <= set(groups)
    assert set(groups["nbgrader-flask-vs-django"]["users"]) == {class_hub.instructor, *class_hub.learners}
    assert set(groups["formgrade-flask-vs-django"]["users"]) == {class_hub.instructor}
    services = class_hub.api("GET", "/services").json()
    assert set(values["hub"]["services"]) <= set(services)
    for name, role in values["hub"]["loadRoles"].items():
        for group in role.get("groups", []):
            assert name in groups[group]["roles"], f"group {group} lacks role {name}: {groups[group]}"
        for service in role.get("services", []):
            assert name in services[service]["roles"], f"service {service} lacks role {name}"
    # The nbgrader config every server of the test hub reads is the one the values mount.
    mounted = values["singleuser"]["extraFiles"]["nbgrader-config"]["stringData"]
    assert (class_hub.env / "etc" / "jupyter" / "nbgrader_config.py").read_text().rstrip() == mounted.rstrip()


def test_the_class_environment_culls_idle_kernels_and_carries_the_lessons_data(class_hub):
    import json
    import subprocess

    build = load_script(SHIPPED / "build_class_env.py")
    python = str(class_hub.env / "bin" / "python")
    # What a learner's server loads from the environment's config path, read as jupyter_server reads it.
    loaded = subprocess.run(
        [python, "-c", "import json; from jupyter_server.serverapp import ServerApp; app = ServerApp(); "
         "app.load_config_file(); print(json.dumps({name: dict(app.config[name]) for name in "
         "('MappingKernelManager', 'TerminalManager')}))"],
        capture_output=True, text=True, cwd="/", check=True)
    assert json.loads(loaded.stdout) == build.KERNEL_CULLING
    # Lessons 12 and 16 read the benchmark report's rows: they are in the environment, not only the checkout.
    rows = subprocess.run([python, "-c", "from apilab.measure.bench_ladder import report_rows; "
                           "print(len(report_rows('ladder.csv')))"], capture_output=True, text=True, cwd="/")
    assert rows.returncode == 0 and int(rows.stdout) > 0, rows.stderr[-500:]


def test_the_hub_runs_the_idle_culler_with_its_role(class_hub):
    services = class_hub.api("GET", "/services").json()
    assert "jupyterhub-idle-culler" in services["jupyterhub-idle-culler"]["roles"]
    running = [process for process in psutil.process_iter(["cmdline"])
               if "jupyterhub_idle_culler" in " ".join(process.info["cmdline"] or [])]
    assert len(running) == 1 and running[0].parent().pid == class_hub.hub.pid
