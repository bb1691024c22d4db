"""Every generated output of a site, as ``{path: content}``: pages (Markdown) and feeds (bytes).

The MkDocs plugin hands these to MkDocs; the core never writes them itself, so another engine
could be given the same files.
"""

from __future__ import annotations

from cercles import paths
from cercles.pages.agenda_view import AgendaSettings, AgendaView
from cercles.feeds.agenda_json import agenda_json
from cercles.feeds.ics import FeedContext, build_feed, public_feed_moments
from cercles.feeds.secret import secret_path
from cercles.model import Moment, Organisation, kinds_of
from cercles.feeds.provenance import History, build_day
from cercles.pages.render import PageRenderer
from cercles.history.atom import journal_feed
from cercles.history.read import read_history
from cercles.history.record import GovernanceHistory
from cercles.settings import Settings


def feed_context(settings: Settings) -> FeedContext:
    return FeedContext(timezone=settings.timezone, site_url=settings.site_url,
                       site_name=settings.site_name, history=History(settings.root))


def _feeds(organisation: Organisation, moments: list[Moment], context: FeedContext, *, whole: tuple[str, str],
           circle_words: tuple[str, str]) -> dict[str, bytes]:
    """A feed of ``moments`` (named ``whole``: name, description) and one per circle that has some of them.

    ``circle_words`` are the name and description of a circle's feed, with ``{circle}`` for its name.
    """
    feeds = {paths.PUBLIC_FEED: build_feed(moments, *whole, context)}
    by_circle: dict[str, list[Moment]] = {}
    for moment in moments:
        by_circle.setdefault(moment.circle_id, []).append(moment)
    for circle in organisation.circles:
        if circle.id in by_circle:
            name, description = (words.format(circle=circle.name) for words in circle_words)
            feeds[paths.circle_feed(circle)] = build_feed(by_circle[circle.id], name, description, context)
    return feeds


def public_feeds(organisation: Organisation, settings: Settings) -> dict[str, bytes]:
    """The public feed, one per circle and one per kind (the agenda's two filters) that has public moments,
    and one per public moment (its page's « Ajouter à mon agenda »)."""
    name = settings.site_name or "Agenda"
    context = feed_context(settings)
    public = public_feed_moments(organisation)
    feeds = _feeds(organisation, public, context, whole=(name, f"Les moments publics de {name}."),
                   circle_words=(f"{{circle}} : {name}", f"Les moments publics du cercle {{circle}} ({name})."))
    for kind in kinds_of(public):
        feeds[paths.kind_feed(kind)] = build_feed([moment for moment in public if moment.kind is kind], f"{kind.heading} : {name}",
                                                  f"Les moments publics de type « {kind.label} » ({name}).", context)
    for moment in public:
        feeds[paths.moment_feed(moment)] = build_feed([moment], moment.title, f"Les moments publics de {name} : « {moment.title} ».", context)
    return feeds


def members_feed(organisation: Organisation, settings: Settings) -> bytes:
    """Public and internal moments (never confidential ones): written only on request, never into the site."""
    return build_feed(organisation.members_moments(), *_members_words(settings)[0], feed_context(settings))


def members_feeds(organisation: Organisation, settings: Settings) -> dict[str, bytes]:
    """The members' feed and one per circle, named as their public counterparts (``agenda.ics``, ``agenda/<cercle>.ics``).

    Public and internal moments, never confidential ones: published only at secret addresses.
    """
    whole, circle_words = _members_words(settings)
    return _feeds(organisation, organisation.members_moments(), feed_context(settings), whole=whole, circle_words=circle_words)


def _members_words(settings: Settings) -> tuple[tuple[str, str], tuple[str, str]]:
    """Name and description of the members' feed, then of a circle's (``{circle}`` for its name)."""
    site = settings.site_name or "Agenda"
    return ((f"{site} (membres)", f"Tous les moments de {site}, internes compris."),
            (f"{{circle}} : {site} (membres)", f"Les moments du cercle {{circle}}, internes compris ({site})."))


def secret_feeds(organisation: Organisation, settings: Settings, secret: str) -> dict[str, bytes]:
    """The members' feeds at their secret paths (``membres/<token>/…``), for the build to write into the site."""
    return {secret_path(secret, name): content for name, content in members_feeds(organisation, settings).items()}


def agenda_view(organisation: Organisation, settings: Settings) -> AgendaView:
    """The agenda's window of public occurrences, computed once for its pages and ``agenda.json``."""
    zone = settings.timezone
    return AgendaView.build(organisation, AgendaSettings(today=build_day(zone), horizon_months=settings.horizon_months,
                                                         timezone=zone, site_url=settings.site_url,
                                                         site_name=settings.site_name))


def generated_pages(organisation: Organisation, settings: Settings, history: GovernanceHistory | None = None,
                    view: AgendaView | None = None) -> dict[str, str]:
    """Every generated Markdown page: circles, roles, actions, indexes, agenda, the governance journal."""
    view = agenda_view(organisation, settings) if view is None else view
    return PageRenderer(organisation, view, settings, read_history(settings) if history is None else history).pages()


def history_feed(organisation: Organisation, settings: Settings, history: GovernanceHistory) -> bytes:
    """The Atom feed of the governance journal."""
    return journal_feed(history, site_url=settings.site_url, site_name=settings.site_name,
                        circle_ids={circle.id for circle in organisation.circles}, person=organisation.person_name)


def site_outputs(organisation: Organisation, settings: Settings) -> dict[str, str | bytes]:
    """Generated pages and public feeds of the site; the git history is read once for both."""
    history = read_history(settings)
    view = agenda_view(organisation, settings)
    outputs: dict[str, str | bytes] = dict(generated_pages(organisation, settings, history, view))
    outputs.update(public_feeds(organisation, settings))
    outputs[paths.AGENDA_JSON] = agenda_json(organisation, view, settings.site_name)
    outputs[paths.JOURNAL_FEED] = history_feed(organisation, settings, history)
    return outputs

