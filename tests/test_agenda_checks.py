"""Checks of the agenda sources: one failing fixture each, with the exact message."""

from __future__ import annotations

from pathlib import Path

from conftest import run_command
from test_validation import edit, errors_of

AGENDA = Path("content") / "agenda"


def test_an_unknown_organiser_is_reported(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "troc-de-graines.yaml", "cercle: jardin", "cercle: verger")
    assert errors_of(organisation_dir) == [
        "content/agenda/troc-de-graines.yaml:4:9: cercle: cercle « verger » introuvable (cercles existants : bureau, jardin, outils)"
    ]


def test_an_invalid_rhythm_lists_the_vocabulary(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "pret-d-outils.yaml", "rythme: chaque mercredi", "rythme: les mercredis pairs")
    (message,) = errors_of(organisation_dir)
    assert message.startswith("content/agenda/pret-d-outils.yaml:6:9: rythme: rythme « les mercredis pairs » non compris "
                              "(écrivez par exemple « dernier lundi du mois », « chaque mercredi »")


def test_a_raw_rrule_is_accepted_and_a_broken_one_refused(organisation_dir: Path) -> None:
    source = organisation_dir / AGENDA / "pret-d-outils.yaml"
    edit(source, "rythme: chaque mercredi", 'rythme: "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"')
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 0, run.output
    edit(source, "BYDAY=WE", "BYDAY=XX")
    assert errors_of(organisation_dir) == [
        "content/agenda/pret-d-outils.yaml:6:9: rythme: règle RRULE invalide « RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=XX » "
        "(vérifiez-la selon la RFC 5545, par exemple « RRULE:FREQ=MONTHLY;BYDAY=-1MO »)"
    ]


def test_an_exception_must_fall_on_an_occurrence(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "conseil-du-jardin.yaml", "- date: 2027-05-31", "- date: 2027-05-24")
    assert errors_of(organisation_dir) == [
        "content/agenda/conseil-du-jardin.yaml:12:11: exceptions[1].date: le 2027-05-24 n'est pas une date de ce moment "
        "(vérifiez la date dans l'agenda : l'exception doit tomber sur une occurrence)"
    ]


def test_the_start_must_be_an_occurrence_of_the_rhythm(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "conseil-du-jardin.yaml", "debut: 2027-01-25 18:30", "debut: 2027-01-26 18:30")
    errors = errors_of(organisation_dir)
    assert "content/agenda/conseil-du-jardin.yaml:7:8: debut: le début n'est pas une occurrence du rythme " \
           "(choisissez une date qui suit « dernier lundi du mois »)" in errors


def test_an_end_before_the_start_is_refused(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "troc-de-graines.yaml", 'fin: "12:30"', 'fin: "09:30"')
    assert errors_of(organisation_dir) == [
        "content/agenda/troc-de-graines.yaml:7:6: fin: la fin (2027-02-13 09:30) tombe avant le début (2027-02-13 10:00) "
        "(corrigez l'heure de fin ou le début)"
    ]


def test_february_30_does_not_exist(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "troc-de-graines.yaml", "debut: 2027-02-13 10:00", "debut: 2027-02-30 10:00")
    assert errors_of(organisation_dir) == [
        "content/agenda/troc-de-graines.yaml:6:8: debut: la date ou l'heure de « 2027-02-30 10:00 » n'existe pas "
        "(écrivez la date puis l'heure, par exemple « 2027-01-25 18:30 »)"
    ]


def test_a_time_in_the_spring_dst_gap_is_refused(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "troc-de-graines.yaml", "debut: 2027-02-13 10:00", "debut: 2027-03-28 02:30")
    edit(organisation_dir / AGENDA / "troc-de-graines.yaml", 'fin: "12:30"', "duree: 1h")
    assert errors_of(organisation_dir) == [
        "content/agenda/troc-de-graines.yaml:6:8: debut: l'heure 02:30 n'existe pas le 2027-03-28 à Europe/Paris "
        "(passage à l'heure d'été) (choisissez une heure avant 2 h ou après 3 h)"
    ]


def test_two_public_moments_in_one_place_at_once_is_a_warning(organisation_dir: Path) -> None:
    edit(organisation_dir / AGENDA / "troc-de-graines.yaml", "lieu: Serre", "lieu: Remise")
    edit(organisation_dir / AGENDA / "troc-de-graines.yaml", "debut: 2027-02-13 10:00", "debut: 2027-02-10 17:30")
    edit(organisation_dir / AGENDA / "troc-de-graines.yaml", 'fin: "12:30"', "duree: 1h")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 0
    assert ("content/agenda/troc-de-graines.yaml:2:1: lieu: « Troc de graines » et « Permanence de prêt d'outils » "
            "occupent « Remise » en même temps (2027-02-10 17:30) (à arbitrer lors de la consolidation de l'agenda) "
            "[avertissement]") in run.stdout
    assert run_command(["cercles", "check", "--strict"], cwd=organisation_dir).status == 1
