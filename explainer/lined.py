"""The values YAML files are read into: dicts and lists that remember the line of each value."""

from __future__ import annotations


class LinedDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict


class LinedList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list


def line_of(value, key=None, default: int = 1) -> int:
    """Return the line of `value`, or of `value[key]` when a key is given."""
    if key is not None and isinstance(value, LinedDict):
        return value.key_lines.get(key, value.line)
    if key is not None and isinstance(value, LinedList) and 0 <= key < len(value.item_lines):
        return value.item_lines[key]
    return getattr(value, "line", default)


# Limits no editor's file comes near, that keep a hostile one from taking the machine: aliases
# can name a list of aliases, each a list of aliases... (a dozen lines can stand for billions of values).
MAX_VALUES = 200_000
MAX_DEPTH = 100
