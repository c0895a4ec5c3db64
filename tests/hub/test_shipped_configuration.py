"""The shipped hub configuration: one-server config, Zero to JupyterHub values, PVC, image, Binder.

These run anywhere (no hub): they load jupyterhub_config.py as JupyterHub
does, and compare it with the Zero to JupyterHub values, so that the roles,
groups and nbgrader settings a class gets are the same on one server and on
Kubernetes. test_hub_agrees_with_the_values (marker hub) checks the running
test hub against the values too.
"""

import math
import re
import shutil
from pathlib import Path

import dockerfile
import pytest
import yaml
from hub_support import load_script
from traitlets.config.loader import PyFileConfigLoader

from apilab.lessons.deployment_files import validate_kubernetes

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED = REPO_ROOT / "jupyterhub"
Z2JH = SHIPPED / "zero-to-jupyterhub"
CULLER = "jupyterhub-idle-culler"  # the service's name in the Zero to JupyterHub chart, and on one server


def values() -> dict:
    return yaml.safe_load((Z2JH / "values.yaml").read_text())


def load_hub_config(tmp_path: Path, monkeypatch, exchange_mode: int = 0o1777, course_id: str | None = None):
    """Load jupyterhub_config.py as JupyterHub would, in a made-up class folder; return the Config."""
    env = tmp_path / "env" / "etc" / "jupyter"
    env.mkdir(parents=True)
    shutil.copy2(SHIPPED / "nbgrader_config.py", env / "nbgrader_config.py")
    course = tmp_path / "course"
    course.mkdir()
    config_text = (REPO_ROOT / "nbgrader_config.py").read_text()
    if course_id:
        config_text = config_text.replace('course_id = "flask-vs-django"', f'course_id = "{course_id}"')
    (course / "nbgrader_config.py").write_text(config_text)
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(exchange_mode)
    (exchange / (course_id or "flask-vs-django")).mkdir(mode=0o755)  # as the set-up makes it
    (tmp_path / "roster.yaml").write_text("instructors: [teacher]\nlearners: [alice, bob]\n")
    for name, value in {"APILAB_HUB_ENV": tmp_path / "env", "APILAB_HUB_COURSE": course,
                        "APILAB_HUB_ROSTER": tmp_path / "roster.yaml", "NBGRADER_EXCHANGE_ROOT": exchange}.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv("NBGRADER_DB_URL", raising=False)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(SHIPPED)).load_config()


def roles_by_name(roles) -> dict:
    return {role["name"]: role for role in roles}


def test_one_server_and_zero_to_jupyterhub_have_the_same_roles(tmp_path, monkeypatch):
    config = load_hub_config(tmp_path, monkeypatch)
    shipped = roles_by_name(config.JupyterHub.load_roles)
    shipped.pop(CULLER)  # the chart gives its culler this role itself (cull.enabled): see the next tests
    kubernetes = values()["hub"]["loadRoles"]
    assert set(shipped) == set(kubernetes)
    for name, role in shipped.items():
        assert role["scopes"] == kubernetes[name]["scopes"], name
        assert role.get("groups", []) == kubernetes[name].get("groups", []), name
        assert role.get("services", []) == kubernetes[name].get("services", []), name


def test_idle_servers_are_culled_the_same_on_one_server_and_kubernetes(tmp_path, monkeypatch):
    config = load_hub_config(tmp_path, monkeypatch)
    service = next(service for service in config.JupyterHub.services if service["name"] == CULLER)
    options = dict(part[2:].split("=", 1) for part in service["command"] if part.startswith("--"))
    cull = values()["cull"]
    assert cull["enabled"] is True and cull.get("users", False) is False
    assert (int(options["timeout"]), int(options["cull-every"])) == (cull["timeout"], cull["every"])
    role = roles_by_name(config.JupyterHub.load_roles)[CULLER]
    assert role["services"] == [CULLER]
    assert set(role["scopes"]) == {"list:users", "read:users:activity", "read:servers", "delete:servers"}


def test_each_server_is_sized_from_the_committed_capacity_runs_the_same_everywhere(tmp_path, monkeypatch):
    hub_sizing = load_script(REPO_ROOT / "benchmarks" / "hub_sizing.py")
    measured = hub_sizing.sizing(hub_sizing.BACK_TO_BACK.read_text(), hub_sizing.PACED.read_text(),
                                 hub_sizing.LESSON_COSTS.read_text())
    costliest = measured["costliest lesson"]  # a learner at the run's peak can still run the costliest lesson
    assert int(measured["memory"]["limit"].rstrip("M")) >= costliest["learner_peak_mib"] + costliest["peak_mib"]
    singleuser = values()["singleuser"]
    assert singleuser["memory"] == measured["memory"]
    assert singleuser["cpu"] == measured["cpu"]
    spawner = load_hub_config(tmp_path, monkeypatch).Spawner
    assert (spawner.mem_guarantee, spawner.mem_limit) == (measured["memory"]["guarantee"], measured["memory"]["limit"])
    assert (spawner.cpu_guarantee, spawner.cpu_limit) == (measured["cpu"]["guarantee"], measured["cpu"]["limit"])
    # What the README and the hub's page say one machine holds is what the runs measured.
    holds = measured["holds"]
    assert holds["learners"] is not None, "the committed paced run had failed cells: it backs no claim"
    sentence = (f"one machine of {holds['cpus']} cores and {holds['gib']:.0f} GiB holds about "
                f"{holds['learners']} learners working at once")
    for page in (REPO_ROOT / "README.md", REPO_ROOT / "site" / "jupyterhub.md"):
        text = " ".join(page.read_text().replace("*", "").split()).lower()
        assert sentence.lower() in text, f"{page.name} should say: {sentence}"


def test_a_lesson_that_peaks_higher_raises_the_memory_limit_to_hold_it_beside_a_learner_s_peak():
    hub_sizing = load_script(REPO_ROOT / "benchmarks" / "hub_sizing.py")
    capacity = hub_sizing.BACK_TO_BACK.read_text(), hub_sizing.PACED.read_text()
    rows = [f"{lesson}   10.0   5.0   {1000 if lesson.startswith('09') else 100}   3   90   0"
            for lesson in hub_sizing.LESSONS]  # a row of lesson_costs.py: the peak is the 4th column
    measured = hub_sizing.sizing(*capacity, "\n".join(rows))
    learner_peak = measured["costliest lesson"]["learner_peak_mib"]
    assert measured["costliest lesson"]["lesson"].startswith("09-")
    assert measured["memory"]["limit"] == f"{math.ceil((learner_peak + 1000) / 256) * 256}M"
    with pytest.raises(ValueError, match="holds no lesson"):
        hub_sizing.sizing(*capacity, "# nothing\n")
    with pytest.raises(ValueError, match="missing: 00-Index"):  # a run of some lessons only
        hub_sizing.sizing(*capacity, "\n".join(rows[1:]))
    with pytest.raises(ValueError, match="stopped by an error: 09-"):  # a lesson cut short peaks too low
        hub_sizing.sizing(*capacity, "\n".join(row + "   error: Timeout" if row.startswith("09") else row
                                                for row in rows))


def test_the_hub_page_quotes_the_committed_lesson_costs():
    hub_sizing = load_script(REPO_ROOT / "benchmarks" / "hub_sizing.py")
    lesson, peak = hub_sizing.costliest_lesson(hub_sizing.LESSON_COSTS.read_text())
    after = hub_sizing.lesson_rows(hub_sizing.LESSON_COSTS.read_text())
    before = hub_sizing.lesson_rows((hub_sizing.RESULTS / "lesson_costs_c0cdf8d.txt").read_text())
    page = " ".join((REPO_ROOT / "site" / "jupyterhub.md").read_text().split())
    assert f"Lesson {int(lesson[:2])} is the costliest: about {float(after[lesson][2]):.0f} CPU-seconds" in page
    assert f"a peak of {peak:.0f} MiB" in page
    kernels = [float(row[5]) for row in after.values() if row[5] != "-"]
    assert f"holds {min(kernels):.0f} to {max(kernels):.0f} MiB" in page
    waiting = "13-Asynchronous-APIs"  # before and after it served one server at a time
    assert f"peaked at {float(before[waiting][3]):.0f} MiB" in page
    assert f"peaks at {float(after[waiting][3]):.0f} MiB" in page
    assert f"taking {after[waiting][1]} s instead of {before[waiting][1]} s" in page


def test_one_server_and_zero_to_jupyterhub_have_the_same_groups(tmp_path, monkeypatch):
    config = load_hub_config(tmp_path, monkeypatch)
    assert set(config.JupyterHub.load_groups) == set(values()["hub"]["config"]["JupyterHub"]["load_groups"])
    assert config.JupyterHub.load_groups["nbgrader-flask-vs-django"]["users"] == ["teacher", "alice", "bob"]
    assert config.JupyterHub.load_groups["formgrade-flask-vs-django"]["users"] == ["teacher"]
    assert config.Authenticator.admin_users == {"teacher"}


def test_the_formgrader_service_has_the_same_name_everywhere(tmp_path, monkeypatch):
    config = load_hub_config(tmp_path, monkeypatch)
    (service,) = [service for service in config.JupyterHub.services if service["name"] != CULLER]
    assert service["name"] in values()["hub"]["services"]
    assert service["cwd"] == str(tmp_path / "course")


def test_learners_get_the_same_nbgrader_config_on_kubernetes():
    mounted = values()["singleuser"]["extraFiles"]["nbgrader-config"]
    assert mounted["mountPath"] == "/etc/jupyter/nbgrader_config.py"
    assert mounted["stringData"].rstrip() == (SHIPPED / "nbgrader_config.py").read_text().rstrip()
    exchange_mount = values()["singleuser"]["storage"]["extraVolumeMounts"][0]["mountPath"]
    assert values()["singleuser"]["extraEnv"]["NBGRADER_EXCHANGE_ROOT"] == exchange_mount


def test_the_exchange_claim_is_a_valid_shared_volume():
    assert validate_kubernetes(Z2JH / "exchange-pvc.yaml") == []
    claim = yaml.safe_load((Z2JH / "exchange-pvc.yaml").read_text())
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    assert values()["singleuser"]["storage"]["extraVolumes"][0]["persistentVolumeClaim"]["claimName"] == \
        claim["metadata"]["name"]


def test_the_class_image_copies_no_answers():
    instructions = dockerfile.parse_file(str(Z2JH / "Dockerfile"))
    copied = [source for step in instructions if step.cmd == "COPY" for source in step.value[:-1]]
    assert not any(re.match(r"(solutions|exercises|tests)\b", source) for source in copied), copied
    runs = " ".join(step.value[0] for step in instructions if step.cmd == "RUN")
    assert "build_class_env.py" in runs


def test_binder_enables_the_same_nbgrader_extensions_as_make_lab():
    makefile = (REPO_ROOT / "Makefile").read_text()
    lab_recipe = makefile.split("$(VENV)/.installed-lab:")[1].split("\n\n")[0]
    from_make = [re.sub(r"^\$\(BIN\)/", "", line.strip()).split(" >")[0]
                 for line in lab_recipe.splitlines() if "extension enable" in line]
    from_binder = [line.split(" >")[0] for line in (REPO_ROOT / "postBuild").read_text().splitlines()
                   if "extension enable" in line]
    assert from_make and from_binder == from_make


def test_an_exchange_learners_cannot_write_stops_the_hub_with_one_line(tmp_path, monkeypatch):
    with pytest.raises(SystemExit) as stopped:
        load_hub_config(tmp_path, monkeypatch, exchange_mode=0o755)
    assert str(stopped.value).startswith("class set-up: exchange root") and "chmod 1777" in str(stopped.value)
    assert "\n" not in str(stopped.value)


def test_a_course_id_mismatch_stops_the_hub_with_one_line(tmp_path, monkeypatch):
    with pytest.raises(SystemExit, match="course id mismatch: .* says 'flask-vs-django' but .* says 'other-course'"):
        load_hub_config(tmp_path, monkeypatch, course_id="other-course")


def test_idle_kernels_and_terminals_go_after_the_half_hour_the_docs_promise():
    build = load_script(SHIPPED / "build_class_env.py")
    kernels, terminals = build.KERNEL_CULLING["MappingKernelManager"], build.KERNEL_CULLING["TerminalManager"]
    assert kernels["cull_idle_timeout"] == terminals["cull_inactive_timeout"] == 30 * 60
    assert kernels["cull_connected"] is True and kernels["cull_busy"] is False  # open tabs too; never a running cell
    assert "nothing for 30 minutes" in " ".join((REPO_ROOT / "site" / "jupyterhub.md").read_text().split())
