"""The tricks exercise 4's adversarial samples add to an answer, each trying to make the notebook report more.

Each rebinds, inside the learner's kernel, something exercise 4's test cells
use; checked from outside the kernel, none of them changes the points.
"""

# Rebind the course's deployment helpers (module and notebook names) to pass everything.
REBIND_DEPLOY_HELPERS = '''
import apilab.exercises.auth_production.deploy_check as _deploy_check


def _always_passes(folder, environ=None, wrap=None):
    return _deploy_check.DeployCheck(True, [], "")


def _environment_echoed(folder, names, environ=None, wrap=None):
    environ = environ or _deploy_check.production_environment()
    return {"SECRET_KEY": environ["DJANGO_SECRET_KEY"], "ALLOWED_HOSTS": environ["DJANGO_ALLOWED_HOSTS"].split(","),
            "SILENCED_SYSTEM_CHECKS": []}


_deploy_check.run_deploy_check = run_deploy_check = _always_passes
_deploy_check.read_settings = read_settings = _environment_echoed
'''

# Rebind the contract's checks and the helper that turns checks into points.
REBIND_CONTRACT = '''
from apilab import contract
import apilab.contract.checks as _checks
import apilab.exercises.auth_production.tokens as _tokens
from apilab.contract.report import ContractReport
from apilab.exercises.spec import GradedCell

contract.run_checks = _checks.run_checks = lambda *args, **kwargs: ContractReport("all passed", [], ())
_tokens.run_checks = contract.run_checks
GradedCell.earned = lambda self, results: self.points
'''

# Swallow every traceback, and make every test cell of exercise 4 fail.
SWALLOW_TRACEBACKS = '''
get_ipython().set_custom_exc((Exception,), lambda shell, etype, value, tb, tb_offset=None: None)
from apilab.exercises import kernel as _kernel
def _fail(self):
    raise RuntimeError("nothing to see")
_kernel.CellChecks.points = _fail
'''
