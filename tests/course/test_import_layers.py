"""apilab's subpackages import only the layers below them (import-linter's contract in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

from course_paths import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
SUBPACKAGES = ("serving", "django_project", "contract", "measure", "exercises", "grading", "lessons", "course")


def lint_imports(cwd: Path, python_path: Path) -> subprocess.CompletedProcess:
    """Run import-linter with pyproject.toml's contract, importing apilab from ``python_path``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd, env={"PYTHONPATH": str(python_path), "PATH": str(LINT_IMPORTS.parent)},
        capture_output=True, text=True, timeout=120,
    )


def test_the_package_keeps_its_layers():
    result = lint_imports(REPO_ROOT, REPO_ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout, result.stdout


def test_every_subpackage_is_in_a_layer_and_says_what_it_holds():
    contract = (REPO_ROOT / "pyproject.toml").read_text().split("[tool.importlinter]")[1].split("[tool.pytest")[0]
    for name in SUBPACKAGES:
        init = REPO_ROOT / "src" / "apilab" / name / "__init__.py"
        assert f'"{name}' in contract or f"| {name}" in contract, f"{name} is in no layer of pyproject.toml"
        docstring = init.read_text().split('"""')[1]
        assert "import" in docstring, f"{init}: the docstring does not say what {name} may import"
    found = {p.name for p in (REPO_ROOT / "src" / "apilab").iterdir() if (p / "__init__.py").exists()}
    assert found == set(SUBPACKAGES), f"subpackages {sorted(found)} differ from the layers {SUBPACKAGES}"


def test_a_lower_layer_importing_a_higher_one_breaks_the_contract(tmp_path):
    shutil.copytree(REPO_ROOT / "src" / "apilab", tmp_path / "src" / "apilab",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    servers = tmp_path / "src" / "apilab" / "serving" / "servers.py"
    servers.write_text(servers.read_text() + "\nfrom apilab.measure import load  # noqa: E402 (a layer above)\n")
    result = lint_imports(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "apilab.serving.servers -> apilab.measure.load" in result.stdout, result.stdout
