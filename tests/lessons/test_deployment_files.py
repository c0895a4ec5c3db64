"""apilab.lessons.deployment_files: the shipped deployment files pass, and each kind of mistake is caught."""

import pytest
import yaml
from course_paths import NOTEBOOKS

from apilab.lessons.deployment_files import (
    check_deployment,
    dockerfile_command,
    dockerfile_env,
    gunicorn_option,
    kubernetes_probes,
    read_dockerfile,
    validate_compose,
    validate_kubernetes,
)


def failed_checks(folder):
    table = check_deployment(folder)
    return set(table.loc[~table.passed, "check"])


def edit_yaml(path, change):
    documents = list(yaml.safe_load_all(path.read_text()))
    change(documents)
    path.write_text(yaml.safe_dump_all(documents))


def test_the_course_deployment_files_pass_every_check():
    table = check_deployment(NOTEBOOKS / "deployment")
    assert len(table) >= 30
    assert table.passed.all(), table.loc[~table.passed].to_dict("records")
    assert set(table.file) >= {"Dockerfile", "Dockerfile.flask", "nginx.conf", "compose.yaml", "kubernetes.yaml",
                               "kubernetes-migrate.yaml"}


def test_dockerfile_is_read_with_quotes_removed_from_env():
    steps = read_dockerfile(NOTEBOOKS / "deployment" / "Dockerfile")
    env = dockerfile_env(steps)
    assert env["GUNICORN_CMD_ARGS"].startswith("--bind=")
    assert gunicorn_option(env["GUNICORN_CMD_ARGS"], "bind") == "0.0.0.0:8000"
    assert dockerfile_command(steps) == ["gunicorn", "wsgi:application"]


@pytest.mark.parametrize("arguments, expected", [
    ("--bind=1.2.3.4:80 --workers=2", "1.2.3.4:80"),
    ("--workers 2 --bind 127.0.0.1:9", "127.0.0.1:9"),
    ("--workers=2", None),
])
def test_gunicorn_option_reads_both_spellings(arguments, expected):
    assert gunicorn_option(arguments, "bind") == expected


def test_missing_dockerfile_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no Dockerfile"):
        read_dockerfile(tmp_path / "Dockerfile")


def test_shell_form_cmd_and_port_mismatch_are_caught(deployment_copy):
    dockerfile = deployment_copy / "Dockerfile"
    text = dockerfile.read_text().replace('CMD ["gunicorn", "wsgi:application"]', "CMD gunicorn wsgi:application")
    dockerfile.write_text(text.replace("EXPOSE 8000", "EXPOSE 8080"))
    failed = failed_checks(deployment_copy)
    assert "CMD in exec form (the server is PID 1 and gets SIGTERM)" in failed
    assert "gunicorn binds all interfaces on the EXPOSEd port" in failed


def test_a_wsgi_target_that_does_not_exist_is_caught(deployment_copy):
    dockerfile = deployment_copy / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("wsgi:application", "wsgi:app"))
    assert "the WSGI target exists in the project" in failed_checks(deployment_copy)


def test_a_probe_without_host_header_is_caught(deployment_copy):
    def drop_header(documents):
        deployment = next(d for d in documents if d["kind"] == "Deployment")
        del deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["httpHeaders"]

    edit_yaml(deployment_copy / "kubernetes.yaml", drop_header)
    assert failed_checks(deployment_copy) == {"probes send a Host that ALLOWED_HOSTS accepts"}
    probes = kubernetes_probes(deployment_copy / "kubernetes.yaml")
    assert probes[["container", "probe", "type"]].values.tolist() == [
        ["proxy", "readinessProbe", "httpGet"], ["proxy", "livenessProbe", "tcpSocket"],
        ["web", "readinessProbe", "exec"], ["web", "livenessProbe", "exec"]]
    assert probes.path.tolist()[:1] + probes.path.tolist()[2:] == ["/readyz/", "/healthz/", "/healthz/"]
    assert probes.path.isna().tolist() == [False, True, False, False]  # a tcpSocket probe has no path


def test_an_exec_probe_calling_a_host_outside_allowed_hosts_is_caught(deployment_copy):
    manifest = deployment_copy / "kubernetes.yaml"
    manifest.write_text(manifest.read_text().replace("urlopen('http://localhost:8000/healthz/'",
                                                     "urlopen('http://127.0.0.1:8000/healthz/'", 1))
    assert failed_checks(deployment_copy) == {"probes send a Host that ALLOWED_HOSTS accepts"}


def test_gunicorn_reachable_around_nginx_is_caught(deployment_copy):
    manifest = deployment_copy / "kubernetes.yaml"
    manifest.write_text(manifest.read_text().replace("--bind=127.0.0.1:8000", "--bind=0.0.0.0:8000"))
    assert failed_checks(deployment_copy) == {
        "gunicorn listens on 127.0.0.1 only: reachable through Nginx alone",
        "Nginx runs in front of gunicorn in each pod (it buffers slow clients)"}


def test_an_nginx_that_passes_the_clients_header_on_is_caught(deployment_copy):
    config = deployment_copy / "nginx.conf"
    text = config.read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    config.write_text(text.replace("proxy_set_header X-Forwarded-Proto $scheme;",
                                   "proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;"))
    assert failed_checks(deployment_copy) == {"Nginx sets X-Forwarded-Proto itself, replacing what a client sent"}


def test_a_pod_without_the_proxy_is_caught(deployment_copy):
    def drop_proxy(documents):
        deployment = next(d for d in documents if d["kind"] == "Deployment")
        containers = deployment["spec"]["template"]["spec"]["containers"]
        containers[:] = [c for c in containers if c["name"] != "proxy"]

    edit_yaml(deployment_copy / "kubernetes.yaml", drop_proxy)
    failed = failed_checks(deployment_copy)
    assert "Nginx runs in front of gunicorn in each pod (it buffers slow clients)" in failed
    assert "the Service forwards to the container's port" in failed


def test_the_flask_image_is_checked_like_the_django_image(deployment_copy):
    table = check_deployment(deployment_copy)
    flask_rows = table.loc[table.file == "Dockerfile.flask"]
    assert set(flask_rows.check) == set(table.loc[table.file == "Dockerfile", "check"])
    assert "flask_gunicorn.conf.py" in " ".join(flask_rows.detail)
    dockerfile = deployment_copy / "Dockerfile.flask"
    dockerfile.write_text(dockerfile.read_text().replace("flask_shop:create_app()", "flask_shop:make_app()")
                          .replace("USER 10001:10001", "USER app"))
    failed = check_deployment(deployment_copy).query("not passed and file == 'Dockerfile.flask'")
    assert set(failed.check) == {"the WSGI target exists in the project",
                                 "USER is a number (Kubernetes can check runAsNonRoot only against a UID)"}


def test_the_bind_of_a_gunicorn_config_file_is_read(deployment_copy):
    from apilab.lessons.deployment_files import gunicorn_config_bind

    command = ["gunicorn", "--config", "flask_gunicorn.conf.py", "flask_shop:create_app()"]
    assert gunicorn_config_bind(command, deployment_copy) == "0.0.0.0:8000"
    conf = deployment_copy / "flask_gunicorn.conf.py"
    conf.write_text(conf.read_text().replace('bind = "0.0.0.0:8000"', 'bind = "127.0.0.1:8000"'))
    assert "gunicorn binds all interfaces on the EXPOSEd port" in failed_checks(deployment_copy)
    assert gunicorn_config_bind(["gunicorn", "app:app"], deployment_copy) is None


def test_a_service_pointing_at_another_port_is_caught(deployment_copy):
    def retarget(documents):
        service = next(d for d in documents if d["kind"] == "Service")
        service["spec"]["ports"][0]["targetPort"] = 8000  # gunicorn's port, which is not the proxy's

    edit_yaml(deployment_copy / "kubernetes.yaml", retarget)
    assert failed_checks(deployment_copy) == {"the Service forwards to the container's port"}


def test_schema_errors_are_reported(deployment_copy):
    def misspell(documents):
        deployment = next(d for d in documents if d["kind"] == "Deployment")
        deployment["spec"]["replica"] = deployment["spec"].pop("replicas")

    edit_yaml(deployment_copy / "kubernetes.yaml", misspell)
    errors = validate_kubernetes(deployment_copy / "kubernetes.yaml")
    assert len(errors) == 1 and "Deployment/products-api" in errors[0] and "replica" in errors[0]

    compose = deployment_copy / "compose.yaml"
    compose.write_text(compose.read_text().replace("    ports:\n", "    port:\n", 1))
    assert any("port" in error for error in validate_compose(compose))


def test_a_user_name_instead_of_a_uid_is_caught(deployment_copy):
    dockerfile = deployment_copy / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("USER 10001:10001", "USER app"))
    failed = failed_checks(deployment_copy)
    assert "USER is a number (Kubernetes can check runAsNonRoot only against a UID)" in failed
    # ... and then no pod's runAsUser can match the image's user.
    assert "Deployment/products-api runs as the image's numeric non-root user" in failed


def test_a_pod_without_run_as_user_is_caught(deployment_copy):
    def forget_uid(documents):
        job = next(d for d in documents if d["kind"] == "Job")
        del job["spec"]["template"]["spec"]["securityContext"]["runAsUser"]

    edit_yaml(deployment_copy / "kubernetes-migrate.yaml", forget_uid)
    assert failed_checks(deployment_copy) == {
        "Job/products-api-migrate-1-0 runs as the image's numeric non-root user"}


def test_the_old_layout_job_beside_the_deployment_and_no_gate_is_caught(deployment_copy):
    migrate = deployment_copy / "kubernetes-migrate.yaml"
    manifest = deployment_copy / "kubernetes.yaml"
    manifest.write_text(migrate.read_text() + "---\n" + manifest.read_text())
    migrate.unlink()

    def drop_gate(documents):
        deployment = next(d for d in documents if d["kind"] == "Deployment")
        del deployment["spec"]["template"]["spec"]["initContainers"]

    edit_yaml(manifest, drop_gate)
    failed = failed_checks(deployment_copy)
    assert "a Job of its own runs the migrations, applied before the Deployment" in failed
    assert "no pod serves before the migrations are applied (init container: migrate --check)" in failed


def test_the_dockerfile_uid_is_read():
    from apilab.lessons.deployment_files import dockerfile_uid

    assert dockerfile_uid(read_dockerfile(NOTEBOOKS / "deployment" / "Dockerfile")) == 10001
