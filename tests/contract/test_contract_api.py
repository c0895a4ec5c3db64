"""The contract checks' own API: bad input, the report, and servers that are down, hung or not JSON."""

import socket

import pandas as pd
import pytest
from reference_apps.flask_products import create_app

from apilab import contract
from apilab.contract import GROUPS, PART_GROUPS, CheckResult, ContractReport, check_fresh_stores, run_checks


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: run_checks(5000), TypeError, "base URL as a string"),
        (lambda: run_checks("127.0.0.1:5000"), ValueError, "base URL like"),
        (lambda: run_checks("http://127.0.0.1:5000/api/products/"), ValueError, "without /api/products/"),
        (lambda: run_checks("http://127.0.0.1:5000", part="C"), ValueError, "part must be 'A'"),
        (lambda: run_checks("http://127.0.0.1:5000", part="B"), ValueError, "needs token="),
        (lambda: run_checks("http://127.0.0.1:5000", token=42), TypeError, "token must be"),
        (lambda: run_checks("http://127.0.0.1:5000", groups=["lists"]), ValueError, "unknown group"),
        (lambda: run_checks("http://127.0.0.1:5000", groups=["auth_required"]), ValueError, "for part A"),
        (lambda: run_checks("http://127.0.0.1:5000", groups=5), TypeError, "groups must be"),
        (lambda: run_checks("http://127.0.0.1:5000", timeout=0), ValueError, "timeout must be"),
        (lambda: check_fresh_stores(create_app()), TypeError, "create_app itself"),
        (lambda: contract.compare_reports([]), TypeError, "needs a dict"),
    ],
)
def test_bad_input_gets_a_one_line_error(call, error, words):
    with pytest.raises(error) as raised:
        call()
    assert words in str(raised.value) and "\n" not in str(raised.value)


def test_group_names_are_stable_constants():
    assert PART_GROUPS["A"] == ("list", "create", "validation", "retrieve", "replace", "update", "delete",
                                "not_found", "errors")
    assert PART_GROUPS["B"] == ("auth_required", "auth_reads_public", "auth_token_works")
    assert set(GROUPS) == {*PART_GROUPS["A"], *PART_GROUPS["B"], contract.FRESH_STORES}
    assert contract.CREATE == "create" and contract.AUTH_TOKEN_WORKS == "auth_token_works"


def made_up_report() -> ContractReport:
    return ContractReport("made up", [
        CheckResult("list", "lists", True),
        CheckResult("create", "creates", False, "POST /api/products/ sent {}: expected 201; got 500 oops"),
        CheckResult("create", "assigns ids", True),
    ], ("list", "create"))


def test_report_table_summary_and_groups():
    report = made_up_report()
    table = report.table()
    assert list(table.columns) == ["group", "check", "passed", "message"]
    assert table["passed"].tolist() == [True, False, True]
    assert report.summary().to_dict("records") == [{"group": "list", "passed": 1, "checks": 1},
                                                   {"group": "create", "passed": 1, "checks": 2}]
    assert not report.passed and report.group_passed("list") and not report.group_passed("create")
    assert report.failures == ["[create] creates: POST /api/products/ sent {}: expected 201; got 500 oops"]
    with pytest.raises(ValueError, match="no group 'delete'"):
        report.group_passed("delete")


def test_assert_groups_raises_with_the_readable_lines():
    report = made_up_report()
    report.assert_groups("list")
    with pytest.raises(AssertionError, match=r"1 check of the Products API contract failed:\n\[create\] creates"):
        report.assert_groups("create")
    with pytest.raises(AssertionError):
        report.assert_groups()
    with pytest.raises(ValueError, match="no group 'auth_required'"):
        report.assert_groups("auth_required")


def test_report_shows_itself_in_a_notebook():
    report = made_up_report()
    assert repr(report) == "<ContractReport made up: 2/3 checks passed; failing groups: create>"
    page = report._repr_html_()
    assert "2 of 3 checks passed" in page and "<table" in page and "expected 201; got 500 oops" in page


def test_compare_reports_puts_reports_side_by_side():
    good = ContractReport("good", [CheckResult("list", "lists", True), CheckResult("create", "creates", True)],
                          ("list", "create"))
    table = contract.compare_reports({"Flask": good, "Django": made_up_report()})
    assert isinstance(table, pd.DataFrame)
    rows = table.set_index("check")
    assert rows.loc["creates", "Flask"] and not rows.loc["creates", "Django"] and not rows.loc["creates", "same"]
    assert rows.loc["lists", "same"]
    assert pd.isna(rows.loc["assigns ids", "Flask"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.timeout(60)
def test_a_server_that_is_down_fails_every_check_readably():
    report = run_checks(f"http://127.0.0.1:{free_port()}")
    assert not report.passed and len(report.failures) == len(report.results)
    assert "connection refused: is the server running at http://127.0.0.1:" in report.failures[0]
    assert all("\n" not in line for line in report.failures)


@pytest.fixture
def hung_server():
    """A port that accepts connections (into its backlog) but never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.mark.timeout(60)
def test_a_hung_server_fails_the_checks_instead_of_hanging(hung_server):
    report = run_checks(hung_server, timeout=0.3)
    assert not report.passed
    assert "got no response (no answer within 0.3 s)" in report.failures[0]
    assert "not sent: the server did not answer the requests before" in report.failures[-1]


def test_an_api_that_answers_html_fails_readably(serve_app):
    from flask import Flask

    app = Flask("html_everywhere")

    @app.route("/api/products/", methods=["GET", "POST"])
    def page():
        return "<html><body>Products</body></html>"

    report = run_checks(serve_app(app).url, groups=["list", "create"])
    assert not report.passed
    assert report.failures[0] == (
        "[list] GET /api/products/ answers 200 with a JSON array of products: GET /api/products/: expected 200 "
        "with a JSON array of products; got 200 with a body that is not JSON: <html><body>Products</body></html>")


def test_checks_write_nothing_to_stderr(serve_app, capfd):
    server = serve_app(create_app())
    run_checks(server.url)
    run_checks(f"http://127.0.0.1:{free_port()}", groups=["list"])
    assert capfd.readouterr().err == ""


def test_fresh_stores_reports_a_create_app_that_raises():
    def create_app():
        raise RuntimeError("no app today")

    report = check_fresh_stores(create_app)
    assert not report.passed and len(report.failures) == 3
    assert "create_app() raised RuntimeError: no app today" in report.failures[0]


def test_fresh_stores_reports_a_create_app_that_returns_one_app():
    app = create_app()
    report = check_fresh_stores(lambda: app)
    assert not report.passed and "the same app object twice" in report.failures[0]


def test_a_server_handle_is_taken_for_its_url(serve_app):
    server = serve_app(create_app())
    report = run_checks(server, groups="list")
    assert report.passed and report.groups == ("list",)
    assert server.url in report.title


def test_command_line_prints_the_report(serve_app, capsys):
    server = serve_app(create_app())
    assert contract.main([server.url, "--group", "list"]) == 0
    out = capsys.readouterr().out
    assert "3/3 checks passed" in out
    assert contract.main([f"http://127.0.0.1:{free_port()}", "--group", "list"]) == 1
