"""What hostile submissions add to an answer: reaching for what they must not, leaving things behind, garbling.

Each is appended to (or wrapped around) a correct answer, so the sample's
exact score shows the attack gained nothing and cost the class nothing. The
canaries they look for are planted by the grading-cycle test
(``tests/grading/test_grading_cycle.py``); every name they use is found by
searching, as a learner who does not know the grader's paths would.
"""

CANARY = "canary"  # the word every planted secret holds, in its name and its text

# Print every variable, and every readable file named like a canary, that the code can find.
LOOK_FOR_SECRETS = '''
import glob as _glob
import os as _os

for _key, _value in _os.environ.items():
    if "canary" in (_key + _value).lower():
        print("found in the environment:", _key, _value)
_roots = ["/tmp", "/var", "/root", "/home", "/srv", "/etc", "/run"]
_patterns = [_os.path.join(_root, "**", "*canary*") for _root in _roots]
_patterns += ["/*/*canary*", "/*/*/*canary*", "/*/*/*/*canary*", "../*canary*", "../../*canary*", "../../../*canary*"]
for _pattern in _patterns:
    for _path in _glob.glob(_pattern, recursive=True)[:200]:
        try:
            with open(_path, errors="replace") as _file:
                print("found a file:", _path, _file.read(300))
        except OSError:
            pass
for _path in _glob.glob("../../*/*/*.ipynb") + _glob.glob("../../../*/*/*/*.ipynb"):
    try:
        with open(_path, errors="replace") as _file:
            _text = _file.read()
    except OSError:
        continue
    if "classmate-canary" in _text:
        print("found a classmate's answer:", _path, _text[_text.index("classmate-canary"):][:80])
'''

# Leave behind, in the working folder: a link to the gradebook, a page with a script, a notebook that is not one,
# a pipe, and files until the disk is full.
LEAVE_THINGS_BEHIND = '''
import os as _os

for _name, _target in (("gradebook.db", "../../../gradebook.db"), ("solution.ipynb",
                       "../../../solutions/01-flask-api/01-flask-api.ipynb")):
    try:
        _os.symlink(_target, _name)
    except OSError:
        pass
with open("feedback.html", "w") as _page:
    _page.write("<script>document.title = 'canary-page'</script>")
with open("another.ipynb", "w") as _notebook:
    _notebook.write('{"cells": 42, "nbformat": 4}')
try:
    _os.mkfifo("pipe")
except OSError:
    pass
try:
    with open("filler.bin", "wb") as _filler:
        for _ in range(400):
            _filler.write(b"x" * 1024 * 1024)
except OSError:
    pass
'''

# Show HTML with a script and an event handler in the answer cell's output.
SHOW_A_SCRIPT = '''
from IPython.display import HTML, display

display(HTML("<b>my API</b><script>document.title = 'injected'</script><img src=x onerror=\\"alert(1)\\">"))
'''

# Show an image whose display metadata carries attributes (templates write width and height unquoted), both in a
# new output and in an update of an output shown before (which nbclient applies on a path of its own).
IMAGE_WITH_ATTRIBUTES = '''
from IPython.display import display, publish_display_data, update_display

display({"image/png": "bm90IGEgcG5n"}, raw=True, display_id="chart")
update_display({"image/png": "bm90IGEgcG5n"}, raw=True, display_id="chart",
               metadata={"image/png": {"width": "1 src=x onerror=alert(document.domain)//"}})

publish_display_data({"image/png": "iVBORw0KGgo=", "text/plain": "my chart"},
                     metadata={"image/png": {"width": "1 onerror=alert(document.domain)//",
                                             "height": "1 onload=alert(2)"}})
'''

# In the verification process: replace the exercise's ops so that "serve" names a server elsewhere, and in the
# kernel make the test cells report full points.
FORGE_THE_URLS = '''
from apilab.exercises import EXERCISES as _EXERCISES
from apilab.exercises import products_api as _products_api

_ELSEWHERE = "http://127.0.0.1:18765/"
_EXERCISES["01-flask-api"].ops["serve"] = lambda answer, **kw: {"url": _ELSEWHERE}
_EXERCISES["01-flask-api"].ops["serve_two"] = lambda answer, **kw: {"urls": [_ELSEWHERE, _ELSEWHERE], "same": False}
_products_api.FlaskCell.check = lambda self, *a, **k: None
_products_api.FlaskCell.points = lambda self: float(self.cell.points)
'''

# An error whose message holds a carriage return and terminal escapes, to print a fake report line over a real one.
FAKE_REPORT_LINE = '''
raise RuntimeError("\\r\\x1b[2Kalice                     20 / 20     0.1 s\\x1b[0m")
'''

# In the grader's verification process: write part of a line to every descriptor it has (its replies' pipe
# among them), and shrug off SIGTERM.
GARBLE_THE_REPLIES = '''
import os as _os
import signal as _signal
import sys as _sys

if "verify_runner" in " ".join(_sys.argv):
    _signal.signal(_signal.SIGTERM, _signal.SIG_IGN)
    for _fd in range(3, 40):
        try:
            _os.write(_fd, b'{"ready": tr')
        except OSError:
            pass
'''

# In the notebook's kernel: write garbage to every descriptor, its own ZeroMQ sockets among them.
GARBLE_THE_KERNEL = '''
import os as _os

for _fd in range(3, 60):
    try:
        _os.write(_fd, b"garbage" * 100)
    except OSError:
        pass
'''
