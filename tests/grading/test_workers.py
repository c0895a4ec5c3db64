"""The grading's worker processes: what each pays once, at its start."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from traitlets.config import Config

from apilab.grading import workers

# What a worker has imported once nbgrader, nbformat and the grading are in: the names asked about, if present.
IMPORTED = ("sorted(name for name in ('lark', 'rfc3987_syntax', 'jsonschema._format', 'nbgrader.apps') "
            "if __import__('sys').modules.get(name) is not None)")


def test_a_spawned_worker_imports_nbgrader_without_building_jsonschemas_iri_grammar(tmp_path):
    """About a CPU-second of a worker's two at its start: no schema grading checks has the IRI format."""
    assert importlib.util.find_spec("rfc3987_syntax"), "rfc3987_syntax is not installed: this test says nothing"
    config = Config({"CourseDirectory": {"root": str(tmp_path)}})
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=workers.start,
                             initargs=(config,)) as pool:
        grading_imports = "[__import__(name) for name in ('apilab.grading.autograde', 'nbformat')] and None"
        pool.submit(eval, grading_imports).result(timeout=120)
        imported = pool.submit(eval, IMPORTED).result(timeout=60)
    assert "jsonschema._format" in imported, "nbgrader no longer loads jsonschema's formats: this test says nothing"
    assert imported == ["jsonschema._format", "nbgrader.apps"], "the IRI grammar (rfc3987_syntax, with lark) was built"


def test_without_the_iri_grammar_nbformat_still_refuses_a_notebook_that_breaks_its_schema(tmp_path):
    program = textwrap.dedent("""
        import json
        from apilab.grading.iri_grammar import skip_iri_grammar
        skip_iri_grammar()
        import nbformat
        good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        nbformat.validate(good)
        bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        bad.cells[0]["execution_count"] = "one"
        try:
            nbformat.validate(bad)
            refused = False
        except nbformat.ValidationError:
            refused = True
        print(json.dumps({"refused": refused}))
    """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == {"refused": True}
