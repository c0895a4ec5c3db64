"""Practice in the lesson Choosing: a described project put to the decision guide, and the change that tips it.

Both checks ask the guide (``recommend``, with the lesson's evidence) about the learner's own
requirements: a choice is right when the guide's scoring gives it for the requirements stated,
so every defensible reading of a description gets its own fair answer. Only what a description
says outright is required of the requirements.
"""

from __future__ import annotations

from apilab.lessons.decision_guide import (
    FLAGS,
    MEASURED,
    SIZE_WEIGHTS,
    SIZES,
    TEAM,
    Recommendation,
    measured_reason,
    recommend,
)
from apilab.lessons.practice.feedback import attempt, not_done, point, report

CHOICES = ("Flask", "Django", "either")
# What each description says outright: a requirement, its value, and the words of the description that say it.
BOOKINGS_STATED = {
    "user_accounts": (True, "members log in with their accounts"),
    "needs_admin": (False, "the back office manages courts"),
    "microservice": (True, "deployed on its own"),
    "size": ("small", "a small service"),
    "team_knows": ("flask", "developers who know Flask"),
}
BAKERY_STATED = {
    "user_accounts": (True, "customer accounts"),
    "needs_admin": (True, "staff who manage the product catalogue"),
    "team_knows": ("flask", "what the team knows already"),
}


def _same(value, expected) -> bool:
    try:
        return bool(value == expected)
    except Exception:
        return False


def _asked(requirements, evidence):
    """The guide's recommendation for the learner's requirements: (Recommendation, None) or (None, why not)."""
    if not isinstance(requirements, dict):
        return None, f"a dict of recommend()'s arguments, not a {type(requirements).__name__}"
    if not all(isinstance(name, str) for name in requirements):
        return None, "name each requirement as recommend() spells it, as a string"
    return attempt(recommend, **{**requirements, "evidence": evidence})


def _stated_points(requirements: dict, stated: dict) -> list:
    missed = [words for name, (value, words) in stated.items()
              if not _same(requirements.get(name, False if value is False else None), value)]
    return [point(not missed, "what the description states outright",
                  f"{len(missed)} missed; reread " + ", ".join(f'"{words}"' for words in missed))]


def _favours(name: str, requirements: dict, evidence) -> set[str]:
    """The sides a stated requirement gives weight to in the guide (empty when it is not stated or weighs 0)."""
    value = requirements.get(name)
    if name == "size":
        favours, weight, _ = SIZE_WEIGHTS.get(value, (None, 0, ""))
        return {favours} if weight else set()
    if name == "team_knows":
        return {value.capitalize()} if value in TEAM and value else set()
    if name not in FLAGS or value is not True:
        return set()
    favours, weight, _ = FLAGS[name]
    sides = {favours} if weight else set()
    if name in MEASURED:
        measured = measured_reason(name, evidence or {})
        if measured and measured[1]:
            sides.add(measured[0])
    return sides


def _without_measured(evidence) -> dict:
    """The evidence without the measurements a requirement reads (MEASURED), so that they weigh nothing."""
    measured_keys = {key for _, flask_key, django_key, _ in MEASURED.values() for key in (flask_key, django_key)}
    return {key: value for key, value in (evidence or {}).items() if key not in measured_keys}


def _fair_choices(requirements: dict, evidence) -> set[str]:
    """The choices the guide's scores allow: its answer, with and without the machine's measurements;
    where either side is a close call ("either"), the team settles it, so each choice is fair."""
    answers = {recommend(**{**requirements, "evidence": given}).framework
               for given in (evidence, _without_measured(evidence))}
    return set(CHOICES) if "either" in answers else answers


def _choice_point(choice, fair: set[str]):
    what = "your choice matches the guide's scores for your requirements"
    if isinstance(choice, Recommendation):
        return point(False, what, "a choice is a name: use the recommendation's .framework")
    if not (isinstance(choice, str) and choice in CHOICES):
        return point(False, what, f"a {type(choice).__name__}: choose one of " + ", ".join(map(repr, CHOICES)))
    return point(choice in fair, what,
                 f"you chose {choice!r}: ask recommend() with them and the evidence, and read the scores")


def check_project_choice(requirements, choice, because, evidence) -> int | None:
    """Lesson Choosing: the booking API's requirements, the choice and the requirements that justify it."""
    if requirements is None:
        return not_done("set `bookings` (recommend()'s arguments), `bookings_choice` and `bookings_because`; run again")
    answer, error = _asked(requirements, evidence)
    if answer is None:
        return report([point(False, "recommend() accepts your requirements", error)])
    results = [point(True, "recommend() accepts your requirements", "")]
    results += _stated_points(requirements, BOOKINGS_STATED)
    results.append(_choice_point(choice, _fair_choices(requirements, evidence)))
    names = sorted(map(str, because)) if isinstance(because, (list, tuple, set, frozenset)) else []
    sides = {choice} if isinstance(choice, str) and choice in ("Flask", "Django") else {"Flask", "Django"}
    unjustified = [name for name in names if not (_favours(name, requirements, evidence) & sides)]
    shown = choice if isinstance(choice, str) else type(choice).__name__
    results.append(point(bool(names) and not unjustified, "each reason you give weighs for your choice",
                         f"not reasons for {shown!r}: {', '.join(unjustified)[:60]}" if unjustified else
                         "name the requirements (as recommend() spells them) whose weight goes to your choice"))
    return report(results)


def _single_changes(requirements: dict) -> list[dict]:
    """Every change of one requirement: each yes/no one flipped, each other size, each other team."""
    changes = [{name: not requirements.get(name, False)} for name in FLAGS]
    changes += [{"size": size} for size in SIZES if size != requirements.get("size", "medium")]
    changes += [{"team_knows": team} for team in TEAM if team != requirements.get("team_knows")]
    return changes


def check_tipping_change(bakery, single_change, evidence) -> int | None:
    """Lesson Choosing: the bakery's requirements, and one change that alters the guide's answer (or None)."""
    if bakery is None:
        return not_done("set `bakery` (recommend()'s arguments) and `single_change`, and run this again")
    answer, error = _asked(bakery, evidence)
    if answer is None:
        return report([point(False, "recommend() accepts your requirements", error)])
    results = [point(True, "recommend() accepts your requirements", "")]
    results += _stated_points(bakery, BAKERY_STATED)
    tipping = [change for change in _single_changes(bakery)
               if recommend(**{**bakery, **change, "evidence": evidence}).framework != answer.framework]
    if single_change is ...:
        results.append(point(False, "`single_change`", "set it to one change, such as {'size': 'small'}, or None"))
    elif single_change is None:
        results.append(point(not tipping, "no single change alters the answer",
                             "one change does: ask recommend() again with each requirement changed in turn"))
    else:
        valid = isinstance(single_change, dict) and len(single_change) == 1
        changed, error = _asked({**bakery, **single_change}, evidence) if valid else (None, "one key and its value")
        results.append(point(changed is not None and changed.framework != answer.framework,
                             "your single change alters the guide's answer",
                             error if changed is None else
                             f"with it the guide still says {changed.framework}"
                             + ("; is there a change that does?" if tipping else "; does any single change?")))
    return report(results)
