"""The French sentences of the history, shared by the pages and the Atom feed (one wording, one place)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cercles.history.changes import Change, ChangeKind, Subject
from cercles.history.git import Availability
from cercles.history.record import Entry
from cercles.pages import french

UNAVAILABLE = {
    Availability.NO_GIT: ("L'historique n'est pas disponible : ce site a été construit hors d'un dépôt git, "
                          "sans l'historique des fichiers de cercle."),
    Availability.SHALLOW: ("L'historique n'est pas disponible : ce site a été construit depuis une copie partielle "
                           "du dépôt git (clone superficiel). Construit depuis une copie complète "
                           "(git fetch --unshallow), il montre chaque changement daté."),
}
"""Why a build cannot tell the history: said on the pages rather than guessed."""


def _q(text: str | None) -> str:
    """« text », with no-break spaces as French typography wants, so a guillemet never starts a line."""
    return f"«\u00a0{text}\u00a0»"


def _quoted(text: str | None) -> str:
    return _q(text) if text else "(aucune)"


def _in_action(subject: Subject) -> str:
    return f" (action {_q(subject.action_name)})" if subject.action_id else ""


def _role(subject: Subject, preposition: str = "du") -> str:
    """« du rôle « Référent·e » », with its action named when the role belongs to one."""
    return f"{preposition} rôle {_q(subject.role_name)}{_in_action(subject)}"


def describe(change: Change, person: Callable[[str], str]) -> str:
    """One sentence for one change; ``person`` turns a person id into the name the site shows."""
    subject, kind = change.subject, change.kind
    if kind is ChangeKind.CIRCLE_CREATED:
        return "Création du cercle."
    if kind is ChangeKind.CIRCLE_RENAMED:
        return f"Fichier renommé : l'identifiant {_q(change.old)} devient {_q(change.new)}."
    if kind is ChangeKind.CIRCLE_ARCHIVED:
        return "Cercle archivé : son fichier a été retiré des sources."
    if kind is ChangeKind.DOMAIN_ADDED:
        return f"Domaine ajouté : {_q(change.new)}."
    if kind is ChangeKind.DOMAIN_REMOVED:
        return f"Domaine retiré : {_q(change.old)}."
    if kind is ChangeKind.ACTION_CREATED:
        return f"Action créée : {_q(subject.action_name)}."
    if kind is ChangeKind.ACTION_REMOVED:
        return f"Action supprimée : {_q(subject.action_name)}."
    if kind is ChangeKind.ROLE_CREATED:
        return f"Rôle créé : {_q(subject.role_name)}{_in_action(subject)}."
    if kind is ChangeKind.ROLE_REMOVED:
        return f"Rôle supprimé : {_q(subject.role_name)}{_in_action(subject)}."
    if kind is ChangeKind.ACCOUNTABILITY_ADDED:
        return f"Redevabilité ajoutée {_role(subject, 'au')} : {_q(change.new)}."
    if kind is ChangeKind.ACCOUNTABILITY_REMOVED:
        return f"Redevabilité retirée {_role(subject)} : {_q(change.old)}."
    if kind is ChangeKind.HOLDER_ARRIVED:
        return f"{person(change.new or '')} devient titulaire {_role(subject)}."
    if kind is ChangeKind.HOLDER_LEFT:
        return f"{person(change.old or '')} n'est plus titulaire {_role(subject)}."
    if kind is ChangeKind.TERM_CHANGED:
        end = f"jusqu'au {french.date_text(date.fromisoformat(change.new))}" if change.new else "sans date de fin"
        return f"Mandat de {person(change.old or '')} {_role(subject, 'au')} : désormais {end}."
    if kind is ChangeKind.NAME_CHANGED:
        if subject.role_id:
            return f"Le rôle {_q(change.old)} s'appelle désormais {_q(change.new)}."
        if subject.action_id:
            return f"L'action {_q(change.old)} s'appelle désormais {_q(change.new)}."
        return f"Le cercle {_q(change.old)} s'appelle désormais {_q(change.new)}."
    if subject.role_id:
        return f"Raison d'être {_role(subject)} modifiée."
    if subject.action_id:
        return f"Raison d'être de l'action {_q(subject.action_name)} modifiée."
    return "Raison d'être du cercle modifiée."


def details(change: Change) -> list[tuple[str, str]]:
    """The texts a reader needs to see the change: a purpose before and after, or the purpose given at creation."""
    if change.kind is ChangeKind.PURPOSE_CHANGED:
        return [("Avant", _quoted(change.old)), ("Après", _quoted(change.new))]
    if change.kind in (ChangeKind.CIRCLE_CREATED, ChangeKind.ACTION_CREATED, ChangeKind.ROLE_CREATED) and change.new:
        return [("Raison d'être", _quoted(change.new))]
    return []


def reason(entry: Entry) -> str | None:
    """« Motif : … », the commit's subject, when it has one."""
    return f"Motif : {entry.commit.subject}" if entry.commit.subject else None


def title(entry: Entry, person: Callable[[str], str]) -> str:
    """A one-line title for an entry of the feed: the circle and its first change."""
    first = describe(entry.changes[0], person).rstrip(".")
    others = len(entry.changes) - 1
    more = f" (et {others} autre{'s' if others > 1 else ''} changement{'s' if others > 1 else ''})" if others else ""
    return f"{entry.circle_name} : {first}{more}"
