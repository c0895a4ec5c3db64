"""Tests of the apilab command line and of how `make lab` starts JupyterLab."""

import os
import signal
import subprocess
import sys
import time

import requests

from apilab.course import cli
from apilab.course.lab import jupyter_lab_command
from apilab.serving.process_servers import free_port


def test_help_lists_every_command(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in cli.COMMANDS)


def test_unknown_command_fails_with_one_line(capsys):
    assert cli.main(["serve-everything"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown command 'serve-everything'" in err


def test_lab_binds_loopback_with_a_token(tmp_path):
    command = jupyter_lab_command(8888, "secret", tmp_path)
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--IdentityProvider.token=secret" in command
    assert "--ServerApp.port_retries=0" in command


def test_apilab_lab_serves_the_course_and_prints_its_url(tmp_path):
    port = free_port()
    env = dict(
        os.environ,
        APILAB_LAB_PORT=str(port),
        APILAB_LAB_TOKEN="course-token",
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        IPYTHONDIR=str(tmp_path / "ipython"),
        NBGRADER_EXCHANGE_ROOT=str(tmp_path / "exchange"),
    )
    lab = subprocess.Popen(
        [sys.executable, "-m", "apilab.course.cli", "lab"], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )
    try:
        first_line = lab.stdout.readline()
        assert f"http://127.0.0.1:{port}/lab/tree/notebooks/00-Index.ipynb?token=course-token" in first_line
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and lab.poll() is None:
            try:
                status = requests.get(
                    f"http://127.0.0.1:{port}/api/status",
                    headers={"Authorization": "token course-token"}, timeout=2,
                )
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert status is not None and status.status_code == 200, "JupyterLab did not answer"
        assert requests.get(f"http://127.0.0.1:{port}/api/status", timeout=2).status_code == 403
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(30)
        lab.stdout.close()


def test_a_restart_keeps_the_port_and_token_while_the_port_is_free(tmp_path):
    import socket

    from apilab.course.lab import lab_settings

    state = tmp_path / "lab.json"
    port = free_port()
    state.write_text(f'{{"port": {port}, "token": "{"a" * 48}"}}')
    assert lab_settings({}, state) == (port, "a" * 48)
    assert oct(state.stat().st_mode & 0o777) == "0o600"
    with socket.socket() as holder:   # another program now listens there: a free port instead, same token
        holder.bind(("127.0.0.1", port))
        holder.listen()
        other, token = lab_settings({}, state)
    assert other != port and token == "a" * 48
    assert lab_settings({"APILAB_LAB_PORT": "9999", "APILAB_LAB_TOKEN": "b" * 40}, state) == (9999, "b" * 40)
    assert lab_settings({}, state)[1] == "a" * 48   # a run told its port and token does not keep them


def test_a_port_left_in_time_wait_counts_as_free():
    import socket

    from apilab.course.lab import choose_port

    port = free_port()
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen()
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = server.accept()
    accepted.close()   # the server side closes first: its end of the connection waits in TIME_WAIT
    client.close()
    server.close()
    assert choose_port(port) == port


def test_jupyterlab_is_told_not_to_ask_about_news_and_other_overrides_stay(tmp_path):
    import json

    from apilab.course.lab import NEWS_PLUGIN, quiet_news

    (tmp_path / "overrides.json").write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "x"}}))
    quiet_news(tmp_path)
    quiet_news(tmp_path)   # twice changes nothing
    overrides = json.loads((tmp_path / "overrides.json").read_text())
    assert overrides[NEWS_PLUGIN] == {"fetchNews": "false", "checkForUpdates": False}
    assert overrides["@jupyterlab/apputils-extension:themes"] == {"theme": "x"}
