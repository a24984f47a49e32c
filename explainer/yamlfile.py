"""Read YAML into plain dicts and lists that remember the line of each value."""

from __future__ import annotations

import re
import sys

from .blockyaml import DECLINED, read_block_yaml
from .lazy import regex
from .textfile import read_text_file


def read_yaml_file(file, rel: str, problems):
    """Read and parse a YAML file; report (and return None for) one that cannot be read or parsed."""
    text = read_text_file(file, rel, problems)
    if text is None:
        return None
    data, problem = parse_yaml(text, rel)
    if problem:
        problems.items.append(problem)
        return None
    warn_of_cut_values(text, data, rel, problems)
    return data


def warn_of_cut_values(text: str, data, rel: str, problems) -> None:
    """Warn of each value YAML cut short at a '#' it took for a comment's start: written unquoted,
    'claim: C# is #1 in Asia' reads as 'C# is', and the rest is silently lost. A comment an editor
    writes opens with '# ' ('id: law  # the law page'); a '#' with a word after it was meant as text.
    Only a line whose words before the '#' are a value of `data` as read is one (not a line of a text
    over several lines, whose value is the whole text)."""
    if " #" not in text:   # nearly every file: told at C speed
        return
    values = set(_texts_of(data))
    for found in _CUT_VALUE.finditer(text):
        if found["value"] not in values:
            continue
        line = 1 + text.count("\n", 0, found.start())
        cut = found["cut"] if len(found["cut"]) <= 40 else found["cut"][:37].rstrip() + "…"
        problems.warn(rel, line, f"YAML reads '{cut}' as a comment, and leaves it out of the value: put the "
                                 "whole value in double quotes to keep it")


def _texts_of(data):
    """Every text among the values of `data`, however deep."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _texts_of(value)
    elif isinstance(data, list):
        for value in data:
            yield from _texts_of(value)


# A plain value (not quoted, no block or alias), a key's or a list item's, holding ' #' before a word: where
# YAML's comment starts.
_CUT_VALUE = regex(r"""^[ \t]*(?:- +)?(?:[A-Za-z_][\w-]*:[ \t]+)?(?P<value>[^'"\s|>&*!\[{#-][^\n]*?)[ \t]+"""
                   r"""(?P<cut>#[^\s#][^\n]*)$""", re.M)


def parse_yaml(text: str, path: str):
    """Parse `text`; return (data, None) or (None, Problem) for a syntax error."""
    data = read_block_yaml(without_separators(text))   # the usual file, quickly
    if data is not DECLINED:
        return data, None
    from . import libyaml
    return libyaml.parse(text, path)


def load_yaml(text: str):
    """Parse `text` into lined values within the limits of lined.py; raise a YAML error (see
    is_yaml_error) for a syntax error, BadValue for a value the site cannot read, TooLarge (a
    BadValue) past the limits."""
    value = read_block_yaml(without_separators(text))   # the usual file, quickly; any other is read by libyaml
    if value is not DECLINED:
        return value
    from . import libyaml
    return libyaml.read_with_libyaml(text)


def read_with_libyaml(text: str):
    """Parse `text` as `load_yaml` does, with libyaml whatever the text."""
    from . import libyaml
    return libyaml.read_with_libyaml(text)


def is_yaml_error(err: BaseException) -> bool:
    """Tell whether `err` is PyYAML's (a syntax error): only once a file needed it can it be."""
    yaml = sys.modules.get("yaml")
    return yaml is not None and isinstance(err, yaml.YAMLError)


_SEPARATORS = regex("[\x85\u2028\u2029]")
_AS_SPACES = {0x85: " ", 0x2028: " ", 0x2029: " "}




def without_separators(text: str) -> str:
    """YAML 1.1 breaks a line at NEL and the Unicode line and paragraph separators, where no editor
    shows a break (text copied from a web page may hold them): a value went on to a line of its own,
    an error, and every line after was counted one further on. They are read as the spaces they show."""
    return text.translate(_AS_SPACES) if _SEPARATORS.search(text) else text


class BadValue(ValueError):
    """A value YAML can read but the site cannot: an impossible date, a key written twice..."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line, self.message = line, message


class TooLarge(BadValue):
    """A document past the limits of lined.py: no editor writes one, so it is no content at all."""
