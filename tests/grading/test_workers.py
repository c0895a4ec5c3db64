"""The grading's worker processes: what each pays once, at its start."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap


def test_a_worker_starts_without_building_jsonschemas_iri_grammar_and_still_validates_notebooks(tmp_path):
    """About a CPU-second of a worker's two at its start: no schema grading checks has the IRI format."""
    program = textwrap.dedent(f"""
        import json, sys
        from traitlets.config import Config
        from apilab.grading import workers
        workers.start(Config({{"CourseDirectory": {{"root": {str(tmp_path)!r}}}}}))
        import apilab.grading.autograde, nbformat
        good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        nbformat.validate(good)
        bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        bad.cells[0]["execution_count"] = "one"
        try:
            nbformat.validate(bad)
            refused = False
        except nbformat.ValidationError:
            refused = True
        print(json.dumps({{"refused": refused, "api": type(workers._api).__name__}}))
    """)
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", program], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == {"refused": True, "api": "NbGraderAPI"}
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")]
    assert "jsonschema._format" in imported, "nbgrader no longer loads jsonschema's formats: this test says nothing"
    assert "lark" not in imported, "the IRI grammar (rfc3987_syntax, with lark) was built"
