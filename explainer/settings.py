"""Load the site-wide settings from content/site.yaml."""

from __future__ import annotations

from pathlib import Path

from .lined import line_of
from .problems import Problems
from .records import Settings, Topic
from .schema import Field, check_entry
from .siteurl import site_url_problem
from .yamlfile import read_yaml_file

PATH = "content/site.yaml"
FIELDS = [
    Field("title", "text", True), Field("description", "text", True), Field("language", "language", True),
    Field("summary", "text", True), Field("licence", "text", True), Field("licence_url", "url"),
    Field("publisher", "text", True), Field("site_url", "url"), Field("updated", "date"),
    Field("topics", "list:entry", True), Field("timeline_start", "date"),
]
TOPIC_FIELDS = [Field("id", "id", True), Field("title", "text", True)]


# The address the site is served from, which every page's address is joined to.
def load_settings(root: Path, problems: Problems, site_url: str | None = None) -> Settings | None:
    """Read the settings; `site_url` from the command line wins over the file's."""
    file = root / PATH
    if not file.exists():
        problems.error(PATH, 1, "the site settings file is missing")
        return None
    before = len(problems.items)
    data = read_yaml_file(file, PATH, problems)
    if len(problems.items) > before:
        return None
    values = check_entry(data, FIELDS, PATH, "site settings", problems)
    if values is None:
        return None
    wrong = site_url_problem(values["site_url"]) if values["site_url"] else None
    if wrong:
        problems.error(PATH, line_of(data, "site_url"), f"field 'site_url': '{values['site_url']}' {wrong}")
        return None
    topics, lines = [], {}
    for i, item in enumerate(values["topics"]):
        line = line_of(values["topics"], i)
        topic = check_entry(item, TOPIC_FIELDS, PATH, "topic", problems, line)
        if topic is None:   # reported: its id is unknown, so no fact's topic can be said to be unknown
            topics = None
        elif topic["id"] in lines:
            problems.error(PATH, line_of(item, "id", line), f"the topic '{topic['id']}' is listed twice "
                                                            f"(first at line {lines[topic['id']]})")
        else:
            lines[topic["id"]] = line_of(item, "id", line)
            if topics is not None:
                topics.append(Topic(topic["id"], topic["title"]))
    url = (site_url or values["site_url"] or "").rstrip("/") or None
    return Settings(
        title=values["title"], description=values["description"], language=values["language"],
        summary=values["summary"], licence=values["licence"], licence_url=values["licence_url"],
        publisher=values["publisher"], site_url=url, updated=values["updated"],
        topics=tuple(topics) if topics is not None else None,
        timeline_start=values["timeline_start"], summary_line=line_of(data, "summary"),
    )
