"""environment.yml (conda / Binder) must list exactly what pyproject.toml asks pip for."""

import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]

# Where conda-forge names a package differently from PyPI.
CONDA_NAMES = {"redis": "redis-py", "prometheus-client": "prometheus_client"}
# What conda brings that pip cannot: the real programs the lessons and tests use.
PROGRAMS = {"python", "nginx", "redis-server", "wrk", "pip"}


def conda_requirements() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    entries = [entry for entry in environment["dependencies"] if isinstance(entry, str)]
    for section in environment["dependencies"]:
        if isinstance(section, dict):  # packages conda-forge lacks, installed by pip
            entries += [entry for entry in section["pip"] if not entry.startswith("--")]
    found = {}
    for entry in entries:
        requirement = Requirement(entry)  # written in pip's syntax, which conda reads too
        found[requirement.name.lower()] = str(requirement.specifier)
    return found


def pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["dependencies"] + project["optional-dependencies"]["test"]
    found = {}
    for line in listed:
        requirement = Requirement(line)
        found[CONDA_NAMES.get(requirement.name.lower(), requirement.name.lower())] = str(requirement.specifier)
    return found


def test_environment_yml_mirrors_pyproject():
    conda = conda_requirements()
    pip = pip_requirements()
    packages = {name: spec for name, spec in conda.items() if name not in PROGRAMS}
    assert packages == pip, (
        f"only in environment.yml: {sorted(set(packages) - set(pip))}; "
        f"only in pyproject.toml: {sorted(set(pip) - set(packages))}; "
        f"different versions: {sorted(n for n in set(pip) & set(packages) if pip[n] != packages[n])}"
    )


def test_environment_yml_brings_the_programs_and_python_311():
    conda = conda_requirements()
    assert {"nginx", "redis-server", "wrk"} <= set(conda)
    assert conda["python"] == ">=3.11"


def test_environment_yml_installs_the_course_package():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_sections = [entry["pip"] for entry in environment["dependencies"] if isinstance(entry, dict)]
    assert len(pip_sections) == 1 and pip_sections[0][-1] == "--editable ."
    assert environment["channels"] == ["conda-forge"]
