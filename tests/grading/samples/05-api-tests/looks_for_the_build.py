"""Adversarial: the suite looks for which build it meets instead of testing it.

It fails when any process's command line or environment it can read, or the API's URL, names a buggy
build. None does: the builds are switched through a pipe, the socket's name is the same for every build,
and in the sandbox the run sees no other process. The suite catches nothing.
"""

from sample_answers.api_tests import WRITE_FILE

DESCRIPTION = "adversarial: looks for the build's name in processes and the URL"
EXPECTED_SCORE = 0.0
ANSWERS = {"suite": WRITE_FILE + '''import os
from pathlib import Path

WORDS = ("bug", "answers_200", "accepted", "html", "allow", "in_stock_only", "not_saved", "keeps", "hidden")


def seen():
    text = os.environ.get("PRODUCTS_API_URL", "")
    for proc in Path("/proc").glob("[0-9]*"):
        for name in ("cmdline", "environ"):
            try:
                text += (proc / name).read_bytes().decode("utf-8", "replace")
            except OSError:
                pass
    return [word for word in WORDS if word in text]


def test_the_api(api):
    assert api.get("/api/products/").status_code == 200
    assert not seen()
'''}
