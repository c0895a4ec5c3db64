"""apilab.lessons.serverless_event: both builds answer an API Gateway HTTP API event through apig-wsgi."""

import pytest
from course_paths import NOTEBOOKS

from apilab.django_project.commands import manage
from apilab.lessons.flask_command import flask_command
from apilab.lessons.serverless_event import API_HOST, cold_starts, http_api_event, invoke, response_table

DEPLOYMENT = NOTEBOOKS / "deployment"


@pytest.fixture
def envs(tmp_path):
    flask_env = {"FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/flask.sqlite3"}
    django_env = {"DJANGO_SECRET_KEY": "s" * 10 + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
                  "DJANGO_ALLOWED_HOSTS": API_HOST, "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
                  "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    assert flask_command(DEPLOYMENT, "flask_shop", "init-db", env=flask_env).ok
    assert manage(DEPLOYMENT, "migrate", "--noinput", env=django_env).ok
    return {"Flask": ("flask_shop:create_app()", flask_env), "Django": ("wsgi:application", django_env)}


def test_the_event_has_the_http_api_2_0_shape():
    event = http_api_event("post", "/api/products/", query="a=1", body='{"x": 1}', headers={"X-Key": "k"})
    assert event["version"] == "2.0" and event["rawPath"] == "/api/products/" and event["rawQueryString"] == "a=1"
    assert event["requestContext"]["http"]["method"] == "POST"
    assert event["headers"]["content-length"] == "8" and event["headers"]["x-key"] == "k"
    assert event["headers"]["x-forwarded-proto"] == "https" and event["isBase64Encoded"] is False


@pytest.mark.parametrize("framework", ["Flask", "Django"])
def test_both_builds_answer_as_functions(envs, framework):
    target, env = envs[framework]
    read = invoke(target, http_api_event("GET", "/api/products/"), cwd=DEPLOYMENT, env=env)
    answer = response_table(read["response"])
    assert answer["statusCode"] == 200 and answer["body"] == []
    assert answer["headers"]["strict-transport-security"] == "max-age=300"  # the event's https counted (v2 lower-cases)
    assert read["import_seconds"] > 0 and read["warm_call_seconds"] > 0
    write = invoke(target, http_api_event("POST", "/api/products/", body='{"name": "Mug", "price_cents": 900}'),
                   cwd=DEPLOYMENT, env=env)
    refused = response_table(write["response"])
    assert refused["statusCode"] == 401 and "detail" in refused["body"]


def test_a_target_that_cannot_load_is_a_clear_error(envs):
    with pytest.raises(RuntimeError, match="could not answer.*ModuleNotFoundError"):
        invoke("no_such_module:app", http_api_event("GET", "/"), cwd=DEPLOYMENT)
    with pytest.raises(ValueError, match="target must look like"):
        invoke("flask_shop", http_api_event("GET", "/"), cwd=DEPLOYMENT)


def test_cold_starts_reports_medians_side_by_side(envs):
    table = cold_starts({"Flask": envs["Flask"]}, http_api_event("GET", "/healthz/"), cwd=DEPLOYMENT, runs=1)
    assert list(table.columns) == ["Flask"] and len(table) == 3
    assert table["Flask"].iloc[0] > 0 and (table["Flask"] >= 0).all()  # rounded to ms: a warm call may show 0.0
    with pytest.raises(ValueError, match="runs must be"):
        cold_starts({}, {}, cwd=DEPLOYMENT, runs=0)
