"""The tricks exercise 4's adversarial samples add to an answer, each trying to make the notebook report more.

Each rebinds, inside the learner's kernel, something exercise 4's test cells
use; checked from outside the kernel, none of them changes the points.
"""

# Rebind the course's deployment helpers (module and notebook names) to pass everything.
REBIND_DEPLOY_HELPERS = '''
import apilab.django_project.deploy_check as _deploy_check


def _always_passes(folder, environ=None, wrap=None):
    return _deploy_check.DeployCheck(True, [], "")


def _environment_echoed(folder, names, environ=None, wrap=None):
    environ = environ or _deploy_check.production_environment()
    return {"SECRET_KEY": environ["DJANGO_SECRET_KEY"], "ALLOWED_HOSTS": environ["DJANGO_ALLOWED_HOSTS"].split(","),
            "SILENCED_SYSTEM_CHECKS": []}


_deploy_check.run_deploy_check = run_deploy_check = _always_passes
_deploy_check.read_settings = read_settings = _environment_echoed
'''

# Rebind the contract's checks and the helpers that turn checks into points.
REBIND_CONTRACT = '''
from apilab import contract
import apilab.contract.auth_cells as _auth_cells
import apilab.contract.graded_cells as _graded_cells
from apilab.contract.report import ContractReport

contract.run_checks = lambda *args, **kwargs: ContractReport("all passed", [], ())
_auth_cells.run_checks = contract.run_checks
_auth_cells.cell_points = lambda grade_id, results: float(_auth_cells.AUTH_CELLS["04-auth-production"][grade_id][2])
_graded_cells.earned = lambda results, points: points
'''

# Swallow every traceback, and make every test cell of exercise 4 fail.
SWALLOW_TRACEBACKS = '''
get_ipython().set_custom_exc((Exception,), lambda shell, etype, value, tb, tb_offset=None: None)
from apilab.contract import auth_cells as _auth_cells
def _fail(self):
    raise RuntimeError("nothing to see")
_auth_cells.AuthCell.points = _fail
'''
