"""Every generated output of a site, as ``{path: content}``: pages (Markdown) and feeds (bytes).

The MkDocs plugin hands these to MkDocs; the core never writes them itself, so another engine
could be given the same files.
"""

from __future__ import annotations

from cercles import paths
from cercles.pages.agenda_view import AgendaSettings, AgendaView
from cercles.feeds.ics import FeedContext, build_feed, public_feed_moments
from cercles.model import Moment, Organisation
from cercles.feeds.provenance import History, build_day
from cercles.pages.render import PageRenderer
from cercles.history.atom import journal_feed
from cercles.history.read import read_history
from cercles.history.record import GovernanceHistory
from cercles.settings import Settings


def feed_context(settings: Settings) -> FeedContext:
    return FeedContext(timezone=settings.timezone, site_url=settings.site_url,
                       site_name=settings.site_name, history=History(settings.root))


def public_feeds(organisation: Organisation, settings: Settings) -> dict[str, bytes]:
    """The public feed, one feed per circle that has public moments, and one per public moment (its page's « add »)."""
    context = feed_context(settings)
    name = settings.site_name or "Agenda"
    public = public_feed_moments(organisation)
    feeds = {paths.PUBLIC_FEED: build_feed(public, name, f"Les moments publics de {name}.", context)}
    by_circle: dict[str, list[Moment]] = {}
    for moment in public:
        by_circle.setdefault(moment.circle_id, []).append(moment)
    for circle in organisation.circles:
        if circle.id in by_circle:
            feeds[paths.circle_feed(circle)] = build_feed(by_circle[circle.id], f"{circle.name} : {name}",
                                                          f"Les moments publics du cercle {circle.name} ({name}).", context)
    for moment in public:
        feeds[paths.moment_feed(moment)] = build_feed([moment], moment.title, f"Les moments publics de {name} : « {moment.title} ».", context)
    return feeds


def members_feed(organisation: Organisation, settings: Settings) -> bytes:
    """Public and internal moments (never confidential ones): written only on request, never into the site."""
    site = settings.site_name or "Agenda"
    return build_feed(organisation.members_moments(), f"{site} (membres)", f"Tous les moments de {site}, internes compris.",
                      feed_context(settings))


def generated_pages(organisation: Organisation, settings: Settings, history: GovernanceHistory | None = None) -> dict[str, str]:
    """Every generated Markdown page: circles, roles, actions, indexes, agenda, the governance journal."""
    zone = settings.timezone
    view = AgendaView.build(organisation, AgendaSettings(today=build_day(zone), horizon_months=settings.horizon_months,
                                                         timezone=zone, site_url=settings.site_url,
                                                         site_name=settings.site_name))
    return PageRenderer(organisation, view, settings, read_history(settings) if history is None else history).pages()


def history_feed(organisation: Organisation, settings: Settings, history: GovernanceHistory) -> bytes:
    """The Atom feed of the governance journal."""
    return journal_feed(history, site_url=settings.site_url, site_name=settings.site_name,
                        circle_ids={circle.id for circle in organisation.circles}, person=organisation.person_name)


def site_outputs(organisation: Organisation, settings: Settings) -> dict[str, str | bytes]:
    """Generated pages and public feeds of the site; the git history is read once for both."""
    history = read_history(settings)
    outputs: dict[str, str | bytes] = dict(generated_pages(organisation, settings, history))
    outputs.update(public_feeds(organisation, settings))
    outputs[paths.JOURNAL_FEED] = history_feed(organisation, settings, history)
    return outputs

