"""Every check speaks the same way: short lines, a long hint wrapped under its point and never cut."""

from apilab.lessons.practice.feedback import LINE_LIMIT, Failures, failed, passed, point_lines, report


def test_a_long_hint_goes_whole_onto_indented_lines_under_its_point(capfd):
    hint = "the answer came back as text/html; " + "keep the error handler's own headers and its status " * 3
    count = report([passed("the list"), failed("a missing product answers JSON", hint)])
    lines = capfd.readouterr().out.splitlines()
    assert count == 1 and isinstance(count, Failures)
    assert lines[0] == "✓ the list" and lines[1] == "✗ a missing product answers JSON:"
    assert all(len(line) <= LINE_LIMIT for line in lines)
    assert " ".join(line.strip() for line in lines[2:-1]) == " ".join(hint.split())   # nothing cut
    assert lines[-1] == "1 of 2 checks to fix."


def test_a_short_hint_stays_on_its_point_and_control_characters_are_dropped():
    assert point_lines(failed("status", "got 404\x1b[31m")) == ["✗ status: got 404 [31m"]


def test_the_count_is_not_echoed_by_a_notebook():
    assert Failures(0) == 0 and Failures(0)._ipython_display_() is None


def test_a_learner_function_that_calls_pytest_fail_or_sys_exit_becomes_a_failure_not_a_traceback():
    import sys

    import pytest

    from apilab.lessons.practice.feedback import attempt

    def fails():
        pytest.fail("PATCH answered 200")

    assert attempt(fails) == (None, "Failed: PATCH answered 200")
    assert attempt(sys.exit, 3) == (None, "SystemExit: 3")
