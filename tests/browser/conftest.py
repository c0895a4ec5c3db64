"""Start JupyterLab on a copy of the course and drive it in headless chromium.

The browser tests see what learners and instructors see: JupyterLab with
nbgrader's extensions (the Validate button, the Nbgrader menu, the
Assignment List, the Formgrader), served from a temp folder holding a copy of
the course, with its own Jupyter config, runtime, settings and workspaces, so
nothing on this machine (or in the course folder) is read or changed.

Developer notes:
- One JupyterLab serves the whole folder (it takes 3-12 s to start; the
  self-study test starts a second one, prepared as ``make lab`` prepares it);
  they are stopped by process group as soon as the last browser test has run
  (see ``pytest_runtest_teardown``), so they do not sit idle beside later tests.
- Waits are on kernel and DOM state (Playwright's auto-waiting locators and
  ``wait_for_function``), never on sleeps. ``expose_app_in_browser`` lets the
  tests read the kernel's status and the notebook model; every action a user
  takes (menus, buttons) is still done by clicking.
- Playwright already adds the headless, sandbox and background-networking
  flags to chromium; it refuses ``--user-data-dir`` in the arguments.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests
from headless_chromium import launch_chromium, require_chromium

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = REPO_ROOT / "test-artifacts"
VENV_BIN = Path(sys.executable).parent

# What a learner or instructor has in the course folder (whatever exists of it).
COURSE_ITEMS = ("notebooks", "exercises", "solutions", "nbgrader_config.py")
COPY_IGNORE = shutil.ignore_patterns(
    ".ipynb_checkpoints", "__pycache__", "gradebook.db*", ".nbgrader.log", "*.pyc")

LAB_START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 20
# Playwright timeouts are in milliseconds.
UI_TIMEOUT_MS = 30_000
RUN_ALL_TIMEOUT_MS = 180_000
VALIDATE_TIMEOUT_MS = 180_000

NBGRADER_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.validate_assignment",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
)

NBGRADER_LAB_EXTENSIONS = ("@jupyter/nbgrader",) + tuple(
    f"@jupyter/nbgrader:{plugin}" for plugin in (
        "menu", "assignment-list", "course-list", "formgrader", "create-assignment", "validate-assignment"))

# What to stop as soon as the last browser test has run (JupyterLab, chromium).
_stop_after_browser_tests: list = []


def free_port() -> int:
    """Return a port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as JSON to ``path``, creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))


class JupyterLabServer:
    """A JupyterLab process serving a temp copy of the course."""

    def __init__(self, base: Path, extra_env: dict[str, str] | None = None):
        self.base = base
        self.root = base / "course"
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = base / "jupyterlab.log"
        self.extra_env = dict(extra_env or {})
        self.process: subprocess.Popen | None = None

    # -- setting up ---------------------------------------------------------

    def prepare(self) -> None:
        """Copy the course in and write JupyterLab's own config, settings and workspaces."""
        self.root.mkdir(parents=True)
        for name in COURSE_ITEMS:
            source = REPO_ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.root / name, ignore=COPY_IGNORE)
            elif source.is_file():
                shutil.copy2(source, self.root / name)
        shutil.copytree(FIXTURES, self.root / "browser-fixtures", ignore=COPY_IGNORE)
        # The learner's folder for fetched assignments (Exchange.assignment_dir), git-ignored, with
        # the settings file `make lab` writes there (nbgrader's Assignment List reloads its config
        # from it). Made here without releasing anything, so the instructor releases in the test.
        from apilab.grading.self_study import WORK_CONFIG

        (self.root / "my-work").mkdir(exist_ok=True)
        (self.root / "my-work" / "nbgrader_config.py").write_text(WORK_CONFIG)
        for name in ("config", "data", "runtime", "ipython", "matplotlib", "settings", "workspaces"):
            (self.base / name).mkdir()
        # nbgrader's server and lab extensions, enabled in this config whatever the machine's says.
        write_json(self.base / "config" / "jupyter_server_config.json", {
            "ServerApp": {"jpserver_extensions": {name: True for name in NBGRADER_SERVER_EXTENSIONS}},
        })
        write_json(self.base / "config" / "labconfig" / "page_config.json", {
            "disabledExtensions": {name: False for name in NBGRADER_LAB_EXTENSIONS},
        })
        settings = self.base / "settings"
        # The "news" notification would cover the page.
        write_json(settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings",
                   {"fetchNews": "false", "checkForUpdates": False})
        # Keep every cell in the DOM, so what the tests look for is on the page.
        write_json(settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings",
                   {"windowingMode": "none"})

    def environment(self) -> dict[str, str]:
        """Return the environment JupyterLab (and its kernels) run with."""
        env = dict(os.environ)
        for name in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTERLAB_DIR", "MPLBACKEND"):
            env.pop(name, None)
        env.update({
            # The config dir below comes first, before the venv's: what it enables stays enabled.
            "JUPYTER_PREFER_ENV_PATH": "0",
            "JUPYTER_CONFIG_DIR": str(self.base / "config"),
            "JUPYTER_DATA_DIR": str(self.base / "data"),
            "JUPYTER_RUNTIME_DIR": str(self.base / "runtime"),
            "IPYTHONDIR": str(self.base / "ipython"),
            "MPLCONFIGDIR": str(self.base / "matplotlib"),
            "JUPYTERLAB_SETTINGS_DIR": str(self.base / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.base / "workspaces"),
            "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
            "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra_env)
        return env

    def command(self) -> list[str]:
        """Return the command line that starts JupyterLab."""
        return [
            str(VENV_BIN / "jupyter"), "lab",
            "--allow-root", "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            f"--LabApp.user_settings_dir={self.base / 'settings'}",
            f"--LabApp.workspaces_dir={self.base / 'workspaces'}",
            "--LabApp.expose_app_in_browser=True",
            "--FileContentsManager.delete_to_trash=False",
        ]

    # -- running ------------------------------------------------------------

    def start(self) -> None:
        """Start JupyterLab (preparing its folders unless done) and wait until ``/api/status`` answers."""
        if not self.root.exists():
            self.prepare()
        with open(self.log_path, "wb") as log:
            # cwd: nbgrader's formgrader reads nbgrader_config.py from the server's working folder.
            self.process = subprocess.Popen(
                self.command(), cwd=self.root, env=self.environment(),
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _stop_after_browser_tests.append(self.stop)
        deadline = time.monotonic() + LAB_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status = self.api("GET", "/api/status", timeout=2)
            except requests.ConnectionError:
                status = None
            if status is not None and status.status_code == 200:
                return
            # Polling a server that is starting: wait on the process, not a bare sleep.
            try:
                self.process.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                pass
        raise RuntimeError(f"JupyterLab did not answer /api/status in {LAB_START_TIMEOUT_S} s:\n{self.log_tail()}")

    def api(self, method: str, path: str, timeout: float = 30, **kwargs) -> requests.Response:
        """Call JupyterLab's REST API with the token."""
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(method, self.url + path, headers=headers, timeout=timeout, **kwargs)

    def lab_url(self, path: str = "") -> str:
        """Return the URL that opens ``path`` (relative to the course root) in JupyterLab."""
        suffix = f"/tree/{path}" if path else ""
        return f"{self.url}/lab{suffix}?token={self.token}&reset"

    def shut_down_sessions(self) -> None:
        """Shut down every kernel session (kernels outlive the page that started them)."""
        for session in self.api("GET", "/api/sessions").json():
            self.api("DELETE", f"/api/sessions/{session['id']}").raise_for_status()

    def log_tail(self, lines: int = 60) -> str:
        """Return the end of JupyterLab's log."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Stop JupyterLab's process group, then any kernel it left behind (by PID)."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_TIMEOUT_S)
        # Kernels run in their own sessions; JupyterLab shuts them down on SIGTERM, this is the backstop.
        gone, alive = psutil.wait_procs(children, timeout=STOP_TIMEOUT_S)
        for child in alive:
            child.kill()
        psutil.wait_procs(alive, timeout=STOP_TIMEOUT_S)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Stop JupyterLab and chromium right after the last browser test, not at the end of the whole run."""
    # wrapper: the test's own fixtures (its page) are torn down first.
    result = yield
    here = Path(__file__).resolve().parent
    if nextitem is None or here not in Path(str(nextitem.path)).resolve().parents:
        while _stop_after_browser_tests:
            _stop_after_browser_tests.pop()()
    return result


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's chromium; skip (or, under CI, fail) when it is not installed."""
    return require_chromium()


@pytest.fixture(scope="session")
def start_lab(chromium_path, tmp_path_factory):
    """Start a JupyterLab on its own course copy, exchange and gradebook; all are stopped by PID at the end.

    ``start_lab(name, prepare_course=None)``: ``prepare_course(server)`` runs on the
    prepared course copy before JupyterLab starts (with the lab's environment set).
    """
    started: list[JupyterLabServer] = []

    def start(name: str, prepare_course=None) -> JupyterLabServer:
        base = tmp_path_factory.mktemp(name)
        exchange = tmp_path_factory.mktemp(f"{name}-exchange")
        exchange.chmod(0o777)  # nbgrader requires a world-writable exchange
        server = JupyterLabServer(base, extra_env=exchange_environment(exchange, base))
        started.append(server)
        server.prepare()
        if prepare_course is not None:
            with pytest.MonkeyPatch.context() as patch:
                for variable, value in server.extra_env.items():
                    patch.setenv(variable, value)
                prepare_course(server)
        server.start()
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop()


@pytest.fixture(scope="session")
def lab(start_lab) -> JupyterLabServer:
    """JupyterLab serving a temp copy of the course, with a fresh exchange (nothing released)."""
    return start_lab("jupyterlab")


def exchange_environment(exchange_root: Path, base: Path) -> dict[str, str]:
    """Environment that points the course's nbgrader config at a temp exchange and gradebook."""
    return {
        "NBGRADER_EXCHANGE_ROOT": str(exchange_root),
        "NBGRADER_DB_URL": f"sqlite:///{base / 'gradebook.db'}",
    }


@pytest.fixture(scope="session")
def browser(chromium_path):
    """Headless Debian chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    stopped = False

    def stop() -> None:
        nonlocal stopped
        if not stopped:
            stopped = True
            playwright.stop()

    try:
        browser = launch_chromium(playwright, chromium_path)
        _stop_after_browser_tests.append(stop)
        yield browser
    finally:
        stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, lab, request, artifacts):
    """A fresh browser page (own cookies and storage) with generous timeouts; a screenshot if the test fails."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            page.screenshot(path=str(artifacts / f"failed-{request.node.name}.png"))
    finally:
        context.close()
        lab.shut_down_sessions()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The git-ignored folder where screenshots are kept."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# -- driving JupyterLab's notebook UI ----------------------------------------

# True once the current notebook's kernel is idle, no cell is queued or running,
# and either every non-empty code cell has run or a cell holds an error (Run All
# stops at the first error). Returns "error" or "done" so the test can tell.
RUN_ALL_FINISHED_JS = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.sessionContext || !panel.content) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const prompts = [...panel.node.querySelectorAll('.jp-InputArea-prompt')];
  if (prompts.some(prompt => prompt.textContent.includes('*'))) return false;
  const code = panel.content.widgets.filter(cell => cell.model.type === 'code');
  if (code.some(cell => cell.model.outputs.toJSON().some(output => output.output_type === 'error'))) return 'error';
  const unrun = code.filter(cell =>
    cell.model.sharedModel.getSource().trim() !== '' && cell.model.executionCount === null);
  return unrun.length === 0 ? 'done' : false;
}
"""

# What the notebook looks like when Run All has not finished in time: said in the test's failure.
RUN_ALL_STATE_JS = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content) return {widget: String(panel && panel.title && panel.title.label)};
  const kernel = panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
  const code = panel.content.widgets.map((cell, index) => [cell, index]).filter(([cell]) => cell.model.type === 'code');
  return {
    notebook: panel.title.label,
    kernel: kernel ? kernel.status : 'none',
    unrun: code.filter(([cell]) => cell.model.executionCount === null
                       && cell.model.sharedModel.getSource().trim() !== '').map(([, index]) => index),
    errors: code.flatMap(([cell, index]) => cell.model.outputs.toJSON().filter(o => o.output_type === 'error')
                         .map(o => `cell ${index}: ${o.ename}: ${o.evalue}`)),
    running: [...panel.node.querySelectorAll('.jp-InputArea-prompt')].filter(p => p.textContent.includes('*')).length,
    dialogs: [...document.querySelectorAll('.jp-Dialog, .jp-toast-message')].map(d => d.textContent.slice(0, 300)),
  };
}
"""

# True once the notebook at this path is the current document and its kernel is idle. (JupyterLab may
# restore the workspace's last document after opening the one the URL names, so its path is checked.)
NOTEBOOK_READY_JS = """
(path) => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path) return false;
  const kernel = panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return Boolean(kernel && kernel.status === 'idle');
}
"""

BRING_TO_FRONT_JS = """
async (path) => {
  await window.jupyterapp.restored;
  await window.jupyterapp.commands.execute('docmanager:open', {path});
}
"""

NOTEBOOK_SAVED_JS = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return Boolean(panel && panel.context && !panel.context.model.dirty);
}
"""


class LabUI:
    """What a user does in JupyterLab, by menus and buttons, with waits on its state."""

    def __init__(self, page, lab: JupyterLabServer):
        self.page = page
        self.lab = lab

    def open_lab(self) -> None:
        """Open JupyterLab (no document) and wait until its menus are there."""
        self.page.goto(self.lab.lab_url())
        self.menu_bar_item("File").wait_for()
        self.page.locator(".jp-FileBrowser .jp-DirListing-item").first.wait_for()

    def open_notebook(self, path: str) -> None:
        """Open the notebook at ``path`` (relative to the lab's root); wait until it is in front with an idle kernel."""
        self.page.goto(self.lab.lab_url(path))
        self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
        # Once the workspace is restored, bring this notebook to the front (it may have restored another).
        self.page.evaluate(BRING_TO_FRONT_JS, path)
        self.page.wait_for_function(NOTEBOOK_READY_JS, arg=path, timeout=RUN_ALL_TIMEOUT_MS)

    def menu_bar_item(self, label: str):
        """Return the top menu bar item with this label."""
        return self.page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=label).filter(
            has_text=label).first

    def menu(self, label: str, command: str) -> None:
        """Open the ``label`` menu and click the item that runs ``command``."""
        self.menu_bar_item(label).click()
        self.page.locator(f'.lm-Menu li.lm-Menu-item[data-command="{command}"]').first.click()

    def clear_all_outputs(self) -> None:
        """Edit > Clear Outputs of All Cells, then wait until no output is left."""
        self.menu("Edit", "editmenu:clear-all")
        notebook = self.page.locator(".jp-NotebookPanel:visible .jp-Notebook")
        notebook.locator(".jp-OutputArea-output").first.wait_for(state="detached")

    def run_all(self) -> str:
        """Run > Run All Cells; wait until it has finished; return "done" or "error"."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        self.menu("Run", "runmenu:run-all")
        try:
            handle = self.page.wait_for_function(RUN_ALL_FINISHED_JS, timeout=RUN_ALL_TIMEOUT_MS)
        except PlaywrightTimeoutError:
            state = self.page.evaluate(RUN_ALL_STATE_JS)
            raise AssertionError(f"Run All had not finished after {RUN_ALL_TIMEOUT_MS / 1000:g} s: {state}") from None
        return handle.json_value()

    def save(self) -> None:
        """File > Save, then wait until the document is no longer dirty."""
        self.menu("File", "docmanager:save")
        self.page.wait_for_function(NOTEBOOK_SAVED_JS)

    def validate(self):
        """Press the notebook's Validate button; return nbgrader's result dialog once it shows."""
        self.page.locator(".jp-NotebookPanel:visible jp-button.validate-button").click()
        dialog = self.page.locator(".jp-Dialog.nbgrader-SuccessDialog, .jp-Dialog.nbgrader-ErrorDialog")
        dialog.wait_for(timeout=VALIDATE_TIMEOUT_MS)
        return dialog

    def notebook(self):
        """Return the visible notebook's locator."""
        return self.page.locator(".jp-NotebookPanel:visible .jp-Notebook")

    def screenshot(self, path: Path, locator=None) -> None:
        """Save a screenshot of the page (after scrolling ``locator`` into view, if given)."""
        if locator is not None:
            locator.evaluate("element => element.scrollIntoView({block: 'center'})")
        self.page.screenshot(path=str(path))


@pytest.fixture
def ui(page, lab) -> LabUI:
    """JupyterLab in a fresh page, driven like a user would."""
    return LabUI(page, lab)


@pytest.fixture
def ui_on(browser):
    """``ui_on(other_lab)``: a LabUI in a fresh page on another JupyterLab (from ``start_lab``)."""
    contexts = []

    def open_ui(server: JupyterLabServer) -> LabUI:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.set_default_timeout(UI_TIMEOUT_MS)
        contexts.append(context)
        return LabUI(context.new_page(), server)

    try:
        yield open_ui
    finally:
        for context in contexts:
            context.close()
