"""Load the site-wide settings from content/site.yaml."""

from __future__ import annotations

from pathlib import Path

from .problems import Problems
from .records import Settings, Topic
from .schema import Field, check_entry
from .yamlfile import parse_yaml

PATH = "content/site.yaml"
FIELDS = [
    Field("title", "text", True), Field("description", "text", True), Field("language", "text", True),
    Field("summary", "text", True), Field("licence", "text", True), Field("licence_url", "url"),
    Field("publisher", "text", True), Field("site_url", "url"), Field("updated", "date"),
    Field("topics", "list:entry", True), Field("timeline_start", "date"),
]
TOPIC_FIELDS = [Field("id", "id", True), Field("title", "text", True)]


def load_settings(root: Path, problems: Problems, site_url: str | None = None) -> Settings | None:
    """Read the settings; `site_url` from the command line wins over the file's."""
    file = root / PATH
    if not file.exists():
        problems.error(PATH, 1, "the site settings file is missing")
        return None
    data, problem = parse_yaml(file.read_text(encoding="utf-8"), PATH)
    if problem:
        problems.items.append(problem)
        return None
    values = check_entry(data, FIELDS, PATH, "site settings", problems)
    if values is None:
        return None
    topics = []
    for item in values["topics"]:
        topic = check_entry(item, TOPIC_FIELDS, PATH, "topic", problems)
        if topic:
            topics.append(Topic(topic["id"], topic["title"]))
    url = (site_url or values["site_url"] or "").rstrip("/") or None
    return Settings(
        title=values["title"], description=values["description"], language=values["language"],
        summary=values["summary"], licence=values["licence"], licence_url=values["licence_url"],
        publisher=values["publisher"], site_url=url, updated=values["updated"], topics=tuple(topics),
        timeline_start=values["timeline_start"],
    )
