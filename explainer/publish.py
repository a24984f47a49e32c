"""Files a host and a search engine read: .nojekyll, sitemap, robots, open data."""

from __future__ import annotations

from .records import Content


def extra_files(content: Content, pages) -> dict[str, bytes]:
    """Return the files that sit beside the pages."""
    return {".nojekyll": b""}
