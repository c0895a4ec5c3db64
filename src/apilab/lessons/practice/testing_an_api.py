"""Practice in the lesson Testing-An-API: a test with Flask's client, checks over HTTP, the contract in pytest.

``check_patch_test`` calls the learner's test function with a test client of the Flask build (it must
pass) and of two builds whose PATCH is broken (it must fail), as pytest would with a ``client`` fixture.

``check_own_checks`` runs the learner's three check functions against a build that keeps the contract
(they must pass) and against five builds each with one planted bug (each check must catch its own),
every build served on a free port and stopped afterwards. ``check_contract_test`` runs the learner's
``test_contract.py`` with pytest (in this process), in two copies of the lesson's folder: one importing the good build
(the test must pass) and one importing the build without the price rule (it must fail); a server the test
leaves running is stopped, and said.

Learner code runs through ``feedback.attempt``: a test or check that calls ``pytest.fail``, ``pytest.skip``
or ``sys.exit`` has failed, as far as these checks are concerned.
"""

from __future__ import annotations

import ast
import contextlib
import dis
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from apilab.lessons.practice.feedback import attempt, failed, not_done, one_line, point, report

WRITES = ("POST", "PUT", "PATCH")
HTML_404 = "<!doctype html><title>404 Not Found</title><h1>Not Found</h1>"


DOING_NOTHING = {"RESUME", "NOP", "CACHE", "LOAD_CONST", "RETURN_CONST", "RETURN_VALUE"}


def _is_template(function) -> bool:
    """True for a function whose body does nothing (``...`` or a docstring): nothing written yet."""
    if not hasattr(function, "__code__"):
        return False
    instructions = list(dis.get_instructions(function))
    return all(step.opname in DOING_NOTHING and (step.opname == "RESUME" or step.argval is None
                                                 or step.opname in ("NOP", "CACHE", "RETURN_VALUE"))
               for step in instructions)


def _created_answers_200(app):
    @app.after_request
    def planted(response):
        if response.status_code == 201:
            response.status_code = 200
        return response


def _missing_as_html(app):
    @app.after_request
    def planted(response):
        if response.status_code == 404:
            response.set_data(HTML_404)
            response.mimetype = "text/html"
        return response


def _accepts_every_body(app):
    from flask import request

    @app.after_request
    def planted(response):
        if response.status_code == 400 and request.method in WRITES:
            response.status_code = 201
            response.set_data('{"id": 1000}')
            response.mimetype = "application/json"
        return response


def _created_without_body(app):
    @app.after_request
    def planted(response):
        if response.status_code == 201:
            response.set_data(b"")
        return response


def _missing_without_detail(app):
    @app.after_request
    def planted(response):
        if response.status_code == 404:
            response.set_data("{}")
            response.mimetype = "application/json"
        return response


# the learner's function: (what each planted bug is, how it is planted, the hint when the function misses it)
BUGS = {
    "check_created": [("a POST that answers 200", _created_answers_200,
                       "it passed there: which status says a product was created?"),
                      ("a 201 with an empty body", _created_without_body,
                       "it passed there: read the body too: the created product, with its new id")],
    "check_missing": [("a 404 sent as an HTML page", _missing_as_html,
                       "it passed there: look at the 404's body, not only its status"),
                      ("a JSON 404 without a detail", _missing_without_detail,
                       "it passed there: which field of the 404's JSON body does the contract name?")],
    "check_bad_body": [("a build that accepts every body", _accepts_every_body,
                        "it passed there: which status does an invalid body get?")],
}


def _build(plant: Callable | None):
    from apilab.lessons.products_builds import create_flask_app

    app = create_flask_app()
    if plant is not None:
        plant(app)
    return app


def _run_against(function: Callable, plant: Callable | None, name: str) -> str | None:
    """Serve one build, call ``function(url)`` and stop the build: None when it returned, else what it raised."""
    from apilab.serving.servers import serve

    with serve(_build(plant), name=name) as server:
        _, error = attempt(function, server.url)
    return error


def check_own_checks(check_created: Callable, check_missing: Callable, check_bad_body: Callable) -> int | None:
    """Lesson Testing-An-API: each of the learner's checks passes on a good build and catches its planted bug."""
    functions = {"check_created": check_created, "check_missing": check_missing, "check_bad_body": check_bad_body}
    if all(_is_template(function) for function in functions.values()):
        return not_done("write the three functions (see the task), and run this again")
    results = []
    for name, function in functions.items():
        if not callable(function):
            results.append(failed(f"{name} is a function", f"it is {type(function).__name__}: def {name}(url): …"))
            continue
        on_good = _run_against(function, None, "practice-own-checks-good")
        results.append(point(on_good is None, f"{name} passes on a build that keeps the contract",
                             f"it raised {one_line(on_good, 50)}: assert only what the contract asks"))
        for bug, plant, hint in BUGS[name]:
            on_bug = _run_against(function, plant, "practice-own-checks-bug")
            results.append(point(on_bug is not None, f"{name} catches {bug}", hint))
    return report(results)


# --- one more test with Flask's test client ---------------------------------------------------------------


def _patch_demands_every_field():
    from apilab.lessons.products_builds import ProductSchema, create_flask_app

    class WholeProductsOnly(ProductSchema):
        def load(self, data, *, partial=None, **options):
            return super().load(data, partial=False, **options)

    return create_flask_app(schema_class=WholeProductsOnly)


def _patch_drops_other_fields():
    from flask import abort, request

    from apilab.lessons.products_builds import ProductSchema, ProductStore, create_flask_app

    store, schema = ProductStore(), ProductSchema()
    app = create_flask_app(store=store)

    def change_product(product_id):
        if store.get(product_id) is None:
            abort(404, "No product with this id.")
        changes = schema.load(request.get_json(), partial=request.method == "PATCH")
        store.products[product_id] = {"id": product_id, **changes}
        return store.products[product_id]

    app.view_functions["change_product"] = change_product
    return app


def _good_build():
    from apilab.lessons.products_builds import create_flask_app

    return create_flask_app()


PATCH_BUILDS = {
    "passes on the build under test": (_good_build, True,
                                       "it failed there ({error}): assert only what the API promises"),
    "fails on a build whose PATCH demands every field": (_patch_demands_every_field, False,
                                                         "it passed there: send only some of the fields"),
    "fails on a build whose PATCH drops the fields not sent": (_patch_drops_other_fields, False,
                                                               "it passed there: read the product back, every field"),
}


def _client(make_app):
    app = make_app()
    app.config["TESTING"] = True          # as the lesson's fixture: an error reaches the test
    return app.test_client()


def check_patch_test(test_function: Callable) -> int | None:
    """Lesson Testing-An-API: the learner's test passes with a client of the build, fails with two broken ones."""
    if _is_template(test_function):
        return not_done("write the test function (see the task), and run this again")
    if not callable(test_function):
        return report([failed("the test is a function", f"it is {type(test_function).__name__}: def test_…(client)")])
    results = []
    for what, (make_app, should_pass, hint) in PATCH_BUILDS.items():
        _, error = attempt(test_function, _client(make_app))
        results.append(point((error is None) == should_pass, f"your test {what}",
                             hint.format(error=one_line(error or "", 50))))
    return report(results)


# --- the contract as a pytest test ------------------------------------------------------------------------

GOOD_BUILD = '''"""The Flask build under test."""
from apilab.lessons.products_builds import create_flask_app as create_app
'''

BROKEN_BUILD = '''"""The Flask build under test, without the rule that a price is 0 or more."""
from marshmallow import fields

from apilab.lessons.products_builds import ProductSchema, create_flask_app


class LaxProductSchema(ProductSchema):
    price_cents = fields.Integer(required=True, strict=True)


def create_app():
    return create_flask_app(schema_class=LaxProductSchema)
'''
TEST_FILE = "test_contract.py"


def _has_tests(source: str) -> bool:
    tree = ast.parse(source)
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test")
               for node in ast.walk(tree))


def _message(report) -> str:
    """What a failed report says in one line: pytest's crash line, not a file path or a tuple."""
    longrepr = report.longrepr
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None and getattr(crash, "message", ""):
        return crash.message
    if isinstance(longrepr, tuple) and len(longrepr) == 3:       # a skip: (path, line, reason)
        return str(longrepr[2])
    lines = [line for line in str(longrepr or "").splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("E ")]
    return (errors or lines or [""])[-1].removeprefix("E ").strip()


@dataclass
class _Outcomes:
    """A pytest plugin that keeps each test's outcome (setup, call and teardown) and the file's collection errors."""

    outcomes: list = field(default_factory=list)
    collect_errors: list = field(default_factory=list)
    exit_message: str = ""
    imported_build: bool = False
    left_running: int = 0

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            word = report.outcome if report.when == "call" else "error"
            self.outcomes.append((report.nodeid, word if report.outcome != "passed" else "passed", _message(report)))

    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(_message(report))

    def pytest_keyboard_interrupt(self, excinfo):        # pytest.exit() in the file ends the run early
        self.exit_message = one_line(f"{excinfo.typename}: {excinfo.value}", 70)


def _run_with(folder: Path, build: str) -> _Outcomes:
    """Run the test file with pytest, in this process, in a copy of ``folder`` whose ``products_app.py`` is ``build``.

    In this process (not a new one) because a new Python process takes seconds to import pytest and the course;
    the modules the run imports from the copy, and the folder pytest puts on ``sys.path``, are removed afterwards,
    and a server the test started and left running is stopped.
    """
    import pytest

    from apilab.serving.servers import running_servers

    kept_path = list(sys.path)
    servers_before = list(running_servers().values())     # the objects, kept alive: compared by identity
    collector = _Outcomes()
    with tempfile.TemporaryDirectory(prefix="practice-contract-test-") as scratch:
        copy = Path(scratch) / "tests"
        unneeded = shutil.ignore_patterns("__pycache__", "*.sqlite3", ".pytest_cache", "conftest.py")  # no Django
        shutil.copytree(folder, copy, ignore=unneeded)
        (copy / "products_app.py").write_text(build)
        local = {path.stem for path in copy.glob("*.py")}
        kept_local = {name: sys.modules.pop(name) for name in local if name in sys.modules}
        output = io.StringIO()
        try:
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output), \
                    _environment(PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"):
                _, error = attempt(pytest.main, [str(copy / TEST_FILE), "-q", "--capture=sys", "-p", "no:cacheprovider",
                                                 "--rootdir", str(copy), "-W", "ignore"], plugins=[collector])
            if error is not None and not collector.exit_message:
                collector.exit_message = error
        finally:
            collector.imported_build = "products_app" in sys.modules
            sys.path[:] = kept_path
            for name in local:
                sys.modules.pop(name, None)
            sys.modules.update(kept_local)          # the folder's own modules, as the notebook had them
            left = [server for server in running_servers().values()
                    if not any(server is before for before in servers_before)]
            collector.left_running = len(left)
            for server in left:
                server.stop()
    return collector


@contextlib.contextmanager
def _environment(**values):
    kept = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in kept.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _ran(run: _Outcomes) -> bool:
    return any(outcome in ("passed", "failed") for _, outcome, _ in run.outcomes)


def _no_test_ran(run: _Outcomes) -> str:
    why = run.collect_errors[:1] or ([run.exit_message] if run.exit_message else [])
    return "pytest ran no test there" + (f" ({one_line(why[0], 60)})" if why else "")


def _first_problem(run: _Outcomes) -> str:
    if not _ran(run):
        return _no_test_ran(run)
    messages = [message for _, outcome, message in run.outcomes if outcome != "passed" and message]
    return one_line(messages[0], 70) if messages else "a test did not pass"


def _passed(run: _Outcomes) -> bool:
    return _ran(run) and not run.collect_errors and not run.exit_message \
        and all(outcome == "passed" for _, outcome, _ in run.outcomes)


def _broken_hint(run: _Outcomes) -> str:
    if not _ran(run):
        return _no_test_ran(run)
    if not run.imported_build:
        return "it passed there: import create_app from products_app, the build under test, not the course's own"
    return "it passed there: does it run every group of the contract, and let a failure reach pytest?"


def check_contract_test(folder) -> int | None:
    """Lesson Testing-An-API: ``test_contract.py`` in ``folder`` passes on the good build, fails on the broken one."""
    path = Path(folder) / TEST_FILE
    source = path.read_text() if path.is_file() else ""
    try:
        has_tests = _has_tests(source)
    except SyntaxError as error:
        return report([failed(f"{TEST_FILE} is Python", one_line(f"line {error.lineno}: {error.msg}", 80))])
    if not has_tests:
        return not_done(f"write a test function in {TEST_FILE} (see the task), and run this again")
    good, broken = _run_with(Path(folder), GOOD_BUILD), _run_with(Path(folder), BROKEN_BUILD)
    return report([
        point(_passed(good), "your test passes on the good build",
              f"{_first_problem(good)}; run_pytest(folder, \"{TEST_FILE}\") shows the whole output"),
        point(_ran(broken) and not _passed(broken), "your test fails on the build without the price rule",
              _broken_hint(broken)),
        point(not (good.left_running or broken.left_running), "your test stops its server",
              "a server it started was still running after the test: stop it in a finally"),
    ])
