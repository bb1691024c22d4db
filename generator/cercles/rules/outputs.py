"""Rules on what a build generates, shared by the plugin, ``cercles check`` and ``cercles export``.

They need the generated outputs (``{path: content}``), so they run once the organisation is valid;
running them in ``check`` too is what makes « check accepts it » mean « the build publishes it ».
"""

from __future__ import annotations

import ipaddress
import posixpath
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from cercles import paths
from cercles.feeds.provenance import is_shallow
from cercles.settings import Settings
from cercles.sources.problems import Problem, Severity, SourceLocation, relative_path

CONFIG_FILE = "mkdocs.yml"
README = "README.md"
"""MkDocs publishes a folder's ``README.md`` as its index page when the folder has no ``index.md``."""


def generated_paths_are_free(generated: Mapping[str, str | bytes], settings: Settings, problems: list[Problem]) -> None:
    """A hand-written page at a path Cercles generates would shadow the generated one (or the reverse)."""
    docs = settings.root / settings.docs_dir
    for path in sorted(generated):
        candidates = [path]
        if posixpath.basename(path) == "index.md":
            candidates.append(posixpath.join(posixpath.dirname(path), README))
        for candidate in candidates:
            written = docs / candidate
            if written.exists() or written.is_symlink():
                problems.append(Problem(SourceLocation(relative_path(written, settings.root)), "",
                                        f"ce fichier est généré par Cercles (page « {path} »)",
                                        f"retirez-le du dossier {relative_path(docs, settings.root)}/ ou déplacez-le ailleurs"))


def history_is_complete(generated: Mapping[str, str | bytes], settings: Settings, problems: list[Problem]) -> None:
    """Feeds date each event from git: a shallow clone gives wrong DTSTAMP, LAST-MODIFIED and SEQUENCE."""
    if any(path.endswith(".ics") for path in generated) and is_shallow(settings.root):
        problems.append(Problem(SourceLocation("historique git"), "",
                                "clone superficiel : les dates et numéros de version (SEQUENCE) des événements "
                                "seraient faux, et les agendas abonnés ignoreraient les changements",
                                "récupérez tout l'historique avec « git fetch --unshallow », ou « fetch-depth: 0 » "
                                "(GitHub Actions) / « GIT_DEPTH: 0 » (GitLab CI)", Severity.WARNING))


RESERVED_NAMES = ("example", "invalid", "test", "localhost")
"""Top-level names no public site can have (RFC 2606, RFC 6761): documentation, tests, this machine."""
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")
"""The second-level names RFC 2606 keeps for documentation."""
SITE_URL_HINT = ("écrivez l'adresse publique du site dans site_url, ou donnez-la par la variable d'environnement "
                 "SITE_URL quand mkdocs.yml dit « site_url: !ENV [SITE_URL, …] » (voir « Deploy » dans le README)")


def is_placeholder_url(url: str) -> bool:
    """True when ``url`` cannot be where the public reads the site: an example, test or loopback host."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not host:
        return True
    if host.rsplit(".", 1)[-1] in RESERVED_NAMES or any(host == name or host.endswith("." + name) for name in EXAMPLE_DOMAINS):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def site_url_is_public(generated: Mapping[str, str | bytes], settings: Settings, problems: list[Problem]) -> None:
    """Subscribe links, the QR code and every feed's links are absolute: they need the site's real address."""
    if not any(path.endswith(".ics") for path in generated):
        return
    if not settings.site_url:
        message = "adresse du site absente : l'agenda ne peut proposer ni abonnement, ni QR code, ni adresse à copier"
    elif is_placeholder_url(settings.site_url):
        message = (f"« {settings.site_url} » est une adresse d'exemple ou locale : les abonnements à l'agenda "
                   "et son QR code y mèneraient, et n'aboutiraient nulle part")
    else:
        return
    problems.append(Problem(SourceLocation(CONFIG_FILE), "site_url", message, SITE_URL_HINT, Severity.WARNING))


_HREF = re.compile(r'href="([^"]*)"')
"""Without a leading ``\\b``, which makes the search ten times slower on the tens of megabytes of a large organisation."""


def link_target(page: str, href: str) -> list[str]:
    """The source paths a relative ``href`` of ``page``'s HTML may lead to (directory URLs, as ``paths.relative_url``
    writes them), or none when it leaves the site; ``[]`` for a link this rule does not check (another site, an anchor)."""
    address = href.split("#", 1)[0].split("?", 1)[0]
    if not address or address.startswith("/") or ":" in address.split("/", 1)[0]:  # a relative path's first segment has no colon
        return []
    resolved = posixpath.normpath(posixpath.join(paths.page_url(page), address))
    if resolved == ".." or resolved.startswith("../"):
        return [href]  # outside the site: matches no output
    if not address.endswith("/"):
        return [resolved]
    folder = "" if resolved == "." else resolved + "/"
    return [f"{folder}index.md", f"{folder}{README}"] + ([f"{resolved}.md"] if folder else [])


def generated_links_resolve(generated: Mapping[str, str | bytes], settings: Settings, problems: list[Problem]) -> None:
    """Links written as HTML in generated pages are final addresses that MkDocs neither rewrites nor checks
    (``--strict`` only sees Markdown links): each must lead to a generated output or to a file of the docs folder."""
    docs = settings.root / settings.docs_dir
    for page, content in generated.items():
        if not page.endswith(".md") or not isinstance(content, str):
            continue
        for href in dict.fromkeys(_HREF.findall(content)):
            candidates = link_target(page, href)
            if (candidates and not any(candidate in generated for candidate in candidates)
                    and not any((docs / candidate).is_file() for candidate in candidates)):
                problems.append(Problem(SourceLocation(page), "", f"lien cassé vers « {href} » : aucune page ni aucun fichier à cette adresse",
                                        "corrigez le modèle de page qui écrit ce lien (dossier templates/ du thème), "
                                        "ou signalez ce défaut de Cercles"))


OutputRule = Callable[[Mapping[str, str | bytes], Settings, list[Problem]], None]
OUTPUT_RULES: tuple[OutputRule, ...] = (
    generated_paths_are_free,
    generated_links_resolve,
    history_is_complete,
    site_url_is_public,
)
PUBLISHING_RULES: tuple[OutputRule, ...] = (site_url_is_public,)
"""Rules about the published site only: a preview (``mkdocs serve``) is read at MkDocs' own local address."""


def output_problems(generated: Mapping[str, str | bytes], settings: Settings, *, preview: bool = False) -> list[Problem]:
    """Every problem of the generated outputs (errors and warnings), in reading order."""
    problems: list[Problem] = []
    for rule in OUTPUT_RULES:
        if not (preview and rule in PUBLISHING_RULES):
            rule(generated, settings, problems)
    return sorted(problems, key=lambda problem: problem.sort_key)
