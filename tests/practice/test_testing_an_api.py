"""Self-checks of lesson Testing-An-API: not done on the template, passed on a model, hints on a mistake."""

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
    assert "All checks passed." in out and "✗" not in out and out.count("✓") == 6


def test_a_check_of_the_status_alone_misses_the_html_404_and_is_told_where_to_look(capsys):
    def check_no_id(url):          # too strict: the contract lets a client send an id, and ignores it
        response = requests.post(url + "/api/products/", json={"name": "Mug", "price_cents": 1, "id": 5}, timeout=5)
        assert response.status_code == 400

    assert check_own_checks(check_created, check_missing_status_only, check_no_id) == 2
    lines = out_lines(capsys)
    (missing,) = [line for line in lines if line.startswith("✗ check_missing")]
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
