"""The YAML reader: positions of every value, duplicate keys, and what it refuses."""

from __future__ import annotations

import pytest

from cercles.sources.problems import SourceError
from cercles.sources.yamlio import load_text


def problems_of(text: str) -> list[str]:
    with pytest.raises(SourceError) as raised:
        load_text(text, "circles/x.yaml")
    return [str(problem) for problem in raised.value.problems]


def test_every_value_knows_its_line_and_column() -> None:
    tree = load_text("nom: Jardin\nroles:\n  - id: coordination\n    nom: Chef\n", "circles/x.yaml")
    role = tree.value["roles"].value[0]
    assert str(role.value["nom"].location) == "circles/x.yaml:4:10"
    assert str(tree.key_locations["roles"]) == "circles/x.yaml:2:1"


def test_a_time_keeps_the_text_the_volunteer_typed() -> None:
    tree = load_text("heure: 18:30\n", "a.yaml")
    assert tree.value["heure"].raw == "18:30"


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    assert problems_of("nom: A\ntype: projet\nnom: B\n") == [
        "circles/x.yaml:3:1: nom: clé en double (déjà définie ligne 1) (gardez une seule de ces deux lignes)"
    ]


def test_tab_indentation_gets_its_own_hint() -> None:
    (message,) = problems_of("nom: A\nroles:\n\t- id: x\n")
    assert message.startswith("circles/x.yaml:3:1: une tabulation sert d'indentation")


def test_malformed_yaml_points_at_the_line() -> None:
    (message,) = problems_of("nom: A\ntype: [projet\nraison_d_etre: x\n")
    assert message.startswith("circles/x.yaml:3:")
    assert "YAML invalide" in message


def test_aliases_are_refused_before_expansion() -> None:
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    (message,) = problems_of(bomb)
    assert message == "circles/x.yaml:2:8: les alias YAML (*nom) ne sont pas acceptés (recopiez la valeur au lieu d'y faire référence)"


def test_python_tags_are_refused() -> None:
    (message,) = problems_of("nom: !!python/object/apply:os.system ['echo hi']\n")
    assert message == "circles/x.yaml:1:6: nom: étiquette YAML non autorisée « !!python/object/apply:os.system » (retirez l'étiquette qui commence par « ! »)"


def test_an_empty_file_is_an_error() -> None:
    assert problems_of("# rien\n\n") == ["circles/x.yaml: le fichier est vide (remplissez-le ou supprimez-le)"]


def test_libyaml_and_pure_python_readers_give_the_same_values_and_positions() -> None:
    """The fast path must not change a single position in an error message."""
    from conftest import REPO
    from cercles.sources.yamlio import _compose_explaining_errors, _compose_with_libyaml, _convert

    sources = sorted((REPO / "circles").glob("*.yaml")) + sorted((REPO / "content" / "agenda").glob("*.yaml"))
    text = "nom: Élan — « cœur »\nroles:\n  - id: a\n    nom: Zoé\n    redevabilites: [x, 'y: z']\n"
    compared = 0
    for shown, source in [("inline.yaml", text)] + [(path.name, path.read_text(encoding="utf-8")) for path in sources]:
        fast = _compose_with_libyaml(source)
        if fast is None:
            continue
        slow = _compose_explaining_errors(source, shown)
        assert _convert(fast, shown, [], "") == _convert(slow, shown, [], ""), shown
        compared += 1
    assert compared > 10
