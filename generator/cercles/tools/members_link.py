"""``cercles members-link``: the secret addresses of the members' feeds, for the organisers to share.

The build publishes the members' feeds under ``membres/<token>/`` only when the secret is set
(``feeds/secret.py``); this command derives the same addresses from the same secret and the same
organisation, so what it prints is what the site serves. It prints them, and a QR code a phone
can scan, to the organiser's terminal only: nothing here is written into the site or logged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

import segno

from cercles import paths
from cercles.feeds.secret import members_secret, secret_path
from cercles.outputs import members_feeds
from cercles.site.config import SiteConfig
from cercles.sources.load import load_or_report
from cercles.sources.problems import Problem, SourceError, SourceLocation
from cercles.text import did_you_mean

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render?cid="
"""Google Calendar's « add by URL » link: the feed's address, URL-encoded, in ``cid``."""


def add_members_link_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``cercles members-link [--cercle ID] [--qr FICHIER]`` on the CLI's subcommands."""
    link = commands.add_parser("members-link", help="affiche les adresses secrètes des agendas des membres (et un code QR)",
                               description="Affiche l'adresse secrète de l'agenda des membres, ou de celui d'un cercle, "
                                           "telle que le site la publie quand le secret est défini, avec un code QR.")
    link.add_argument("--cercle", metavar="ID", help="l'agenda des membres d'un seul cercle (par défaut : tous les cercles)")
    link.add_argument("--qr", metavar="FICHIER", help="écrit le code QR dans ce fichier SVG au lieu de le dessiner ici")
    link.set_defaults(run=_members_link)


def _members_link(site: SiteConfig, arguments: argparse.Namespace) -> int:
    settings = site.settings
    variable = settings.members_secret_variable
    secret = members_secret(variable)
    if secret is None:
        raise SourceError([Problem(SourceLocation("environnement"), variable, "secret non défini",
                                   f"donnez à {variable} la valeur enregistrée dans les secrets du dépôt (GitHub, GitLab), "
                                   "celle avec laquelle le site est construit")])
    if not settings.site_url:
        raise SourceError([Problem(SourceLocation(arguments.config), "site_url", "adresse du site manquante",
                                   "ajoutez « site_url: https://… » : les agendas s'abonnent à une adresse complète")])
    result = load_or_report(settings)
    if result is None:
        return 1
    feeds = list(members_feeds(result.organisation, settings))
    feed = paths.PUBLIC_FEED if arguments.cercle is None else paths.circle_feed(arguments.cercle)
    if feed not in feeds:
        circles = sorted(name.removeprefix("agenda/").removesuffix(".ics") for name in feeds if name != paths.PUBLIC_FEED)
        raise SourceError([Problem(SourceLocation("cercles members-link"), "--cercle",
                                   f"aucun agenda des membres pour le cercle « {arguments.cercle} »",
                                   did_you_mean(arguments.cercle, circles, ", ".join(circles) or "aucun")
                                   if circles else "aucun cercle n'a de moment public ou interne")])
    https = f"{settings.site_url.rstrip('/')}/{secret_path(secret, feed)}"
    webcal = "webcal://" + https.split("://", 1)[1]
    what = "de tous les cercles" if arguments.cercle is None else f"du cercle {result.organisation.circle(arguments.cercle).name}"
    print(f"Agenda des membres {what} (moments publics et internes, jamais les confidentiels).\n"
          "Ne le partagez qu'avec les membres : qui a l'adresse peut s'abonner. Changer le secret la remplace.\n\n"
          f"Téléphone, Apple Calendrier (abonnement) : {webcal}\n"
          f"Adresse à coller (Thunderbird, Nextcloud, Outlook) : {https}\n"
          f"Google Agenda : {GOOGLE_SUBSCRIBE}{quote(webcal, safe='')}\n")
    code = segno.make(webcal, error="m")
    if arguments.qr:
        target = Path(arguments.qr)
        try:
            code.save(str(target), kind="svg", scale=8, title=f"Agenda des membres {what}")
        except OSError as error:
            raise SourceError([Problem(SourceLocation(arguments.qr), "--qr", f"fichier impossible à écrire ({error.strerror})",
                                       "choisissez un dossier existant où vous pouvez écrire")]) from None
        print(f"Code QR (abonnement webcal) écrit dans {target}.")
    else:
        print("Code QR de l'abonnement (webcal), à scanner avec l'appareil photo du téléphone :")
        code.terminal(out=sys.stdout, compact=True)
    others = [name for name in feeds if name != feed]
    if arguments.cercle is None and others:
        shown = ", ".join(name.removeprefix("agenda/").removesuffix(".ics") for name in others)
        print(f"\nUn agenda par cercle : cercles members-link --cercle ID (ID parmi {shown}).")
    return 0
