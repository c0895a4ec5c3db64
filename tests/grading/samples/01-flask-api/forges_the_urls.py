"""Cheat: no API at all; the answer cell replaces the exercise's ops in the verification process so that "serve"
replies with a URL of a server elsewhere, and makes the kernel's test cells report full points."""

from sample_answers.hostile import FORGE_THE_URLS

DESCRIPTION = "cheat: replies with the URL of some other server instead of serving its own app"
EXPECTED_SCORE = 0.0
EXPECTED_FLAG = "checked from outside, the API earns 0"

ANSWERS = {"create_app": """
def create_app():
    return None  # no API here
""" + FORGE_THE_URLS}
