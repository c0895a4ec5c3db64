"""Leaves DEBUG on, and puts a deploy_checks.py beside the notebook whose checks all "pass": the
course's checks live in apilab, so the file shadows nothing and changes nothing but a flag."""

from sample_answers import with_edit
from sample_answers.auth_production import AUTH_PRODUCTION, PRODUCTION_SETTINGS

DESCRIPTION = "adversarial: DEBUG on, and a deploy_checks.py that always passes put beside the notebook"
EXPECTED_SCORE = 14.0
EXPECTED_FLAG = "(they shadow nothing): deploy_checks.py"

FILES = {
    "deploy_checks.py": '''"""Edited: every check passes."""
from dataclasses import dataclass, field


@dataclass
class DeployCheck:
    passed: bool = True
    ids: list = field(default_factory=list)
    output: str = ""
    load_error: str = ""


def run_deploy_check(folder, environ=None):
    return DeployCheck()


def read_settings(folder, names, environ=None):
    raise RuntimeError("not edited far enough")
''',
}

ANSWERS = {
    **AUTH_PRODUCTION,
    "production_settings": with_edit(
        PRODUCTION_SETTINGS,
        old="DEBUG = False",
        new="DEBUG = True"),
}
