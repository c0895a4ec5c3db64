"""Counting lines of code from live functions, classes and source strings."""

import pytest

from apilab.lessons.code_size import code_lines, count_lines


def sample(x):
    """A docstring is not code."""
    # nor is a comment

    return x + 1


class Sample:
    """Neither is a class docstring."""

    value = 1

    def method(self):
        return self.value


def test_counts_code_lines_of_a_function():
    assert count_lines(sample) == 2


def test_counts_code_lines_of_a_class_and_several_objects():
    assert count_lines(Sample) == 4
    assert count_lines(sample, Sample) == 6


def test_strings_and_multiline_statements():
    source = 'x = """\nnot a docstring\n"""\n\n# comment\ny = [\n    1,\n]\n'
    assert code_lines(source) == ['x = """', "not a docstring", '"""', "y = [", "    1,", "]"]


def test_class_defined_in_a_notebook_cell_is_found_through_linecache(monkeypatch):
    import linecache

    source = "class Cellular:\n    a = 1\n    b = 2\n\nafter = 3\n"
    filename = "/tmp/ipykernel_0/123.py"
    monkeypatch.setitem(linecache.cache, filename, (len(source), None, source.splitlines(True), filename))
    namespace = {"__name__": "__main__"}
    exec(compile(source, filename, "exec"), namespace)
    assert count_lines(namespace["Cellular"]) == 3


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="int"):
        count_lines(3)
    with pytest.raises(TypeError, match="at least one"):
        count_lines()
