"""The committed build of the Course progress sidebar is the build of its source, as make progress-sidebar makes it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jupyterlab
import pytest
from course_paths import REPO_ROOT

SOURCE = REPO_ROOT / "progress-sidebar"
BUILT = REPO_ROOT / "src" / "apilab" / "course" / "jupyter" / "labextensions" / "apilab-progress"


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_committed_sidebar_is_built_from_its_source(tmp_path):
    if shutil.which("npm") is None:
        if os.environ.get("CI"):
            pytest.fail("npm is not installed: make test installs it (apt-get install npm)")
        pytest.skip("npm is not installed (apt-get install npm): the sidebar cannot be rebuilt here")
    work = tmp_path / "progress-sidebar"
    shutil.copytree(SOURCE, work, ignore=shutil.ignore_patterns("node_modules"))
    output = tmp_path / BUILT.relative_to(REPO_ROOT)  # where the copy's package.json (unchanged) sends its build
    core = Path(jupyterlab.__file__).parent / "staging"
    for command in (["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                    ["node", "node_modules/@jupyterlab/builder/lib/build-labextension.js", "--core-path", str(core),
                     "."]):
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=400)
        assert done.returncode == 0, f"{' '.join(command[:2])} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    committed_package = json.loads((BUILT / "package.json").read_text())
    assert (BUILT / committed_package["jupyterlab"]["_build"]["load"]).is_file(), "the build's loader is missing"
    source_package = json.loads((SOURCE / "package.json").read_text())
    assert {key: value for key, value in committed_package.items() if key != "jupyterlab"} == \
        {key: value for key, value in source_package.items() if key != "jupyterlab"}
    built, committed = files(output), files(BUILT)
    # The code lives in the content-hashed chunks; the remote entry, the loader, numbers a module after the
    # folder it was built in, so it (and package.json, which names it) differs from one folder to another.
    for kept in (built, committed):
        for name in [name for name in kept if name == "package.json" or name.startswith("static/remoteEntry.")]:
            del kept[name]
    assert sorted(built) == sorted(committed), "run make progress-sidebar and commit the build"
    assert built == committed, "the committed sidebar is not the build of progress-sidebar/: run make progress-sidebar"
