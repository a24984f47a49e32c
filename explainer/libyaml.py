"""Read YAML with libyaml, through PyYAML: whatever the quick block reader (blockyaml.py) leaves.

Imported only when a file needs it: importing PyYAML costs a build of a small
site a tenth of its time, and most content files never need it.
"""

from __future__ import annotations

import re

import yaml

from .lazy import regex
from .lined import MAX_DEPTH, MAX_VALUES, LinedDict, LinedList, line_of
from .problems import Problem
from .yamlfile import BadValue, TooLarge, without_separators

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MAPPING, _SCALAR = yaml.MappingNode, yaml.ScalarNode
# The implicit types a plain value may have, by its first character ('' for an empty one): YAML's
# rules, as its safe loaders (libyaml's and Python's alike) apply them.
IMPLICIT = {first: tuple(resolvers) for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def parse(text: str, path: str):
    """Parse `text` as yamlfile.parse_yaml does; return (data, None) or (None, Problem)."""
    try:
        data = read_with_libyaml(text)
    except BadValue as bad:
        return None, Problem(path, bad.line, bad.message)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        # An unclosed '[', '{' or quote is noticed lines later; it is where it opened that needs the fix.
        if err.context_mark and (err.context or "").startswith(("while parsing a flow", "while scanning a quoted")):
            mark = err.context_mark
        # A key without its ':' is noticed on the line after it: the line it is on needs the fix.
        missing_colon = "could not find expected ':'" in (err.problem or "") and err.context_mark is not None
        if missing_colon:
            mark = err.context_mark
        # A list item's first key without its ':' ("- id protests-2019") is read as a text, and the next key
        # as out of place: the item's line needs the fix.
        item_without_colon = None
        if "mapping values are not allowed" in (err.problem or "") and mark:
            lines = text.split("\n")[:mark.line]
            last = next((k for k in range(len(lines) - 1, -1, -1) if lines[k].strip()), None)
            if last is not None and re.match(r"^\s*-\s+[\w-]+\s+[^:#]*$", lines[last]):
                item_without_colon = last
        line = mark.line + 1 if mark else 1
        # What follows a quote closed too late no longer fits where YAML expected a key or an end.
        ran_on = err.problem_mark and "expected" in (err.problem or "")
        opened = _quote_run_on(text, err.problem_mark.line) if ran_on else None
        if opened is not None:
            return None, Problem(path, opened + 1, "YAML syntax error: the text in double quotes opened on this line "
                                 f"is not closed on it, and runs on to the \" on line {line}; add the closing \" on this line")
        if item_without_colon is not None:
            return None, Problem(path, item_without_colon + 1, "YAML syntax error: a line is missing its ':' or is "
                                                               "indented wrongly")
        at = err.context_mark if missing_colon else err.problem_mark
        where = text.split("\n")[at.line] if at and at.line < text.count("\n") + 1 else ""
        return None, Problem(path, line, "YAML syntax error: " + _explain(err, where, at.column if at else 0))
    except yaml.reader.ReaderError as err:   # a character YAML refuses anywhere: say which, and where
        character = chr(err.character) if isinstance(err.character, int) else str(err.character)
        at = text.find(character)
        return None, Problem(path, text.count("\n", 0, at) + 1 if at >= 0 else 1,
                             f"holds the control character U+{ord(character[:1] or ' '):04X}, which a YAML file "
                             "cannot hold: delete it")
    except yaml.YAMLError as err:
        return None, Problem(path, 1, f"YAML syntax error: {err}")
    return data, None




def read_with_libyaml(text: str):
    """Parse `text` as `load_yaml` does, with libyaml whatever the text."""
    text = without_separators(text)
    # Each level of values opens a flow ('[', '{'), or a line further in, or a '- ' or '? ' of a compact
    # one ("- - x"): with fewer of them than the limit, no value can nest past it.
    if text.count("[") + text.count("{") + max(map(len, _LINE_OPENING.findall(text)), default=0) > MAX_DEPTH:
        _check_depth(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return _Converter(loader).convert(node) if node is not None else None
    finally:
        loader.dispose()


_LINE_OPENING = regex(r"^[ ?-]*", re.M)

def _check_depth(text: str) -> None:
    """Raise TooLarge for values nested past MAX_DEPTH, before libyaml builds them: it does so by
    recursion in C, and 50,000 '[' would crash the process rather than raise an error."""
    loader = Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise TooLarge(event.start_mark.line + 1, f"values are nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as err:
        # Since PyYAML 6.0.4, libyaml's scanner refuses a thousand levels itself, looking ahead of the
        # events counted here: the same limit met, and said as for fewer levels.
        if "maximum nesting depth" in (err.problem or "") and err.problem_mark:
            raise TooLarge(err.problem_mark.line + 1, f"values are nested more than {MAX_DEPTH} levels deep") from None
    except yaml.YAMLError:   # said, with its line, when the text is read
        pass
    finally:
        loader.dispose()


assert None not in IMPLICIT and not Loader.yaml_path_resolvers, "_Loader below assumes neither"


class _Loader(Loader):
    """The safe loader, with the resolver's general search cut short for the scalars YAML files hold."""

    def resolve(self, kind, value, implicit):
        # libyaml asks this for every untagged node. With no path resolvers, YAML's rules come
        # down to these: a plain scalar is whatever type a resolver for its first character
        # recognises, else text; a quoted one is text.
        if kind is _SCALAR:
            if implicit[0]:
                for tag, regexp in IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return self.DEFAULT_MAPPING_TAG if kind is _MAPPING else self.DEFAULT_SEQUENCE_TAG

    # libyaml calls these around every node to track paths that only path resolvers use.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


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
        # Every collection is counted each time an alias or a merge brings it in: that is what it costs.
        self.made += len(node.value)
        line = node.start_mark.line + 1
        if self.made > MAX_VALUES:
            raise TooLarge(line, f"the file holds more than {MAX_VALUES} values once its aliases (*name) are "
                                 "expanded; write the values out, or use fewer aliases")
        if id(node) in self.open_nodes:   # an alias inside the very node it names: it would never end
            raise TooLarge(line, "an alias (*name) refers to the entry that contains it")
        if len(self.open_nodes) >= MAX_DEPTH:
            raise TooLarge(line, f"values are nested more than {MAX_DEPTH} levels deep")
        if node.tag not in _COLLECTIONS:   # !!set, !!omap, !!python/...: types no field takes
            raise BadValue(line, f"the tag {_shown_tag(node.tag)} is not one this site reads: "
                                 "write a plain list or entry")
        self.open_nodes.add(id(node))
        result = self._mapping(node) if kind is _MAPPING else self._sequence(node)
        self.open_nodes.discard(id(node))
        return result

    def _mapping(self, node) -> LinedDict:
        result = LinedDict()
        result.line = node.start_mark.line + 1
        result.key_lines = key_lines = {}
        merged = None
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged = self._merge(value_node, merged)
                continue
            key = self.convert(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in result:   # only a key written twice here: one that overrides a merged key is the point of '<<'
                raise BadValue(key_node.start_mark.line + 1, f"the key '{_shorten(key)}' appears twice in one entry")
            result[key] = self.convert(value_node)
            key_lines[key] = key_node.start_mark.line + 1
        if merged is None:
            return result
        # As YAML has it: the merged keys come first, and the keys written here override them.
        merged.update(result)
        merged.key_lines.update(key_lines)
        merged.line = result.line
        return merged

    def _merge(self, node, merged: LinedDict | None) -> LinedDict:
        """Take in the keys of '<<: *other' (or '<<: [*one, *two]', the first winning) over `merged`."""
        if merged is None:
            merged = LinedDict()
            merged.key_lines = {}
        value = self.convert(node)
        entries = value if isinstance(value, LinedList) else [value]
        for entry in reversed(entries):
            if not isinstance(entry, LinedDict):
                raise BadValue(line_of(entry, default=node.start_mark.line + 1),
                               "'<<' merges in an entry (<<: *name) or a list of entries (<<: [*one, *two])")
            merged.update(entry)
            merged.key_lines.update(entry.key_lines)
        return merged

    def _sequence(self, node) -> LinedList:
        result = LinedList(self.convert(item) for item in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result


_YAML_TAG = "tag:yaml.org,2002:"
_MERGE, _TIMESTAMP = _YAML_TAG + "merge", _YAML_TAG + "timestamp"
_COLLECTIONS = frozenset((Loader.DEFAULT_MAPPING_TAG, Loader.DEFAULT_SEQUENCE_TAG))
# The scalars besides text that a value may be, and what each must look like. Any other tag (!!binary,
# !!python/..., !local) names a type no field takes.
_KINDS = {_TIMESTAMP: "a real date", _YAML_TAG + "int": "a whole number", _YAML_TAG + "float": "a number",
          _YAML_TAG + "bool": "true or false", _YAML_TAG + "null": "nothing"}


def _construct(loader, node):
    """Make a scalar of another type than text (a number, a date, true/false, nothing...)."""
    line = node.start_mark.line + 1
    if node.tag not in _KINDS:
        if node.value in ("<<", "=") and node.tag in (_MERGE, _YAML_TAG + "value"):   # YAML's, written plain
            raise BadValue(line, f"'{node.value}' alone is not a value: put it in quotes")
        raise BadValue(line, f"the tag {_shown_tag(node.tag)} is not one this site reads: remove it")
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, KeyError, AttributeError, IndexError, TypeError, OverflowError) as err:
        # 2019-02-30 looks like a date to YAML but is none: left as the text it is, for the field that
        # reads it to say what is wrong with it, and which field it is.
        if node.tag == _TIMESTAMP and isinstance(err, ValueError) and not node.style:
            return node.value
        # The safe loader fails in its own ways on a tagged value that does not fit ('!!timestamp nope',
        # '!!bool maybe').
        why = f" ({err})" if node.tag == _TIMESTAMP and isinstance(err, ValueError) else ""
        raise BadValue(line, f"'{_shorten(node.value)}' is not {_KINDS[node.tag]}{why}") from None


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _shorten(value, width: int = 60) -> str:
    """A value as a message quotes it: a key or a value can be a page long."""
    text = str(value)
    return text if len(text) <= width else text[:width - 1] + "…"


_VALUE = regex(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:\s+(\S)")


def _quote_run_on(text: str, line: int) -> int | None:
    """The line (from 0) a text in double quotes opened on, where it ran on over lines to close on `line`.

    YAML lets a quoted text run over lines, so a quote left open is closed by the next '"' in the file,
    the opening one of a later value, and the error comes where the text after it no longer fits. A
    text so written on purpose leaves no error, and this is asked only of a file that has one.
    """
    loader = Loader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if token.start_mark.line > line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style == '"' and token.end_mark.line == line
                    and token.start_mark.line < line):
                return token.start_mark.line
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return None


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
        if re.search(r"^\s*(?:-\s+)?[\w-]+:\S", line):
            return "a line is missing the space after its ':' (write 'key: value')"
        return "a line is missing its ':' or is indented wrongly"
    if "unknown escape character" in problem:
        return ("a backslash in double quotes starts an escape, and this one is none: write \\\\ for a "
                "backslash, or put the text in single quotes")
    if "escape code" in problem or "hexdecimal number" in problem or "hexadecimal number" in problem:
        # JSON writes a character past U+FFFF as two escapes, of the halves of a pair ("\ud83d\ude00"); YAML reads
        # each as a character of its own, and those are none.
        pair = ", not as the pair of \\u escapes JSON writes" if re.search(r"\\u[dD][89a-fA-F]", line) else ""
        return ("an escape in double quotes names no character: write the character itself, or \\u and four "
                f"hexadecimal digits (\\U and eight for one past U+FFFF, such as \\U0001F600){pair}")
    if "while scanning a quoted scalar" in (err.context or "") or "while parsing a quoted scalar" in (err.context or ""):
        return "a quoted text is never closed (missing closing quote)"
    if "mapping values are not allowed" in problem:   # "here" in Python's words, "in this context" in libyaml's
        return ("this value holds ': ', which YAML reads as the start of another field: put the whole text in "
                "double quotes (or fix the indentation)")
    if "block sequence entries are not allowed" in problem:
        return "a value cannot start with '- ', which YAML reads as a list: put the text in quotes"
    said = f"{err.context} {problem}"
    if any(words in said for words in ("duplicate anchor", "undefined alias", "scanning an alias", "scanning an anchor")):
        mark = "&" if "anchor" in said else "*"
        return (f"a value cannot start with '{mark}', which YAML reads as {'an anchor' if mark == '&' else 'an alias'}"
                ": put the text in quotes")
    context = f"{err.context}, " if err.context else ""
    return f"{context}{problem}"
