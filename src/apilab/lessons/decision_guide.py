"""A decision guide for Flask or Django: a project's requirements in, a recommendation with its reasons out.

Each requirement the learner states adds weight to one framework, with the
reason written out; the recommendation is the heavier side, or "either" when
the two are close (then team experience should decide)::

    recommend(size="small", microservice=True, evidence=evidence)
    recommend_use_case("e-commerce platform")

Weights come from two places, and every reason says which:

- **measured**: for what the course measures (throughput per instance, memory
  per worker, time to the first answer), the weight follows from ``evidence``
  (from :func:`benchmark_evidence` or the learner's own measurements) by the
  rule in ``MEASURED_RULE``, and goes to whichever side measured better;
- **hand-set**: what cannot be measured (an admin exists or not, a team's
  experience) has a weight fixed by hand in ``FLAGS``, ``SIZE_WEIGHTS`` and
  ``TEAM_WEIGHT``: the course's reading of its lessons, labelled as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

SIZES = ("small", "medium", "large")
TEAM = (None, "flask", "django")
CLOSE_CALL = 1  # a score difference this small or smaller is "either"

# Each yes/no requirement: the framework it favours, its HAND-SET weight, and why.
# These are the course's reading of its lessons, not measurements; a requirement
# that is also measured (MEASURED) gets a measured weight on top.
FLAGS = {
    "microservice": ("Flask", 1, "a small, independently deployed service: Flask's small core and blueprints fit"),
    "prototype": ("Flask", 2, "a quick proof of concept: a working endpoint in a few lines, no project skeleton"),
    # Both run as a function behind a WSGI adapter (the Deployment lesson); what should decide is a cold start,
    # measured there, not a hand-set weight.
    "serverless": (None, 0, ""),
    "custom_stack": ("Flask", 2, "you want to choose the ORM, database or validation library yourself "
                                 "(Django's parts are built to work together)"),
    "throughput_per_instance": (None, 0, ""),
    "needs_admin": ("Django", 3, "staff must manage the data: Django's admin comes for free"),
    "user_accounts": ("Django", 2, "users, groups and permissions: built into Django (and tokens into DRF)"),
    "relational_data": ("Django", 2, "many related models and queries: Django's ORM and migrations are built in"),
    # Security, threat by threat: both escape HTML in templates (Jinja autoescapes .html, Django's templates
    # everything) and both bind SQL parameters (SQLAlchemy, Django's ORM), so those weigh nothing. What differs:
    "security_critical": ("Django", 1, "a security review of the deployment: `manage.py check --deploy` audits "
                                       "the settings, and one middleware sets HTTPS redirects, HSTS and secure "
                                       "cookies (Flask: the same from Flask-Talisman or the proxy, checked by you)"),
    "browser_sessions": ("Django", 1, "a browser front end logged in with session cookies: CSRF protection is on "
                                      "by default (DRF's SessionAuthentication enforces it); Flask needs "
                                      "Flask-WTF's CSRFProtect. A token-authenticated API needs neither"),
    "media_uploads": ("Django", 1, "user uploads: Django's storage API (with S3 through django-storages) and "
                                   "admin handle media"),
    # WebSockets are an add-on in both (Django Channels with an ASGI server and a channel layer; Flask-SocketIO
    # or Flask-Sock for Flask): no side is favoured.
    "realtime": (None, 0, ""),
}
SIZE_WEIGHTS = {
    "small": ("Flask", 1, "a small API: Django's extra structure would be mostly unused"),
    "medium": (None, 0, ""),
    "large": ("Django", 2, "a large application: Django's conventions keep many apps and developers consistent"),
}
TEAM_WEIGHT = 2

# What the course measures, per requirement: (what, Flask's evidence key, Django's evidence key,
# whether more is better). The throughput evidence is measured side by side: Flask + SQLAlchemy +
# marshmallow in a plain view against DRF's serializer in its generic view (which adds DRF's request,
# authentication, permission and content-negotiation machinery): the same response from each framework's
# usual API stack, on the same server.
MEASURED = {
    "throughput_per_instance": ("requests per second per instance", "flask_per_drf_throughput", None, True),
    "microservice": ("memory per worker (MiB)", "flask_worker_mib", "drf_worker_mib", False),
}
STEP = 0.25       # one point per full 25 % of advantage ...
MAX_MEASURED = 3  # ... and at most this many
MEASURED_RULE = (f"a measured requirement gives the side that measured better 1 point per full "
                 f"{STEP:.0%} of advantage (better ÷ worse − 1, in steps of {STEP}), at most {MAX_MEASURED}; "
                 f"under {STEP:.0%} is a tie (0 points); without evidence, 0 points")

# The material's use cases, as requirements.
USE_CASES = {
    "notification microservice": {"size": "small", "microservice": True, "throughput_per_instance": True},
    "prototype": {"size": "small", "prototype": True},
    "IoT / serverless": {"size": "small", "serverless": True, "microservice": True},
    "e-commerce platform": {"size": "large", "needs_admin": True, "user_accounts": True, "relational_data": True,
                            "browser_sessions": True, "security_critical": True},
    "social media application": {"size": "large", "user_accounts": True, "relational_data": True,
                                 "browser_sessions": True, "media_uploads": True, "realtime": True,
                                 "needs_admin": True},
    "enterprise API": {"size": "large", "user_accounts": True, "relational_data": True, "security_critical": True},
}

EVIDENCE_KEYS = ("flask_per_drf_throughput", "flask_worker_mib", "drf_worker_mib",
                 "flask_first_answer_s", "drf_first_answer_s")


@dataclass
class Recommendation:
    """What the guide recommends, the scores, and every reason that counted."""

    framework: str
    scores: dict
    reasons: list = field(default_factory=list)  # (framework, weight, set by, reason)

    def table(self) -> pd.DataFrame:
        """Return the reasons as a table: favours, weight, set by ("hand-set" or "measured: ..."), reason."""
        return pd.DataFrame(self.reasons, columns=["favours", "weight", "set by", "reason"])

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.framework}** (Flask {self.scores['Flask']}, Django {self.scores['Django']})", ""]
        lines += [f"- *{favours} +{weight}* ({source}): {reason}"
                  for favours, weight, source, reason in self.reasons]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"<Recommendation {self.framework}: Flask {self.scores['Flask']}, "
                f"Django {self.scores['Django']}, {len(self.reasons)} reasons>")

    def __str__(self) -> str:
        return self._repr_markdown_().replace("**", "").replace("*", "")


def measured_weight(advantage: float) -> int:
    """The rule (MEASURED_RULE): points for a measured advantage ``advantage`` = better ÷ worse (>= 1)."""
    if not advantage >= 1:
        raise ValueError(f"advantage is better ÷ worse, 1 or more; got {advantage!r}")
    return min(MAX_MEASURED, int((advantage - 1 + 1e-9) // STEP))


def measured_reason(requirement: str, evidence: dict):
    """Return (favours, weight, set by, reason) for a measured requirement, or None without its evidence."""
    what, flask_key, django_key, more_is_better = MEASURED[requirement]
    if flask_key not in evidence or (django_key and django_key not in evidence):
        return None
    if django_key is None:  # a ratio Flask ÷ Django
        flask, django = evidence[flask_key], 1.0
        shown = f"Flask ÷ DRF {flask:.2f}"
    else:
        flask, django = evidence[flask_key], evidence[django_key]
        shown = f"Flask {flask:.2f}, DRF {django:.2f}"
    if flask == django or min(flask, django) <= 0:
        return ("Flask", 0, f"measured: {shown}", f"{what}: no difference")
    flask_better = (flask > django) == more_is_better
    advantage = max(flask, django) / min(flask, django)
    favours = "Flask" if flask_better else "Django"
    weight = measured_weight(advantage)
    return (favours, weight, f"measured: {shown}, ×{advantage:.2f}",
            f"{what}: {favours} measured better by {advantage - 1:.0%}" + ("" if weight else " (a tie by the rule)"))


def _check_evidence(evidence) -> dict:
    if evidence is None:
        return {}
    if not isinstance(evidence, dict):
        raise TypeError(f"evidence must be a dict of measured numbers, got {type(evidence).__name__}")
    unknown = sorted(set(evidence) - set(EVIDENCE_KEYS))
    if unknown:
        raise ValueError(f"unknown evidence {unknown}; known: {list(EVIDENCE_KEYS)}")
    for key, value in evidence.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ValueError(f"evidence {key!r} must be a number >= 0, got {value!r}")
    return evidence


def recommend(size: str = "medium", team_knows: str | None = None, evidence: dict | None = None,
              **requirements: bool) -> Recommendation:
    """Recommend Flask, Django or either for the stated requirements (see FLAGS for the yes/no ones)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, got {size!r}")
    if team_knows not in TEAM:
        raise ValueError(f"team_knows must be one of {TEAM}, got {team_knows!r}")
    unknown = sorted(set(requirements) - set(FLAGS))
    if unknown:
        raise TypeError(f"unknown requirements {unknown}; known: size, team_knows, {', '.join(FLAGS)}")
    for name, value in requirements.items():
        if not isinstance(value, bool):
            raise ValueError(f"requirement {name!r} must be True or False, got {value!r}")
    evidence = _check_evidence(evidence)
    reasons = []
    favours, weight, reason = SIZE_WEIGHTS[size]
    if weight:
        reasons.append((favours, weight, "hand-set", reason))
    for name, wanted in requirements.items():
        if not wanted:
            continue
        favours, weight, reason = FLAGS[name]
        if weight:
            reasons.append((favours, weight, "hand-set", reason))
        if name in MEASURED:
            measured = measured_reason(name, evidence)
            reasons.append(measured or ("Flask", 0, "not measured", f"{MEASURED[name][0]}: pass evidence= to weigh it"))
    if team_knows:
        name = team_knows.capitalize()
        reasons.append((name, TEAM_WEIGHT, "hand-set", f"the team already knows {name}: no learning curve to pay"))
    scores = {"Flask": 0, "Django": 0}
    for favours, weight, _, _ in reasons:
        scores[favours] += weight
    difference = scores["Flask"] - scores["Django"]
    framework = "either" if abs(difference) <= CLOSE_CALL else ("Flask" if difference > 0 else "Django")
    return Recommendation(framework, scores, sorted(reasons, key=lambda r: -r[1]))


def recommend_use_case(name: str, evidence: dict | None = None, **changes) -> Recommendation:
    """Recommend for one of the material's use cases (USE_CASES), optionally with changed requirements."""
    if name not in USE_CASES:
        raise ValueError(f"use case must be one of {list(USE_CASES)}, got {name!r}")
    return recommend(evidence=evidence, **{**USE_CASES[name], **changes})


def compare_use_cases(evidence: dict | None = None) -> pd.DataFrame:
    """Return every use case with its recommendation, scores and weightiest reason."""
    rows = []
    for name in USE_CASES:
        result = recommend_use_case(name, evidence=evidence)
        rows.append({"use case": name, "recommendation": result.framework, "Flask": result.scores["Flask"],
                     "Django": result.scores["Django"],
                     "measured points": sum(r[1] for r in result.reasons if r[2].startswith("measured")),
                     "weightiest reason": result.reasons[0][3]})
    return pd.DataFrame(rows).set_index("use case")


def benchmark_evidence(csv_path) -> dict:
    """Read the benchmark ladder (``benchmarks/results/ladder.csv``) and return its like-for-like throughput ratio.

    ``flask_per_drf_throughput`` is Flask + SQLAlchemy + marshmallow ÷ DRF
    (Django's ORM + serializer in a generic view): the same response from each
    framework's usual API stack, served
    side by side in one run; as the report computes it, the median over rounds
    of each round's ratio.
    """
    results = pd.read_csv(csv_path)
    needed = {"framework", "run", "requests_per_s"}
    if not needed <= set(results.columns):
        raise ValueError(f"{csv_path} lacks the columns {sorted(needed - set(results.columns))}")
    rounds = results.pivot_table(index="run", columns="framework", values="requests_per_s", aggfunc="mean")
    if not {"flask-marshmallow", "drf"} <= set(rounds.columns):
        raise ValueError(f"{csv_path} does not hold both the flask-marshmallow and the drf rungs")
    return {"flask_per_drf_throughput": float((rounds["flask-marshmallow"] / rounds["drf"]).median())}
