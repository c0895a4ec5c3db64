"""Hostile: a correct answer that prints 20 MB in one message (the grader refuses a kernel message over 8 MiB: the
kernel's output stops reaching it, so the notebook cannot be graded, and the grader holds none of it)."""

from sample_answers.flask_api import FLASK_API

DESCRIPTION = "hostile: prints 20 MB at once"
EXPECTED_SCORE = 0.0
EXPECTED_FLAG = "the kernel's output stopped reaching the grader"

ANSWERS = {"create_app": FLASK_API + '''
print("x" * 20_000_000)
'''}
