# Flask vs Django: building RESTful APIs in Python
#
#   make lab    set everything up and open the course in JupyterLab
#   make test   set everything up and run the whole test suite
#
# Only Python 3.11+ is needed to start; everything else is installed here:
# a .venv in this folder (rebuilt only when pyproject.toml changes) and, for
# the tests, Debian's chromium, wrk, nginx and redis-server when run as root.

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
SYSTEM_PROGRAMS := chromium wrk nginx redis-server
export PATH := $(BIN):$(PATH)

.PHONY: lab test setup setup-test system-programs sandbox-program toc benchmarks clean-venv

lab: setup
	$(BIN)/apilab lab

test: setup-test system-programs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed-lab

setup-test: $(VENV)/.installed-test

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed-lab: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet --editable .
	$(BIN)/jupyter labextension enable --level=sys_prefix @jupyter/nbgrader >/dev/null
	$(BIN)/jupyter server extension enable --sys-prefix nbgrader >/dev/null
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-lab
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

# The tests use real programs. As root on Debian they are installed when
# missing; otherwise the tests that need one skip, saying how to get it
# (but under CI=true they fail instead, so a missing install cannot hide).
system-programs: sandbox-program
	@missing=""; for p in $(SYSTEM_PROGRAMS); do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing$$missing with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
	else \
	  echo "Not installed:$$missing (sudo apt-get install$$missing, or conda env create -f environment.yml); tests that need them will skip"; \
	fi

# Grading runs learners' code in bubblewrap's sandbox (program bwrap, Debian package bubblewrap).
sandbox-program:
	@command -v bwrap >/dev/null && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing bubblewrap with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; \
	else \
	  echo "Not installed: bwrap (sudo apt-get install bubblewrap); grading will run learners' code without a sandbox"; \
	fi

toc: setup
	$(BIN)/apilab toc

benchmarks: setup-test system-programs
	$(BIN)/python benchmarks/startup_latency.py
	$(BIN)/python benchmarks/harness_vs_wrk.py
	$(BIN)/python benchmarks/autograde_class.py
	$(BIN)/python benchmarks/report.py

clean-venv:
	rm -rf $(VENV)
