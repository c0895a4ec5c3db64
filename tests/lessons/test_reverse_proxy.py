"""apilab.lessons.reverse_proxy: the deployment's nginx.conf, run locally, overwrites X-Forwarded-Proto and buffers."""

import os

import psutil
import pytest
import requests
from course_paths import NOTEBOOKS

from apilab.lessons.reverse_proxy import listen_ports, local_config, stalled_clients, start_reverse_proxy, timed_get
from apilab.serving.process_servers import start_process_server
from apilab.serving.programs import find_program

CONFIG = NOTEBOOKS / "deployment" / "nginx.conf"


@pytest.fixture
def nginx_ready():
    if find_program("nginx"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is not installed; CI must install it: make test does")
    pytest.skip("nginx is not installed (apt-get install nginx)")


@pytest.fixture
def flask_env(tmp_path):
    return {"FLASK_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/flask.sqlite3"}


def test_the_local_config_changes_only_addresses_and_paths(tmp_path):
    text = CONFIG.read_text()
    assert listen_ports(text) == [(8080, False), (8443, True)]
    local = local_config(text, str(tmp_path), {8080: 41001, 8443: 41002}, 41003, "/c/tls.crt", "/c/tls.key")
    assert "listen 127.0.0.1:41001;" in local and "listen 127.0.0.1:41002 ssl;" in local
    assert "server 127.0.0.1:41003;" in local and "ssl_certificate /c/tls.crt;" in local
    assert "pid /tmp/nginx.pid;" not in local and f"pid {tmp_path}/nginx.pid;" in local
    # Everything else, the proxy headers included, is the file as the pod runs it.
    assert local.count("proxy_set_header X-Forwarded-Proto $scheme;") == 1
    changed = ("listen ", "server 127.0.0.1", "ssl_certificate")
    kept = [line.replace("/tmp/", f"{tmp_path}/") for line in text.splitlines()
            if not line.strip().startswith(changed)]
    assert [line for line in local.splitlines()[:len(text.splitlines())]
            if not line.strip().startswith(changed)] == kept


def test_a_config_without_one_upstream_is_refused(tmp_path):
    with pytest.raises(ValueError, match="one upstream server"):
        local_config("http { }", str(tmp_path), {}, 1, "c", "k")


def test_nginx_overwrites_a_spoofed_header_and_serves_https(nginx_ready, flask_env):
    spoofed = {"X-Forwarded-Proto": "https"}
    with start_process_server("flask_shop:create_app()", server="gunicorn", workers=2,
                              cwd=NOTEBOOKS / "deployment", env=flask_env) as app, \
            start_reverse_proxy(app, CONFIG) as proxy:
        direct = requests.get(app.url + "/healthz/", headers=spoofed, timeout=5)
        assert direct.headers.get("Strict-Transport-Security") == "max-age=300"  # believed: taken for HTTPS
        through = requests.get(proxy.url + "/api/products/", headers=spoofed, allow_redirects=False, timeout=5)
        assert through.status_code == 301 and through.headers["Location"].startswith("https://")
        secure = requests.get(proxy.https_url + "/healthz/", verify=proxy.certificate, timeout=5)
        assert secure.json() == {"status": "alive"}
        assert secure.headers["Strict-Transport-Security"] == "max-age=300"
        assert "nginx" not in secure.headers.get("Server", "").split("/")[1:]  # server_tokens off: no version
        pids = [proxy.pid] + [p.pid for p in psutil.Process(proxy.pid).children(recursive=True)]
    assert not proxy.running and not os.path.exists(proxy.folder)
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE for pid in pids)


def test_stalled_clients_block_sync_workers_but_not_the_proxy(nginx_ready, flask_env):
    preloaded = {**flask_env, "GUNICORN_CMD_ARGS": "--preload"}  # both workers hold the app before timing starts
    with start_process_server("flask_shop:create_app()", server="gunicorn", workers=2,
                              cwd=NOTEBOOKS / "deployment", env=preloaded) as app, \
            start_reverse_proxy(app, CONFIG) as proxy:
        assert timed_get(app.url + "/healthz/", timeout=5)["status"] == 200
        with stalled_clients(app.url, count=2):
            blocked = timed_get(app.url + "/healthz/", timeout=1.5)
        with stalled_clients(proxy.url, count=2):
            served = timed_get(proxy.url + "/healthz/", timeout=1.5)
    assert blocked["status"] == "no answer within 1.5 s"
    assert served["status"] == 200


def test_stalled_clients_are_bounded():
    with pytest.raises(ValueError, match="count must be"):
        with stalled_clients("http://127.0.0.1:1", count=100):
            pass
