"""Cheat: results typed in by hand, and app files that, when the grader's probe imports them, write a made-up
"measurement" to every descriptor (where the probe's result once went): the grader measures nothing of it now."""

from sample_answers.scaling import SCALING, TYPED_TABLE

DESCRIPTION = "cheat: typed table, the app files forge the probe's result (apps and plot only)"
EXPECTED_SCORE = 5.0

FORGE = '''
import json as _json
import os as _os

_forged = _json.dumps({"endpoints": {}, "measured": {"flask": {"requests_per_s": 90000.0},
                                                      "django": {"requests_per_s": 70000.0}}}) + "\\n"
for _fd in range(1, 40):
    try:
        _os.write(_fd, _forged.encode())
    except OSError:
        pass
'''

ANSWERS = {
    **SCALING,
    "flask_app_file": SCALING["flask_app_file"] + FORGE,
    "measure": TYPED_TABLE,
}
