"""Secret addresses of the members' feeds: an HMAC of each feed's name, keyed by a secret the organisers keep.

Calendar services share a private calendar the same way (Google's « secret address in iCal
format », Nextcloud's share links): whoever holds the address may subscribe, and changing the
secret cuts every address at once. The secret is read from an environment variable at build
time (a CI's secret store), never from a file of the repository, and is never kept in
``Settings`` nor written anywhere: only the tokens derived from it reach the site.

One token per feed, so that sharing one circle's calendar does not reveal the others.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import posixpath

from cercles import paths
from cercles.sources.problems import Problem, SourceError, SourceLocation

MIN_SECRET_LENGTH = 32
"""Characters: a short secret could be found by trying candidates against a published token."""
TOKEN_BYTES = 16
"""128 bits of the HMAC, written in hexadecimal (32 characters): unguessable, safe in any URL and on any file system."""


def members_secret(variable: str) -> str | None:
    """The secret from the environment variable ``variable``, ``None`` when unset or empty (nothing secret is published).

    A secret too short to resist guessing is refused with the variable's name, never its value.
    """
    secret = os.environ.get(variable, "").strip()
    if not secret:
        return None
    if len(secret) < MIN_SECRET_LENGTH:
        raise SourceError([Problem(SourceLocation("environnement"), variable,
                                   f"secret trop court ({len(secret)} caractères, au moins {MIN_SECRET_LENGTH})",
                                   "tirez-en un au hasard, par exemple avec « python3 -c 'import secrets; "
                                   "print(secrets.token_urlsafe(32))' »")])
    return secret


def feed_token(secret: str, feed: str) -> str:
    """The token of one feed (``agenda.ics``, ``agenda/<cercle>.ics``): HMAC-SHA256 of its name, cut to 128 bits."""
    digest = hmac.new(secret.encode("utf-8"), f"{paths.MEMBERS_FOLDER}/{feed}".encode("utf-8"), hashlib.sha256).digest()
    return digest[:TOKEN_BYTES].hex()


def secret_path(secret: str, feed: str) -> str:
    """Where the members' version of ``feed`` is published: ``membres/<token>/agenda.ics``, ``membres/<token>/<cercle>.ics``."""
    return f"{paths.MEMBERS_FOLDER}/{feed_token(secret, feed)}/{posixpath.basename(feed)}"
