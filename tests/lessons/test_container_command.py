"""apilab.lessons.container_command: the Dockerfile's CMD serves the project locally and leaves nothing behind."""

import re

import psutil
import pytest
import requests

from apilab.django_project.commands import manage
from apilab.lessons.container_command import serve_like_container


@pytest.fixture
def production_env(tmp_path):
    """Environment for the production settings, with a migrated sqlite file in tmp_path."""
    env = {"DJANGO_SECRET_KEY": "s" * 10 + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
           "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
           "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
           "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    return env


def writer_token(folder, env) -> str:
    """Create a user in the project's database and return a DRF token of theirs, made by manage.py."""
    user_env = {**env, "DJANGO_SUPERUSER_PASSWORD": "not-used-for-tokens-9f3c"}
    assert manage(folder, "createsuperuser", "--noinput", "--username", "writer", "--email", "w@example.com",
                  env=user_env).ok
    made = manage(folder, "drf_create_token", "writer", env=env)
    assert made.ok, made.output
    return re.search(r"Generated token (\w+)", made.output).group(1)


def test_the_dockerfile_command_serves_the_api_and_stops_cleanly(deployment_copy, production_env):
    assert manage(deployment_copy, "migrate", "--noinput", env=production_env).ok
    token = writer_token(deployment_copy, production_env)
    with serve_like_container(deployment_copy, env=production_env) as container:
        assert container.command == ["gunicorn", "wsgi:application"]
        assert container.url.startswith("http://127.0.0.1:")
        https = {"X-Forwarded-Proto": "https"}
        anonymous = requests.post(container.url + "/api/products/", headers=https,
                                  json={"name": "Mug", "price_cents": 900}, timeout=5)
        assert anonymous.status_code == 401 and "Token" in anonymous.headers["WWW-Authenticate"]
        created = requests.post(container.url + "/api/products/", headers={**https, "Authorization": f"Token {token}"},
                                json={"name": "Mug", "price_cents": 900}, timeout=5)
        assert created.status_code == 201
        assert requests.get(container.url + "/api/products/", headers=https, timeout=5).json()[0]["name"] == "Mug"
        assert requests.get(container.url + "/readyz/", headers={"Host": "localhost"}, timeout=5).ok
        group = [container.pid] + [p.pid for p in psutil.Process(container.pid).children(recursive=True)]
        assert len(group) == 3  # the gunicorn master and its two workers (--workers=2 in the Dockerfile)
    assert not container.running
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
                   for pid in group)
    assert "POST /api/products/" in container.log()  # the access log goes to stdout


def test_a_command_that_cannot_start_reports_its_output(deployment_copy):
    with pytest.raises(RuntimeError, match="DJANGO_SECRET_KEY"):
        serve_like_container(deployment_copy, env={"DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": "x"})


@pytest.fixture
def flask_env(tmp_path):
    return {"FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/flask.sqlite3"}


def test_the_flask_image_command_serves_the_flask_build_and_stops_cleanly(deployment_copy, flask_env):
    from apilab.lessons.flask_command import flask_command

    assert flask_command(deployment_copy, "flask_shop", "init-db", env=flask_env).ok
    made = flask_command(deployment_copy, "flask_shop", "create-token", "writer", env=flask_env)
    token = re.search(r"Generated token (\w+)", made.output).group(1)
    with serve_like_container(deployment_copy, dockerfile="Dockerfile.flask", env=flask_env) as container:
        assert container.command == ["gunicorn", "--config", "flask_gunicorn.conf.py", "flask_shop:create_app()"]
        https = {"X-Forwarded-Proto": "https"}
        plain = requests.get(container.url + "/api/products/", allow_redirects=False, timeout=5)
        assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
        anonymous = requests.post(container.url + "/api/products/", headers=https,
                                  json={"name": "Mug", "price_cents": 900}, timeout=5)
        assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Token")
        assert "detail" in anonymous.json()
        writer = {**https, "Authorization": f"Token {token}"}
        refused = requests.post(container.url + "/api/products/", headers=writer,
                                json={"name": " ", "price_cents": -1}, timeout=5)
        assert refused.status_code == 400 and set(refused.json()) == {"name", "price_cents"}
        created = requests.post(container.url + "/api/products/", headers=writer,
                                json={"name": "Mug", "price_cents": 900}, timeout=5)
        assert created.status_code == 201 and created.json()["in_stock"] is True
        listed = requests.get(container.url + "/api/products/", headers=https, timeout=5)
        assert [p["name"] for p in listed.json()] == ["Mug"]
        assert listed.headers["Strict-Transport-Security"] == "max-age=300"
        assert requests.get(container.url + "/readyz/", timeout=5).json()["database"] == "sqlite"
        group = [container.pid] + [p.pid for p in psutil.Process(container.pid).children(recursive=True)]
        assert len(group) == 3  # the gunicorn master and its two workers (flask_gunicorn.conf.py)
    assert not container.running
    assert "POST /api/products/" in container.log()


def test_the_flask_build_refuses_to_start_without_its_database(deployment_copy):
    with pytest.raises(RuntimeError, match="FLASK_SQLALCHEMY_DATABASE_URI"):
        serve_like_container(deployment_copy, dockerfile="Dockerfile.flask",
                             env={"FLASK_SQLALCHEMY_DATABASE_URI": ""})


def test_the_flask_build_refuses_preload_before_its_requirements(deployment_copy, flask_env):
    from apilab.lessons.flask_command import flask_command

    early = flask_command(deployment_copy, "flask_shop", "init-db", env={**flask_env, "FLASK_HSTS_PRELOAD": "true"})
    assert not early.ok and "HSTS preload needs includeSubDomains" in early.output
    env = {**flask_env, "FLASK_HSTS_PRELOAD": "true", "FLASK_HSTS_INCLUDE_SUBDOMAINS": "true",
           "FLASK_HSTS_SECONDS": "63072000"}
    assert flask_command(deployment_copy, "flask_shop", "init-db", env=env).ok
