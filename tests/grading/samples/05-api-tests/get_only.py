"""A suite that only reads: it catches the one buggy build a read can show (the HTML 404), nothing hidden."""

from sample_answers.api_tests import WRITE_FILE

DESCRIPTION = "partial: GET requests only"
# passes on the correct builds and catches a bug: 2; 1 of 10 buggy builds: 0.6; no hidden one.
EXPECTED_SCORE = 2.6
ANSWERS = {"suite": WRITE_FILE + '''def test_list_starts_empty(api):
    response = api.get("/api/products/")
    assert response.status_code == 200
    assert response.json() == []


def test_unknown_id_is_a_json_404(api):
    response = api.get("/api/products/7/")
    assert response.status_code == 404
    assert isinstance(response.json()["detail"], str)
'''}
