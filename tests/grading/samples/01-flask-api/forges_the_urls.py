"""Cheat: no API at all; the answer cell replaces the exercise's ops in the verification process so that "serve"
replies with a URL of a server elsewhere, and makes the kernel's test cells report full points."""

from sample_answers.hostile import FORGE_THE_URLS

DESCRIPTION = "cheat: replies with the URL of some other server instead of serving its own app"
EXPECTED_SCORE = 0.0
# While graded, the kernel runs none of the checks of cells with hidden tests (apilab.grading.checks_once) and an
# honest notebook reports 0 there: this one's code made the test cells report points.
EXPECTED_FLAG = "the notebook reported points for cells it does not check while graded"

ANSWERS = {"create_app": """
def create_app():
    return None  # no API here
""" + FORGE_THE_URLS}
