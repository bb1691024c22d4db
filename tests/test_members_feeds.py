"""The members' feeds at secret addresses: published only with the secret, found nowhere else, read alike by clients.

The petite-orga fixture has public moments, an internal one (« reunion-secrete », circle outils)
and, added here, a confidential one. The site is built three times from the same sources: without
the secret, with a secret A (``--verbose``, so that even MkDocs' debug log is checked) and with a
secret B.
"""

from __future__ import annotations

import gzip
import re
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from conftest import SECRET_VARIABLE, Run, copy_organisation, run_command
from cercles.feeds.secret import feed_token, secret_path
from tests.browser.harness import serve
from test_visibility import CONFIDENTIAL, CONFIDENTIAL_TRACES

SECRET_A = "a" * 20 + "-secret-des-membres-numero-un"
SECRET_B = "b" * 20 + "-secret-des-membres-numero-deux"
EPOCH = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01
FEEDS = ("agenda.ics", "agenda/jardin.ics", "agenda/outils.ics")
"""The members' feeds of petite-orga: the whole organisation and each circle with a public or internal moment."""
PARIS = ZoneInfo("Europe/Paris")
AFTER, BEFORE = datetime(2027, 1, 1, tzinfo=PARIS), datetime(2027, 7, 1, tzinfo=PARIS)
SITE_URL = "https://petite-orga.fr"


@dataclass
class Build:
    root: Path
    site: Path
    run: Run


def _build(root: Path, secret: str | None, *options: str) -> Build:
    copy_organisation(root)
    (root / "content" / "agenda" / "comite-des-cles.yaml").write_text(CONFIDENTIAL, encoding="utf-8")
    env = {**EPOCH, **({SECRET_VARIABLE: secret} if secret else {})}
    run = run_command(["mkdocs", "build", "--strict", *options], cwd=root, env=env)
    assert run.status == 0, run.output
    return Build(root, root / "site", run)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, Build]:
    folder = tmp_path_factory.mktemp("membres")
    return {None: _build(folder / "sans", None), SECRET_A: _build(folder / "a", SECRET_A, "--verbose"),
            SECRET_B: _build(folder / "b", SECRET_B)}


def _files(site: Path) -> dict[str, bytes]:
    """Every file of the site, by path, with gzip files decompressed (``sitemap.xml.gz``)."""
    found = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return found


def _secret_files(site: Path) -> set[str]:
    return {name for name in _files(site) if name.startswith("membres/")}


def _occurrences(feed: bytes) -> tuple[set[tuple[str, datetime]], set[tuple[str, datetime]]]:
    """(uid, start in UTC) of every occurrence in the first half of 2027, by icalendar + recurring-ical-events and by ical."""
    by_icalendar = {(str(event["UID"]), event["DTSTART"].dt.astimezone(timezone.utc))
                    for event in recurring_ical_events.of(icalendar.Calendar.from_ical(feed)).between(AFTER, BEFORE)
                    if AFTER <= event["DTSTART"].dt < BEFORE}
    timeline = IcsCalendarStream.calendar_from_ics(feed.decode("utf-8")).timeline_tz(PARIS).overlapping(AFTER, BEFORE)
    by_ical = {(str(event.uid), event.dtstart.astimezone(timezone.utc)) for event in timeline  # type: ignore[union-attr]
               if AFTER <= event.dtstart.astimezone(PARIS) < BEFORE}  # type: ignore[union-attr]
    return by_icalendar, by_ical


def test_without_the_secret_nothing_is_published_for_members(builds: dict[str | None, Build]) -> None:
    assert not (builds[None].site / "membres").exists()
    assert _secret_files(builds[None].site) == set()


def test_with_the_secret_each_members_feed_is_at_the_hmac_of_its_name(builds: dict[str | None, Build]) -> None:
    expected = {secret_path(SECRET_A, feed) for feed in FEEDS}
    assert _secret_files(builds[SECRET_A].site) == expected
    for feed in FEEDS:
        token = feed_token(SECRET_A, feed)
        assert re.fullmatch(r"[0-9a-f]{32}", token), "128 bits, written in hexadecimal"
        assert secret_path(SECRET_A, feed) == f"membres/{token}/{feed.rsplit('/', 1)[-1]}"


def test_two_secrets_give_two_disjoint_sets_of_addresses(builds: dict[str | None, Build]) -> None:
    first, second = _secret_files(builds[SECRET_A].site), _secret_files(builds[SECRET_B].site)
    assert len(first) == len(second) == len(FEEDS)
    assert {path.split("/")[1] for path in first}.isdisjoint({path.split("/")[1] for path in second})


def test_the_secret_changes_nothing_else_in_the_site(builds: dict[str | None, Build]) -> None:
    """Pages, sitemap, search index, public feeds, journal: byte for byte the site built without the secret."""
    public = _files(builds[None].site)
    for secret in (SECRET_A, SECRET_B):
        others = {name: data for name, data in _files(builds[secret].site).items() if not name.startswith("membres/")}
        assert others == public


def test_no_token_nor_the_secret_appears_in_any_other_file_or_log_line(builds: dict[str | None, Build]) -> None:
    build = builds[SECRET_A]
    files = _files(build.site)
    assert "sitemap.xml.gz" in files and "search/search_index.json" in files  # the usual suspects are scanned
    needles = [feed_token(SECRET_A, feed).encode() for feed in FEEDS] + [b"membres/", SECRET_A.encode()]
    for name, data in files.items():
        if name.startswith("membres/"):
            continue
        for needle in needles:
            assert needle not in data, f"{needle!r} in {name}"
    assert "DEBUG" in build.run.output, "the build ran with --verbose: its debug log is checked too"
    for needle in needles:
        assert needle.decode() not in build.run.output


def test_the_members_feed_is_read_alike_by_two_clients_and_never_holds_a_confidential_moment(
        builds: dict[str | None, Build]) -> None:
    site = builds[SECRET_A].site
    feed = (site / secret_path(SECRET_A, "agenda.ics")).read_bytes()
    by_icalendar, by_ical = _occurrences(feed)
    assert by_icalendar == by_ical
    uids = {uid for uid, _ in by_icalendar}
    assert "reunion-secrete@petite-orga.fr" in uids  # the internal moment, for members
    assert {"troc-de-graines@petite-orga.fr", "pret-d-outils@petite-orga.fr"} <= uids
    assert not any("comite-des-cles" in uid for uid in uids)
    for path in _secret_files(site):
        text = (site / path).read_text(encoding="utf-8")
        for trace in CONFIDENTIAL_TRACES:
            assert trace not in text, f"{trace!r} of a confidential moment in {path}"


def test_a_circle_members_feed_holds_its_public_and_internal_moments_only(builds: dict[str | None, Build]) -> None:
    site = builds[SECRET_A].site
    by_icalendar, by_ical = _occurrences((site / secret_path(SECRET_A, "agenda/outils.ics")).read_bytes())
    assert by_icalendar == by_ical
    assert {uid for uid, _ in by_icalendar} == {"reunion-secrete@petite-orga.fr", "pret-d-outils@petite-orga.fr"}
    calendar = icalendar.Calendar.from_ical((site / secret_path(SECRET_A, "agenda/outils.ics")).read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Outils : Petite orga (membres)"


def test_the_secret_feed_is_served_as_text_calendar(builds: dict[str | None, Build]) -> None:
    site = builds[SECRET_A].site
    with serve(site) as base:
        with urllib.request.urlopen(base + secret_path(SECRET_A, "agenda.ics")) as response:  # noqa: S310 (127.0.0.1)
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/calendar")
            assert response.read() == (site / secret_path(SECRET_A, "agenda.ics")).read_bytes()


def test_members_link_prints_the_addresses_the_build_published(builds: dict[str | None, Build], tmp_path: Path) -> None:
    build = builds[SECRET_A]
    run = run_command(["cercles", "members-link", "--qr", str(tmp_path / "qr.svg")], cwd=build.root,
                      env={SECRET_VARIABLE: SECRET_A})
    assert run.status == 0, run.output
    https = f"{SITE_URL}/{secret_path(SECRET_A, 'agenda.ics')}"
    webcal = https.replace("https://", "webcal://")
    assert (build.site / secret_path(SECRET_A, "agenda.ics")).is_file()
    assert f"Téléphone, Apple Calendrier (abonnement) : {webcal}\n" in run.stdout
    assert f"Adresse à coller (Thunderbird, Nextcloud, Outlook) : {https}\n" in run.stdout
    assert f"Google Agenda : https://calendar.google.com/calendar/render?cid={quote(webcal, safe='')}\n" in run.stdout
    svg = (tmp_path / "qr.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg and "<path" in svg
    assert "(ID parmi jardin, outils)" in run.stdout


def test_members_link_for_one_circle_draws_its_qr_code_in_the_terminal(builds: dict[str | None, Build]) -> None:
    build = builds[SECRET_A]
    run = run_command(["cercles", "members-link", "--cercle", "outils"], cwd=build.root, env={SECRET_VARIABLE: SECRET_A})
    assert run.status == 0, run.output
    assert f"{SITE_URL}/{secret_path(SECRET_A, 'agenda/outils.ics')}\n" in run.stdout
    assert (build.site / secret_path(SECRET_A, "agenda/outils.ics")).is_file()
    assert "▀" in run.stdout and "█" in run.stdout  # the QR code, drawn with half blocks


def test_members_link_refuses_without_secret_or_with_an_unknown_circle(organisation_dir: Path) -> None:
    run = run_command(["cercles", "members-link"], cwd=organisation_dir)
    assert run.status == 1
    assert run.stderr.startswith(f"environnement: {SECRET_VARIABLE}: secret non défini (donnez à {SECRET_VARIABLE}")
    run = run_command(["cercles", "members-link", "--cercle", "jardim"], cwd=organisation_dir, env={SECRET_VARIABLE: SECRET_A})
    assert run.status == 1
    assert "cercles members-link: --cercle: aucun agenda des membres pour le cercle « jardim »" in run.stderr
    assert "jardin" in run.stderr


def test_a_short_secret_is_refused_by_check_and_build_without_showing_it(organisation_dir: Path) -> None:
    short = "motdepasse-trop-court"
    for command in (["cercles", "check"], ["mkdocs", "build", "--strict"]):
        run = run_command(command, cwd=organisation_dir, env={SECRET_VARIABLE: short})
        assert run.status == 1, run.output
        assert f"{SECRET_VARIABLE}: secret trop court (21 caractères, au moins 32)" in run.output
        assert short not in run.output
    assert not (organisation_dir / "site").exists()
