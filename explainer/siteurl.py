"""Check the address a site is served from, which goes into every page's canonical link and the sitemap.

A module of its own, with nothing to import, so that the command line checks `--site-url` at once.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def site_url_problem(url: str) -> str | None:
    """Say what keeps `url` from being the address a site is served from, or None: it goes into every
    page's canonical link and the sitemap, as it is."""
    if not re.match(r"https?://[^/]", url):
        return "is not an http:// or https:// address" + _AS_SERVED
    if re.search(r"[\s<>\"]", url):
        return "holds a space, '<', '>' or '\"'" + _AS_SERVED
    if "?" in url or "#" in url:
        return "holds a query ('?') or a fragment ('#')" + _AS_SERVED
    if not url.isascii():
        return "holds characters beyond ASCII: write them percent-encoded, as %C3%A9 for 'é'"
    parts = urlsplit(url)
    if "@" in parts.netloc:
        return "holds a user name or password ('name@'), which every page would publish" + _AS_SERVED
    try:
        port = parts.port
    except ValueError:   # not a number, or past 65535
        port = 0
    if port == 0 and parts.netloc.rpartition("]")[2].count(":"):
        return "has a port that is no number from 1 to 65535" + _AS_SERVED
    return None


_AS_SERVED = "; give the address the site is served from, as https://host/path"
