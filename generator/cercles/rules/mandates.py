"""Terms of mandates: a mandate about to end, or already ended, is a warning for the organisers.

Unlike the other rules this one depends on the day: « today » is the build's day (``build_day``:
``SOURCE_DATE_EPOCH`` when set, else the clock), the same day the agenda page starts from. Both
are warnings, which ``--strict`` turns into errors, so a deployment stops on a lapsed mandate.
"""

from __future__ import annotations

from datetime import date, timedelta

from cercles.model import Organisation
from cercles.rules.organisation import role_owners
from cercles.sources.problems import Problem, Severity


def mandate_terms(organisation: Organisation, *, today: date, warning_days: int) -> list[Problem]:
    """A warning per mandate ending within ``warning_days`` days of ``today``, and per mandate already ended."""
    problems = []
    horizon = today + timedelta(days=warning_days)
    for circle in organisation.circles:
        for role in (role for _, roles in role_owners(circle) for role in roles):
            for mandate in role.mandates:
                until = mandate.until
                if until is None or until > horizon:
                    continue
                who = f"le mandat de {organisation.person_name(mandate.person_id)} (rôle « {role.name} »)"
                if until < today:
                    problems.append(Problem(mandate.location, "titulaires", f"{who} a pris fin le {until.isoformat()}",
                                            "prolongez-le avec une nouvelle date « jusqu_au », ou retirez la personne des "
                                            "titulaires", Severity.WARNING))
                    continue
                left = (until - today).days
                when = "aujourd'hui" if left == 0 else f"dans {left} jour{'s' if left > 1 else ''}"
                problems.append(Problem(mandate.location, "titulaires", f"{who} se termine le {until.isoformat()}, {when}",
                                        "renouvelez-le (nouvelle date « jusqu_au ») ou préparez la relève", Severity.WARNING))
    return problems
