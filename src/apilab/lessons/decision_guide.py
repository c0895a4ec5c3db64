"""A decision guide for Flask or Django: a project's requirements in, a recommendation with its reasons out.

Each requirement the learner states adds weight to one framework, with the
reason written out; the recommendation is the heavier side, or "either" when
the two are close (then team experience should decide)::

    recommend(size="small", microservice=True)
    recommend_use_case("e-commerce platform")

The weights encode the course's reading of the trade-offs (lessons 02-08);
where the course measured something, ``evidence`` (from
:func:`benchmark_evidence` or the learner's own measurements) puts the
numbers into the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

SIZES = ("small", "medium", "large")
TEAM = (None, "flask", "django")
CLOSE_CALL = 1  # a score difference this small or smaller is "either"

# Each yes/no requirement: the framework it favours, its weight, and why.
# Change a weight here when the course's measurements or lessons say otherwise.
FLAGS = {
    "microservice": ("Flask", 2, "a small, independently deployed service: Flask's small core and blueprints fit, "
                                 "and each extra process costs less memory{worker_memory}"),
    "prototype": ("Flask", 2, "a quick proof of concept: a working endpoint in a few lines, no project skeleton"),
    "serverless": ("Flask", 3, "serverless / IoT: cold start and footprint matter on every new instance"
                               "{cold_start}"),
    "custom_stack": ("Flask", 2, "you want to choose the ORM, database or validation library yourself "
                                 "(Django's parts are built to work together)"),
    "throughput_per_instance": ("Flask", 1, "per-request cost matters: Flask served more requests per second "
                                            "than DRF for the same list{throughput}"),
    "needs_admin": ("Django", 3, "staff must manage the data: Django's admin comes for free"),
    "user_accounts": ("Django", 2, "users, groups and permissions: built into Django (and tokens into DRF)"),
    "relational_data": ("Django", 2, "many related models and queries: Django's ORM and migrations are built in"),
    "security_critical": ("Django", 2, "security is a priority: CSRF, XSS and SQL injection protection and "
                                       "`check --deploy` come with Django"),
    "media_uploads": ("Django", 1, "user uploads: Django's storage API (with S3 through django-storages) and "
                                   "admin handle media"),
    "realtime": ("Django", 1, "real-time features: Django runs async views under ASGI (and WebSockets through "
                              "Channels); Flask stays WSGI"),
}
SIZE_WEIGHTS = {
    "small": ("Flask", 1, "a small API: Django's extra structure would be mostly unused"),
    "medium": (None, 0, ""),
    "large": ("Django", 2, "a large application: Django's conventions keep many apps and developers consistent"),
}
TEAM_WEIGHT = 2

# The material's use cases, as requirements.
USE_CASES = {
    "notification microservice": {"size": "small", "microservice": True, "throughput_per_instance": True},
    "prototype": {"size": "small", "prototype": True},
    "IoT / serverless": {"size": "small", "serverless": True, "microservice": True},
    "e-commerce platform": {"size": "large", "needs_admin": True, "user_accounts": True, "relational_data": True,
                            "security_critical": True},
    "social media application": {"size": "large", "user_accounts": True, "relational_data": True,
                                 "media_uploads": True, "realtime": True, "needs_admin": True},
    "enterprise API": {"size": "large", "user_accounts": True, "relational_data": True, "security_critical": True},
}

EVIDENCE_KEYS = ("flask_per_drf_throughput", "flask_worker_mib", "drf_worker_mib",
                 "flask_first_answer_s", "drf_first_answer_s")


@dataclass
class Recommendation:
    """What the guide recommends, the scores, and every reason that counted."""

    framework: str
    scores: dict
    reasons: list = field(default_factory=list)  # (framework, weight, reason)

    def table(self) -> pd.DataFrame:
        """Return the reasons as a table: favours, weight, reason."""
        return pd.DataFrame(self.reasons, columns=["favours", "weight", "reason"])

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.framework}** (Flask {self.scores['Flask']}, Django {self.scores['Django']})", ""]
        lines += [f"- *{favours} +{weight}*: {reason}" for favours, weight, reason in self.reasons]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"<Recommendation {self.framework}: Flask {self.scores['Flask']}, "
                f"Django {self.scores['Django']}, {len(self.reasons)} reasons>")

    def __str__(self) -> str:
        return self._repr_markdown_().replace("**", "").replace("*", "")


def _evidence_text(evidence: dict) -> dict:
    """Turn measured numbers into the bracketed notes the reasons quote ('' when not measured)."""
    def has(*keys):
        return all(key in evidence for key in keys)

    return {
        "worker_memory": (f" (measured: a Flask worker {evidence['flask_worker_mib']:.0f} MiB, a DRF worker "
                          f"{evidence['drf_worker_mib']:.0f} MiB)") if has("flask_worker_mib", "drf_worker_mib") else "",
        "cold_start": (f" (measured: first answer after {evidence['flask_first_answer_s']:.2f} s for Flask, "
                       f"{evidence['drf_first_answer_s']:.2f} s for DRF)")
        if has("flask_first_answer_s", "drf_first_answer_s") else "",
        "throughput": (f" (measured: {evidence['flask_per_drf_throughput']:.1f}x)"
                       if has("flask_per_drf_throughput") else ""),
    }


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
    notes = _evidence_text(_check_evidence(evidence))
    reasons = []
    favours, weight, reason = SIZE_WEIGHTS[size]
    if weight:
        reasons.append((favours, weight, reason))
    for name, wanted in requirements.items():
        if wanted:
            favours, weight, reason = FLAGS[name]
            reasons.append((favours, weight, reason.format(**notes)))
    if team_knows:
        name = team_knows.capitalize()
        reasons.append((name, TEAM_WEIGHT, f"the team already knows {name}: no learning curve to pay"))
    scores = {"Flask": 0, "Django": 0}
    for favours, weight, _ in reasons:
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
                     "Django": result.scores["Django"], "weightiest reason": result.reasons[0][2]})
    return pd.DataFrame(rows).set_index("use case")


def benchmark_evidence(csv_path) -> dict:
    """Read the scaling lab's benchmark results and return the measured Flask ÷ DRF throughput ratio.

    The ratio is the median, over servers and concurrency levels, of
    side-by-side measurements (each row of the CSV is one run).
    """
    results = pd.read_csv(csv_path)
    needed = {"framework", "server_label", "concurrency", "requests_per_s"}
    if not needed <= set(results.columns):
        raise ValueError(f"{csv_path} lacks the columns {sorted(needed - set(results.columns))}")
    means = results.groupby(["server_label", "concurrency", "framework"]).requests_per_s.mean().unstack()
    if not {"flask", "drf"} <= set(means.columns):
        raise ValueError(f"{csv_path} does not hold both flask and drf results")
    ratios = (means["flask"] / means["drf"]).dropna()
    return {"flask_per_drf_throughput": float(ratios.median())}
