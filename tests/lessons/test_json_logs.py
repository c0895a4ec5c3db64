"""JSON logs (Real-API-Features): one JSON object a line, the request id on each, captured and nowhere else."""

import io
import json
import logging

from apilab.lessons.json_logs import capture_json_logs, json_lines, json_log_handler
from apilab.lessons.request_ids import NO_REQUEST, current_request_id


def test_a_line_is_one_json_object_with_the_named_fields_and_its_extras():
    buffer = capture_json_logs("tests.json.fields")
    logging.getLogger("tests.json.fields").info("stock counted", extra={"products": 12})
    (line,) = json_lines(buffer)
    assert {key: line[key] for key in ("level", "logger", "message", "request_id", "products")} == {
        "level": "INFO", "logger": "tests.json.fields", "message": "stock counted", "request_id": NO_REQUEST,
        "products": 12}
    assert line["time"]


def test_a_line_written_during_a_request_carries_its_id():
    stream = io.StringIO()
    logger = logging.getLogger("tests.json.handler")
    logger.addHandler(json_log_handler(stream))
    logger.setLevel(logging.INFO)
    logger.propagate = False
    token = current_request_id.set("req-42")
    try:
        logger.info("inside")
    finally:
        current_request_id.reset(token)
    logger.info("outside")
    assert [json.loads(line)["request_id"] for line in stream.getvalue().splitlines()] == ["req-42", NO_REQUEST]


def test_capturing_again_replaces_the_earlier_capture():
    first = capture_json_logs("tests.json.again")
    second = capture_json_logs("tests.json.again")
    logging.getLogger("tests.json.again").info("once")
    assert json_lines(first) == [] and [line["message"] for line in json_lines(second)] == ["once"]
    assert len(logging.getLogger("tests.json.again").handlers) == 1


def test_captured_lines_do_not_reach_the_root_logger(caplog):
    buffer = capture_json_logs("tests.json.quiet")
    with caplog.at_level(logging.INFO):
        logging.getLogger("tests.json.quiet").warning("kept apart")
    assert caplog.records == [] and [line["level"] for line in json_lines(buffer)] == ["WARNING"]


def test_levels_below_the_captured_level_are_dropped():
    buffer = capture_json_logs("tests.json.level", level=logging.WARNING)
    logging.getLogger("tests.json.level").info("not this")
    logging.getLogger("tests.json.level").error("this")
    assert [line["message"] for line in json_lines(buffer)] == ["this"]
