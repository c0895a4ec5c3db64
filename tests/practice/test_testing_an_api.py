"""Self-checks of lesson Testing-An-API: not done on the template, passed on a model, hints on a mistake."""

import sys

import pytest
import requests

from apilab.lessons.practice.testing_an_api import GOOD_BUILD, check_contract_test, check_own_checks, check_patch_test


def out_lines(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


# --- one more test with Flask's test client ---------------------------------------------------------------


def patch_read_back(client):
    product_id = client.post("/api/products/", json={"name": "Teapot", "price_cents": 2500}).get_json()["id"]
    assert client.patch(f"/api/products/{product_id}/", json={"price_cents": 2000}).status_code == 200
    assert client.get(f"/api/products/{product_id}/").get_json() == {
        "id": product_id, "name": "Teapot", "price_cents": 2000, "in_stock": True}


def test_the_patch_template_is_not_done_yet(capsys):
    def test_patch(client):
        ...

    assert check_patch_test(test_patch) is None
    assert out_lines(capsys)[0].startswith("not done yet")


def test_a_test_that_reads_the_product_back_passes(capsys):
    assert check_patch_test(patch_read_back) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out and out.count("✓") == 3


def test_a_test_of_the_status_alone_misses_the_dropped_fields(capsys):
    def test_patch_status(client):
        product_id = client.post("/api/products/", json={"name": "Mug", "price_cents": 800}).get_json()["id"]
        assert client.patch(f"/api/products/{product_id}/", json={"price_cents": 700}).status_code == 200

    assert check_patch_test(test_patch_status) == 1
    lines = out_lines(capsys)
    assert "✓ your test fails on a build whose PATCH demands every field" in lines
    assert "✗ your test fails on a build whose PATCH drops the fields not sent: it passed there: " \
           "read the product back, every field" in lines


def test_a_test_that_fails_everywhere_or_is_not_a_function_gets_lines_not_a_traceback(capsys):
    def test_wrong(client):
        raise AssertionError("expected 418")

    assert check_patch_test(test_wrong) == 1
    assert any(line.startswith("✗ your test passes on the build under test: it failed there "
                               "(AssertionError: expected 418)") for line in out_lines(capsys))
    assert check_patch_test("test") == 1
    assert out_lines(capsys)[0].startswith("✗ the test is a function: it is str")


# --- three checks of one's own ----------------------------------------------------------------------------


def check_created(url):
    response = requests.post(url + "/api/products/", json={"name": "Teapot", "price_cents": 2500}, timeout=5)
    assert response.status_code == 201
    assert response.json()["name"] == "Teapot"


def check_missing(url):
    response = requests.get(url + "/api/products/987654/", timeout=5)
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)


def check_bad_body(url):
    response = requests.post(url + "/api/products/", json={"price_cents": 1}, timeout=5)
    assert response.status_code == 400


def check_missing_status_only(url):
    assert requests.get(url + "/api/products/987654/", timeout=5).status_code == 404


def test_the_template_is_not_done_yet(capsys):
    def check_created(url):
        ...

    def check_missing(url):
        ...

    def check_bad_body(url):
        """Nothing yet."""

    assert check_own_checks(check_created, check_missing, check_bad_body) is None
    assert out_lines(capsys)[0].startswith("not done yet")


def test_checks_that_pass_on_the_good_build_and_catch_each_bug_pass(capsys):
    assert check_own_checks(check_created, check_missing, check_bad_body) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out and out.count("✓") == 8


def test_a_check_of_the_status_alone_misses_the_html_404_and_is_told_where_to_look(capsys):
    def check_no_id(url):          # too strict: the contract lets a client send an id, and ignores it
        response = requests.post(url + "/api/products/", json={"name": "Mug", "price_cents": 1, "id": 5}, timeout=5)
        assert response.status_code == 400

    assert check_own_checks(check_created, check_missing_status_only, check_no_id) == 3
    lines = out_lines(capsys)
    (missing, _) = [line for line in lines if line.startswith("✗ check_missing")]
    assert "HTML page" in missing and "look at the 404's body" in missing
    (bad_body,) = [line for line in lines if line.startswith("✗ check_bad_body passes on a build")]
    assert "AssertionError" in bad_body
    assert "✓ check_bad_body catches a build that accepts every body" in lines
    assert not any("987654" in line or "== 201" in line for line in lines)


def test_a_check_that_raises_or_is_not_a_function_gets_a_line_not_a_traceback(capsys):
    def check_created(url):
        raise RuntimeError("oops")

    assert check_own_checks(check_created, None, check_bad_body) == 2
    lines = out_lines(capsys)
    assert any(line.startswith("✗ check_created passes") and "RuntimeError: oops" in line for line in lines)
    assert any(line.startswith("✗ check_missing is a function") for line in lines)


# --- the contract as a pytest test ------------------------------------------------------------------------

CONTRACT_TEST = '''
import apilab
from apilab.contract import run_checks
from products_app import create_app


def test_the_build_keeps_the_contract():
    server = apilab.serve(create_app(), name="contract-test")
    try:
        run_checks(server.url{groups}).assert_groups()
    finally:
        server.stop()
'''


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "products_app.py").write_text(GOOD_BUILD)
    return tmp_path


def test_no_test_file_or_a_comment_only_is_not_done_yet(folder, capsys):
    assert check_contract_test(folder) is None
    (folder / "test_contract.py").write_text("# Your answer here\n")
    assert check_contract_test(folder) is None
    assert all(line.startswith("not done yet") for line in out_lines(capsys))


def test_a_contract_test_passes_on_the_good_build_and_fails_on_the_broken_one(folder, capsys):
    (folder / "test_contract.py").write_text(CONTRACT_TEST.format(groups=""))
    assert check_contract_test(folder) == 0
    out = capsys.readouterr().out
    assert "All checks passed." in out and "✗" not in out


def test_a_test_of_the_list_alone_misses_the_broken_build(folder, capsys):
    (folder / "test_contract.py").write_text(CONTRACT_TEST.format(groups=', groups=["list"]'))
    assert check_contract_test(folder) == 1
    (line,) = [line for line in out_lines(capsys) if line.startswith("✗")]
    assert line.startswith("✗ your test fails on the build without the price rule: it passed there")


def test_a_file_that_is_not_python_gets_a_line_not_a_traceback(folder, capsys):
    (folder / "test_contract.py").write_text("def test_x(:\n")
    assert check_contract_test(folder) == 1
    assert out_lines(capsys)[0].startswith("✗ test_contract.py is Python: line 1")


# --- a learner's pytest.fail(), pytest.skip() or sys.exit() is a failed test, not a crash of the check ---------


@pytest.mark.parametrize("stop", [lambda: pytest.fail("no"), lambda: pytest.skip("later"), lambda: sys.exit(3)])
def test_a_patch_test_that_fails_skips_or_exits_has_failed_on_the_good_build(capsys, stop):
    def test_patch(client):
        stop()

    assert check_patch_test(test_patch) == 1
    lines = out_lines(capsys)
    assert any(line.startswith("✗ your test passes on the build under test: it failed there (") for line in lines)
    assert "1 of 3 checks to fix." in lines


@pytest.mark.parametrize("stop", [lambda: pytest.fail("no"), lambda: pytest.skip("later"), lambda: sys.exit(3)])
def test_own_checks_that_fail_skip_or_exit_get_lines_not_a_traceback(capsys, stop):
    def check_created(url):
        stop()

    assert check_own_checks(check_created, check_missing, check_bad_body) == 1
    lines = out_lines(capsys)
    assert any(line.startswith("✗ check_created passes on a build that keeps the contract: it raised ")
               for line in lines)


def test_checks_of_the_status_alone_miss_the_empty_201_and_the_404_without_detail(capsys):
    def check_created_status(url):
        response = requests.post(url + "/api/products/", json={"name": "Teapot", "price_cents": 2500}, timeout=5)
        assert response.status_code == 201

    def check_missing_json(url):
        response = requests.get(url + "/api/products/987654/", timeout=5)
        assert response.status_code == 404 and response.headers["Content-Type"].startswith("application/json")

    assert check_own_checks(check_created_status, check_missing_json, check_bad_body) == 2
    lines = out_lines(capsys)
    assert "✓ check_created catches a POST that answers 200" in lines
    assert any(line.startswith("✗ check_created catches a 201 with an empty body: it passed there") for line in lines)
    assert "✓ check_missing catches a 404 sent as an HTML page" in lines
    assert any(line.startswith("✗ check_missing catches a JSON 404 without a detail: it passed there")
               for line in lines)


# --- the contract test: no test ran, the wrong import, pytest's own message, a server left running ----------


@pytest.mark.parametrize("source, says", [
    ("import products_app\nimport no_such_module\n\ndef test_x():\n    pass\n", "No module named"),
    ("import sys\nsys.exit(2)\n\ndef test_x():\n    pass\n", "pytest ran no test there"),
    ("import pytest\n\ndef test_x():\n    pytest.exit('stop here')\n", "stop here"),
])
def test_a_file_that_runs_no_test_is_told_so_not_that_it_passed(folder, capsys, source, says):
    (folder / "test_contract.py").write_text(source)
    assert check_contract_test(folder) == 2
    lines = out_lines(capsys)
    (good,) = [line for line in lines if line.startswith("✗ your test passes on the good build")]
    assert "pytest ran no test there" in good and says in good and "/tmp" not in good
    (broken,) = [line for line in lines if line.startswith("✗ your test fails on the build without")]
    assert "pytest ran no test there" in broken and "it passed there" not in broken


def test_a_test_of_the_course_build_instead_of_products_app_is_told_where_to_import_from(folder, capsys):
    (folder / "test_contract.py").write_text(CONTRACT_TEST.replace(
        "from products_app import create_app",
        "from apilab.lessons.products_builds import create_flask_app as create_app").format(groups=""))
    assert check_contract_test(folder) == 1
    (line,) = [line for line in out_lines(capsys) if line.startswith("✗")]
    assert line.startswith("✗ your test fails on the build without the price rule: it passed there")
    assert "products_app" in line


def test_a_failing_test_is_told_pytest_s_message_not_a_path_or_a_tuple(folder, capsys):
    (folder / "test_contract.py").write_text("def test_x():\n    assert 1 == 2, 'one is not two'\n")
    assert check_contract_test(folder) == 1
    (good,) = [line for line in out_lines(capsys) if line.startswith("✗ your test passes on the good build")]
    assert "AssertionError: one is not two" in good and "/tmp" not in good and "(" not in good.split(": ")[1][:1]


def test_a_test_that_leaves_its_server_running_is_told_and_the_server_is_stopped(folder, capsys):
    import apilab

    before = set(apilab.running_servers())
    (folder / "test_contract.py").write_text(CONTRACT_TEST.replace("        server.stop()", "        pass")
                                             .format(groups=""))
    assert check_contract_test(folder) == 1
    lines = out_lines(capsys)
    assert any(line.startswith("✗ your test stops its server: ") for line in lines)
    assert "✓ your test fails on the build without the price rule" in lines
    assert set(apilab.running_servers()) == before


def test_the_folder_s_own_modules_are_as_the_notebook_had_them_after_the_check(folder, capsys, monkeypatch):
    import types

    mine = types.ModuleType("products_app")
    monkeypatch.setitem(sys.modules, "products_app", mine)
    (folder / "test_contract.py").write_text(CONTRACT_TEST.format(groups=""))
    assert check_contract_test(folder) == 0
    assert sys.modules["products_app"] is mine and "test_contract" not in sys.modules
