"""Schema and cross-file rules: one failing fixture each, with the exact message a volunteer reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_command
from cercles.sources.problems import SourceError
from cercles.sources.load import load_organisation
from cercles.site.config import load_site_config


def errors_of(organisation_dir: Path) -> list[str]:
    """The error lines of a failed load (warnings left out)."""
    with pytest.raises(SourceError) as raised:
        load_organisation(load_site_config(organisation_dir / "mkdocs.yml").settings)
    return [str(problem) for problem in raised.value.problems if "[avertissement]" not in str(problem)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_organisation_is_valid(organisation_dir: Path) -> None:
    result = load_organisation(load_site_config(organisation_dir / "mkdocs.yml").settings)
    assert [circle.id for circle in result.organisation.circles] == ["bureau", "jardin", "outils"]
    assert result.warnings == []


def test_unknown_key_missing_purpose_and_dangling_parent_are_reported_together(organisation_dir: Path) -> None:
    circle = organisation_dir / "circles" / "outils.yaml"
    edit(circle, "raison_d_etre: Prêter des outils en bon état à tous les cercles.\n", "parent: atelier\n")
    edit(circle, "domaines:", "domaine:")
    run = run_command(["cercles", "check"], cwd=organisation_dir)
    assert run.status == 1
    assert run.stderr.splitlines()[:3] == [
        "circles/outils.yaml:2:1: raison_d_etre: champ obligatoire manquant "
        "(ajoutez « raison_d_etre: la raison d'être du cercle, en une phrase ou deux »)",
        "circles/outils.yaml:4:1: parent: cercle parent « atelier » introuvable (cercles existants : bureau, jardin)",
        "circles/outils.yaml:5:1: domaine: clé inconnue (vouliez-vous dire « domaines » ?)",
    ]
    assert "Traceback" not in run.output


def test_wrong_types_say_what_was_expected(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "jardin.yaml", "nom: Jardinier·e en chef", "nom: [Jardinier, Chef]")
    edit(organisation_dir / "circles" / "outils.yaml", "nom: Outils", "nom: 42")
    assert errors_of(organisation_dir) == [
        "circles/jardin.yaml:13:10: roles[1].nom: attendu un texte mais reçu une liste (écrivez une seule phrase)",
        "circles/outils.yaml:2:6: nom: attendu un texte mais reçu un nombre (mettez la valeur entre guillemets)",
    ]


def test_unknown_circle_type_suggests_the_closest(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "outils.yaml", "type: support", "type: suport")
    assert errors_of(organisation_dir) == [
        "circles/outils.yaml:3:7: type: valeur « suport » inconnue (vouliez-vous dire « support » ?)"
    ]


def test_ids_must_be_lowercase_ascii(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "jardin.yaml", "- id: compost", "- id: Compost Partagé")
    assert errors_of(organisation_dir) == [
        "circles/jardin.yaml:20:9: actions[1].id: identifiant invalide « Compost Partagé » : seulement minuscules "
        "sans accent, chiffres et tirets (écrivez « compost-partage »)"
    ]


def test_ids_are_unique_across_circles_and_actions(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "jardin.yaml", "- id: compost", "- id: outils")
    assert errors_of(organisation_dir) == [
        "circles/jardin.yaml:20:5: id: action « outils » : identifiant déjà utilisé par « outils » "
        "(circles/outils.yaml:2:1) (choisissez un identifiant unique)"
    ]


def test_every_circle_needs_a_coordination_role(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "outils.yaml", "    coordination: true\n", "")
    assert errors_of(organisation_dir) == [
        "circles/outils.yaml:2:1: roles: le cercle « outils » n'a aucun rôle de coordination "
        "(ajoutez « coordination: true » à l'un de ses rôles)"
    ]


def test_every_action_needs_a_referent(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "jardin.yaml", "        referent: true\n", "")
    assert errors_of(organisation_dir) == [
        "circles/jardin.yaml:20:5: actions.compost.roles: l'action « compost » n'a aucun rôle de référent·e "
        "(ajoutez un rôle avec « referent: true »)"
    ]


def test_an_action_cannot_hang_under_the_bureau(organisation_dir: Path) -> None:
    bureau = organisation_dir / "circles" / "bureau.yaml"
    bureau.write_text(bureau.read_text(encoding="utf-8") + "actions:\n  - id: sanctions\n    nom: Sanctions\n"
                      "    roles:\n      - id: r\n        nom: R\n        referent: true\n        titulaires: [bob]\n"
                      "        redevabilites: [Acter]\n", encoding="utf-8")
    assert errors_of(organisation_dir) == [
        "circles/bureau.yaml:22:5: actions: l'action « sanctions » ne peut pas dépendre du bureau collégial "
        "(déplacez-la dans le fichier d'un cercle projet ou support)"
    ]


def test_parent_cycles_are_reported_once(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "jardin.yaml", "type: projet\n", "type: projet\nparent: outils\n")
    edit(organisation_dir / "circles" / "outils.yaml", "type: support\n", "type: support\nparent: jardin\n")
    assert errors_of(organisation_dir) == [
        "circles/jardin.yaml:4:1: parent: cycle de parents : jardin → outils → jardin "
        "(un cercle ne peut pas être son propre ancêtre)"
    ]


def test_the_bureau_has_exactly_three_seats(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "bureau.yaml", "  - id: c\n    nom: Siège C\n", "  - id: c\n    nom: Siège C\n  - id: d\n    nom: Siège D\n")
    assert errors_of(organisation_dir) == [
        "circles/bureau.yaml:2:1: roles: le bureau collégial compte 4 siège(s) au lieu de 3 "
        "(décrivez exactement trois rôles, un par personne élue)"
    ]


def test_holders_must_be_known_people(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "outils.yaml", "titulaires: [chloe]", "titulaires: [zoe]")
    assert errors_of(organisation_dir) == [
        "circles/outils.yaml:15:18: titulaires: personne « zoe » introuvable "
        "(ajoutez-la au fichier des personnes ou corrigez l'identifiant)"
    ]


def test_an_invalid_meeting_rhythm_lists_examples(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "outils.yaml", "rythme: chaque trimestre", "rythme: de temps en temps")
    (message,) = errors_of(organisation_dir)
    assert message.startswith("circles/outils.yaml:10:11: reunions.rythme: rythme « de temps en temps » non compris "
                              "(écrivez par exemple « dernier lundi du mois »")


def test_gaps_are_warnings_and_strict_makes_them_errors(organisation_dir: Path) -> None:
    edit(organisation_dir / "circles" / "outils.yaml", 'code_analytique: "O-02"\n', "")
    relaxed = run_command(["cercles", "check"], cwd=organisation_dir)
    assert relaxed.status == 0
    assert "circles/outils.yaml:2:1: code_analytique: code analytique à préciser" in relaxed.stdout
    strict = run_command(["cercles", "check", "--strict"], cwd=organisation_dir)
    assert strict.status == 1
    assert strict.stderr.splitlines()[-1] == "1 avertissement(s) (« à préciser » ou à arbitrer) refusé(s) par --strict."
