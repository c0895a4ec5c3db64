"""benchmarks/lesson_costs.py: a notebook's peak memory, and the processes it leaves running, are seen.

The benchmark runs as a command (it makes its own process a child subreaper, which must not
leak into the test session). No figure is asserted to be large or small beyond what the
notebook itself does: it holds 200 MiB, has an orphan burn 2 CPU-seconds and exit while it runs,
and leaves one process behind on purpose.
"""

from __future__ import annotations

import subprocess
import sys

import nbformat
import psutil
import pytest
from course_paths import REPO_ROOT

HOLD_AND_LEAVE = '''
import os, subprocess, sys, time
held = bytearray(200 * 2**20)
for page in range(0, len(held), 4096):
    held[page] = 1  # touched, so the pages are the kernel's own memory
time.sleep(1.5)  # several samples see it
# Left running: a shell that keeps starting short-lived children (only the shell is counted).
left = subprocess.Popen(["sh", "-c", "while :; do sleep 0.05; done"], start_new_session=True)
with open("left.pid", "w") as pid_file:
    pid_file.write(str(left.pid))
# An orphan: its parent exits at once; it burns 2 CPU-seconds, then exits while the notebook still runs.
BURN = ("import os, time\\nopen('orphan.pid', 'w').write(str(os.getpid()))\\nstart = time.process_time()\\n"
        "while time.process_time() - start < 2: pass\\nopen('burnt', 'w')")
subprocess.run([sys.executable, "-c", f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {BURN!r}])"])
'''
WAIT_FOR_THE_ORPHAN = '''
import os, time
deadline = time.monotonic() + 60
while not os.path.exists("burnt") and time.monotonic() < deadline:
    time.sleep(0.1)
import psutil
orphan = int(open("orphan.pid").read())
while psutil.pid_exists(orphan) and time.monotonic() < deadline:  # a zombie exists until it is reaped
    time.sleep(0.1)
with open("reaped-while-running", "w") as flag:
    flag.write(str(not psutil.pid_exists(orphan)))
'''


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_a_notebook_s_peak_memory_and_the_process_it_left_running_are_reported(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(HOLD_AND_LEAVE),
                                               nbformat.v4.new_code_cell(WAIT_FOR_THE_ORPHAN)])
    path = tmp_path / "holds-and-leaves.ipynb"
    nbformat.write(notebook, path)
    output = tmp_path / "costs.txt"
    finished = subprocess.run([sys.executable, str(REPO_ROOT / "benchmarks" / "lesson_costs.py"), str(path),
                               "--output", str(output)], capture_output=True, text=True, timeout=170)
    assert finished.returncode == 0, finished.stderr[-2000:]
    (row,) = [line for line in output.read_text().splitlines() if line.startswith("holds-and-leaves")]
    wall_s, cpu_s, peak_mib, processes, kernel_mib, left = row.split()[1:]
    assert float(peak_mib) >= 200 and int(processes) >= 1
    assert float(kernel_mib) >= 200  # after its last cell, the kernel still holds the bytearray
    assert float(cpu_s) >= 2 and 0 < float(wall_s)  # the orphan's 2 CPU-seconds are counted
    assert "error" not in row and (tmp_path / "burnt").exists()
    assert (tmp_path / "reaped-while-running").read_text() == "True"  # the benchmark reaped it mid-notebook
    assert int(left) == 1
    assert not psutil.pid_exists(int((tmp_path / "left.pid").read_text()))  # and it was stopped


def test_an_unknown_lesson_is_named_in_one_line():
    finished = subprocess.run([sys.executable, str(REPO_ROOT / "benchmarks" / "lesson_costs.py"), "99"],
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode == 1 and finished.stderr.strip() == (
        f"lesson_costs: no lesson '99' in {REPO_ROOT / 'notebooks'}")
