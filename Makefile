# Flask vs Django: building RESTful APIs in Python
#
#   make lab        set everything up and open the course in JupyterLab
#   make lab-instructor   the same on the course folder itself, with nbgrader's Formgrader
#   make test       set everything up, lint, and run the whole test suite (what CI runs)
#   make test-fast  the unit tests: not the browser, hub, notebook, grading-term or soak suites
#   make lint       ruff on the package, the tests and the tools
#   make site       build the course website (build/site/html/index.html), offline
#   make progress-sidebar   rebuild the Course progress sidebar from progress-sidebar/ (needs npm)
#
# Only Python 3.11+ is needed to start; everything else is installed here:
# a .venv in this folder (rebuilt only when pyproject.toml changes) and, for
# the tests, Debian's chromium, wrk, nginx, redis-server and npm when run as root
# (and, for the hub tests, configurable-http-proxy from npm and PostgreSQL).

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# checkov (the Kubernetes and Dockerfile linter of the deployment tests) pins many
# packages of its own (3.3.30 would take the course's packaging 26 down to 23.2),
# so it lives in a venv of its own beside .venv, where
# apilab.lessons.deployment_lint finds it. Its version is pinned: new releases add rules.
CHECKOV_VENV := .tools/checkov
CHECKOV_VERSION := 3.3.30
SYSTEM_PROGRAMS := chromium wrk nginx redis-server npm
# The site's MathJax, from npm (served by the site itself, never from a CDN).
MATHJAX := build/mathjax/node_modules/mathjax/es5/tex-chtml.js
export PATH := $(BIN):$(PATH)

# The fast tier leaves out what drives a browser or a hub, runs notebooks or the whole grading
# term (marker slow), and the soak tests; it runs on two workers.
FAST_TIER := -m "not browser and not hub and not slow and not soak" -n 2 --dist loadgroup
LINTED := src tests benchmarks jupyterhub site nbgrader_config.py

.PHONY: progress-sidebar lab lab-instructor test test-fast lint site setup setup-test system-programs sandbox-program hub-programs toc benchmarks clean-venv

lab: setup
	$(BIN)/apilab lab

lab-instructor: setup
	$(BIN)/apilab lab --instructor

test: lint system-programs hub-programs $(MATHJAX)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: lint system-programs
	$(BIN)/python -m pytest $(FAST_TIER) $(PYTEST_ARGS)

lint: setup-test
	$(BIN)/ruff check $(LINTED)

# Lessons the test suite ran are shown from its executed copies; the others run here.
site: setup $(MATHJAX)
	$(BIN)/apilab site

# The Course progress sidebar (a JupyterLab extension) is committed built, in
# src/apilab/course/jupyter/labextensions/; this rebuilds it from progress-sidebar/ (needs npm).
JUPYTERLAB_CORE = $(shell $(BIN)/python -c 'import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging"))')
progress-sidebar: setup
	cd progress-sidebar && npm ci --no-audit --no-fund --loglevel=error \
	  && node node_modules/@jupyterlab/builder/lib/build-labextension.js --core-path $(JUPYTERLAB_CORE) .

$(MATHJAX):
	@command -v npm >/dev/null || { echo "npm is not installed (apt-get install npm): no MathJax, so the site cannot be built"; exit 0; }
	npm install --prefix build/mathjax --no-save --no-audit --no-fund --loglevel=error mathjax@3.2.2 >/dev/null

setup: $(VENV)/.installed-lab

setup-test: $(VENV)/.installed-test $(CHECKOV_VENV)/.installed-$(CHECKOV_VERSION)

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed-lab: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet --editable .
	$(BIN)/jupyter labextension enable --level=sys_prefix @jupyter/nbgrader >/dev/null
	@# nbgrader's server extensions need no step: its package enables them itself
	@# (etc/jupyter/jupyter_server_config.d/nbgrader.json).
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-lab
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

$(CHECKOV_VENV)/.installed-$(CHECKOV_VERSION):
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CHECKOV_VENV)/bin/python -m pip install --quiet 'checkov==$(CHECKOV_VERSION)'
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

# The hub tests (tests/hub) run a real JupyterHub: its proxy comes from npm, the
# gradebook from a throwaway PostgreSQL cluster. Installed as root when missing.
hub-programs:
	@if [ "$$(id -u)" != 0 ]; then exit 0; fi; \
	if ! command -v configurable-http-proxy >/dev/null && command -v npm >/dev/null; then \
	  echo "Installing configurable-http-proxy with npm"; npm install -g --silent configurable-http-proxy >/dev/null 2>&1; \
	fi; \
	if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null; then \
	  echo "Installing postgresql with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi

# Grading runs learners' code in bubblewrap's sandbox (program bwrap, Debian package bubblewrap), and
# builds exercise 6's counter of SQL queries with a C compiler (cc and the C library's headers: Debian's gcc,
# libc6-dev, which gcc only recommends).
sandbox-program:
	@missing=""; command -v bwrap >/dev/null || missing="$$missing bubblewrap"; \
	{ command -v cc >/dev/null && [ -f /usr/include/stdio.h ]; } || missing="$$missing gcc libc6-dev"; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing$$missing with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
	else \
	  echo "Not installed:$$missing (sudo apt-get install$$missing); without bwrap grading runs learners' code" \
	       "without a sandbox, without gcc exercise 6's queries are counted in the learner's process (flagged)"; \
	fi

toc: setup
	$(BIN)/apilab toc

benchmarks: setup-test system-programs
	$(BIN)/python benchmarks/startup_latency.py
	$(BIN)/python benchmarks/harness_vs_wrk.py
	$(BIN)/python benchmarks/autograde_class.py
	$(BIN)/python benchmarks/lesson_costs.py
	$(BIN)/python benchmarks/report.py

clean-venv:
	rm -rf $(VENV) $(CHECKOV_VENV)
