"""Read YAML into plain dicts and lists that remember the line of each value."""

from __future__ import annotations

import re

import yaml

from .problems import Problem
from .textfile import read_text_file

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MAPPING, _SCALAR = yaml.MappingNode, yaml.ScalarNode


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


def read_yaml_file(file, rel: str, problems):
    """Read and parse a YAML file; report (and return None for) one that cannot be read or parsed."""
    text = read_text_file(file, rel, problems)
    if text is None:
        return None
    data, problem = parse_yaml(text, rel)
    if problem:
        problems.items.append(problem)
        return None
    return data


def parse_yaml(text: str, path: str):
    """Parse `text`; return (data, None) or (None, Problem) for a syntax error."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = _Converter(loader).convert(node) if node is not None else None
        finally:
            loader.dispose()
    except _BadValue as bad:
        return None, Problem(path, bad.line, bad.message)
    except _DuplicateKey as dup:
        return None, Problem(path, dup.line, f"the key '{dup.key}' appears twice in one entry")
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        # An unclosed '[' or '{' is noticed lines later; it is where it opened that needs the fix.
        if err.context_mark and (err.context or "").startswith("while parsing a flow"):
            mark = err.context_mark
        line = mark.line + 1 if mark else 1
        at = err.problem_mark
        where = text.split("\n")[at.line] if at and at.line < text.count("\n") + 1 else ""
        return None, Problem(path, line, "YAML syntax error: " + _explain(err, where, at.column if at else 0))
    except yaml.YAMLError as err:
        return None, Problem(path, 1, f"YAML syntax error: {err}")
    return data, None


# The implicit types a plain scalar may have, by its first character ('' for an empty one).
_IMPLICIT = {first: tuple(resolvers) for first, resolvers in Loader.yaml_implicit_resolvers.items()}
assert None not in _IMPLICIT and not Loader.yaml_path_resolvers, "_Loader below assumes neither"


class _Loader(Loader):
    """The safe loader, with the resolver's general search cut short for the scalars YAML files hold."""

    def resolve(self, kind, value, implicit):
        # libyaml asks this for every untagged node. With no path resolvers, YAML's rules come
        # down to these: a plain scalar is whatever type a resolver for its first character
        # recognises, else text; a quoted one is text.
        if kind is _SCALAR:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return self.DEFAULT_MAPPING_TAG if kind is _MAPPING else self.DEFAULT_SEQUENCE_TAG

    # libyaml calls these around every node to track paths that only path resolvers use.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


class _BadValue(Exception):
    def __init__(self, line, message):
        super().__init__(message)
        self.line, self.message = line, message


class _DuplicateKey(Exception):
    def __init__(self, key, line):
        super().__init__(key)
        self.key, self.line = key, line


# Limits no editor's file comes near, that keep a hostile one from taking the machine: aliases
# can name a list of aliases, each a list of aliases... (a dozen lines can stand for billions of values).
MAX_VALUES = 200_000
MAX_DEPTH = 100


class _Converter:
    """Turn a composed node into LinedDict/LinedList/scalars, keeping lines."""

    def __init__(self, loader):
        self.loader = loader
        self.open_nodes: set[int] = set()   # the ids of the collections being converted around a node
        self.made = 0

    def convert(self, node):
        kind = type(node)
        if kind is _SCALAR:
            return node.value if node.tag == _STR else _construct(self.loader, node)
        self.made += len(node.value)
        line = node.start_mark.line + 1
        if self.made > MAX_VALUES:
            raise _BadValue(line, f"the file holds more than {MAX_VALUES} values once its aliases (*name) are "
                                  "expanded; write the values out, or use fewer aliases")
        if id(node) in self.open_nodes:   # an alias inside the very node it names: it would never end
            raise _BadValue(line, "an alias (*name) refers to the entry that contains it")
        if len(self.open_nodes) >= MAX_DEPTH:
            raise _BadValue(line, f"values are nested more than {MAX_DEPTH} levels deep")
        self.open_nodes.add(id(node))
        result = self._mapping(node) if kind is _MAPPING else self._sequence(node)
        self.open_nodes.discard(id(node))
        return result

    def _mapping(self, node) -> LinedDict:
        result = LinedDict()
        result.line = node.start_mark.line + 1
        result.key_lines = key_lines = {}
        self.loader.flatten_mapping(node)   # takes in the keys of '<<: *other'
        for key_node, value_node in node.value:
            key = self.convert(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in result:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            result[key] = self.convert(value_node)
            key_lines[key] = key_node.start_mark.line + 1
        return result

    def _sequence(self, node) -> LinedList:
        result = LinedList(self.convert(item) for item in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result


def _construct(loader, node):
    """Make a scalar of another type than text (a number, a date, true/false, nothing...)."""
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as err:   # 2019-02-30 looks like a date to YAML but is none
        raise _BadValue(node.start_mark.line + 1, f"'{node.value}' is not a real date ({err})") from None


_VALUE = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:\s+(\S)")


def _explain(err: yaml.MarkedYAMLError, line: str, column: int) -> str:
    """Say what went wrong in words an editor understands; `line` is the line it stopped in, at `column`."""
    problem = err.problem or str(err)
    found = line[column:column + 1]
    value = _VALUE.match(line)
    if "did not find expected key" in problem and value and value.end() <= column:
        # More text after a value that YAML read as quoted, or as a list or entry: the most common slip.
        first = value.group(1)
        if first == '"':
            return ("text follows the closing \" of this value: put a text that holds double quotes in single "
                    "quotes ('He called it \"the end\"'), doubling any ' inside it")
        if first == "'":
            return "text follows the closing ' of this value: double each ' inside a single-quoted text ('it''s')"
        if first in "[{":
            return f"a value starting with '{first}' is read as a list or an entry: put the whole text in quotes"
    if "tab" in problem or "'\\t'" in problem or found == "\t":
        return "a tab character; indent with spaces, not tabs"
    if "cannot start any token" in problem:
        return f"a value cannot start with '{found}'; put the text in quotes"
    if (err.context or "").startswith("while parsing a flow sequence"):
        return "a list opened with '[' is never closed with ']' (or a ',' is missing between its items)"
    if (err.context or "").startswith("while parsing a flow mapping"):
        return "an entry opened with '{' is never closed with '}' (or a ',' is missing between its fields)"
    if "did not find expected key" in problem or "expected '-' indicator" in problem:
        return "the indentation is inconsistent: items of one list or entry must line up"
    if "could not find expected ':'" in problem:
        return "a line is missing its ':' or is indented wrongly"
    if "while scanning a quoted scalar" in (err.context or ""):
        return "a quoted text is never closed (missing closing quote)"
    if "mapping values are not allowed here" in problem:
        return "unexpected ':' (quote a text that contains ': ', or fix the indentation)"
    context = f"{err.context}, " if err.context else ""
    return f"{context}{problem}"
