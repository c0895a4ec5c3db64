"""What the answer's code may not do while exercise 6's queries are counted, and the C counter itself."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from apilab.grading import query_shim
from apilab.grading.runner import StatementLog
from apilab.grading.sandbox import native_folders, sandbox_command


def guarded(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a new Python after ``answer_guard.guard()``."""
    program = "from apilab.grading.answer_guard import guard\nguard()\n" + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("code", [
    "import ctypes\nctypes.CDLL(None)",
    "import ctypes\nctypes.string_at(id(1), 8)",
    "import subprocess\nsubprocess.run(['true'])",
    "import os\nos.system('true')",
    "import os\nos.fork()",
    "import os\nos.execv('/bin/true', ['true'])",
    "import gc\ngc.get_objects()",
    "import sys, apilab.grading.answer_guard as guard\nguard.REFUSED = frozenset()\n"
    "import subprocess\nsubprocess.run(['true'])",
])
def test_the_guard_refuses_each_way_around_the_count(code):
    result = guarded(code)
    assert result.returncode != 0 and "PermissionError" in result.stderr, result.stderr[-500:]


def test_the_guard_leaves_an_api_s_ordinary_work_alone():
    result = guarded("""
        import ctypes, json, sqlite3, threading
        connection = sqlite3.connect(':memory:', check_same_thread=False)
        connection.execute('CREATE TABLE t (x)')
        thread = threading.Thread(target=lambda: connection.execute('SELECT x FROM t').fetchall())
        thread.start(); thread.join()
        print(json.dumps({'ok': open(__import__('os').devnull).read() == ''}))
    """)
    assert result.returncode == 0 and '"ok": true' in result.stdout, result.stderr[-500:]


def counted_by_the_library(code: str, native: list[str] | None = None) -> tuple[int, list[str], int, str]:
    """Run ``code`` with the built counter preloaded: (its exit status, the lines it wrote, how many, stderr)."""
    library, problem = query_shim.built()
    if library is None:
        pytest.fail(f"the query counter must build here (make test installs gcc): {problem}")
    log = StatementLog()
    folders = native if native is not None else native_folders()
    environment = {**os.environ, **query_shim.environment(library, log.write_end, folders)}
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=environment,
                               pass_fds=[log.write_end], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log.started()
    try:
        _, errors = process.communicate(timeout=60)
        return process.returncode, log.recent(), log.count(), errors
    finally:
        log.close()


def test_the_library_counts_each_execution_of_a_statement_that_reads_or_writes_a_table():
    status, last, count, errors = counted_by_the_library("""
        import sqlite3
        connection = sqlite3.connect(':memory:')
        connection.execute('CREATE TABLE t (x)')
        connection.executemany('INSERT INTO t VALUES (?)', [(b'1',), (b'2',)])
        for _ in range(3):  # one prepared statement, run three times: three queries
            connection.execute('SELECT x FROM t WHERE x = ?', (b'1',)).fetchall()
        connection.execute('SELECT x FROM t').fetchall()  # two rows, one query
        connection.execute('PRAGMA user_version').fetchall()
        with connection.blobopen('t', 'x', 1) as blob:  # a value read without a statement counts too
            blob.read()
    """)
    assert status == 0 and count == 7, errors
    assert last[-2:] == ["SELECT x FROM t", "sqlite3_blob_open: a value FROM t.x"]


def test_the_library_ends_a_process_that_puts_another_file_in_place_of_the_pipe():
    status, _, count, errors = counted_by_the_library("""
        import os, sqlite3
        connection = sqlite3.connect(':memory:')
        connection.execute('CREATE TABLE t (x)')
        connection.execute('SELECT x FROM t').fetchall()
        os.dup2(os.open(os.devnull, os.O_WRONLY), int(os.environ['APILAB_QUERY_LOG_FD']))
        connection.execute('SELECT x FROM t').fetchall()
        print('not reached')
    """)
    assert status == 88 and count == 1, errors


def test_the_library_starts_no_other_program_even_below_python_s_audit_events():
    status, _, _, errors = counted_by_the_library("""
        import _posixsubprocess, os, subprocess, sys
        for start in (lambda: subprocess.run(['true']), lambda: os.posix_spawn('/bin/true', ['true'], {}),
                      lambda: os.system('true')):
            try:
                print(start(), file=sys.stderr)
            except PermissionError as error:
                print('refused', error.errno, file=sys.stderr)
    """)
    assert status == 0 and errors.split() == ["refused", "1", "refused", "1", "-1"], errors


def test_the_library_loads_no_native_code_from_a_folder_the_process_can_write(tmp_path):
    import shutil

    library = tmp_path / "copy.so"
    shutil.copy(os.path.realpath(__import__("_json").__file__), library)
    status, _, _, errors = counted_by_the_library(f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location('_json', {str(library)!r})
        try:
            importlib.util.module_from_spec(spec)
        except ImportError:
            print('refused', file=sys.stderr)
        import _sqlite3, json  # the venv's and the system's own modules load as ever
    """, native=[os.path.dirname(os.__file__), sys.prefix, "/usr", "/lib", "/lib64"])
    assert status == 0 and errors.strip() == "refused", errors


def test_a_counted_process_has_no_proc_to_reach_its_memory_through(tmp_path):
    with_proc = sandbox_command(["python"], tmp_path)
    without = sandbox_command(["python"], tmp_path, proc=False)
    assert "--proc" in with_proc and "--proc" not in without
