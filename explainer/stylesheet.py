"""What a page's own style sheets keep from a reader's sight, as a browser's cascade decides it.

A rule hides what it selects (`.hidden { display: none }`) unless a rule that
weighs more shows it again: a more specific one (`.lead.open { display:
block }`), a later one as specific, one marked `!important`, the element's
own `style` attribute. Rules under a media condition (`@media (min-width:
600px)`) apply on some screens only: text they show on any screen is on the
page, and text they alone hide is not hidden on every screen. So an element is
hidden when it is hidden both with those rules and without them: neither a
reader on a phone nor one at a desk sees it. Rules for paper alone are not the
page as read on a screen. A page's linked style sheets are not at hand.
"""

from __future__ import annotations

import re

from .lazy import regex

# What hides, by property: not displayed, invisible, transparent, of no size, scaled to nothing, put off the
# screen; and what hides together: a colour and a clip to the text it fills, a position and an offset, a size
# and what overflows it.
_DECLARATION = regex(r"(?:^|;)\s*(display|visibility|content-visibility|opacity|font-size|clip|clip-path"
                     r"|text-indent|transform|scale|color|-webkit-text-fill-color|-webkit-background-clip"
                     r"|background-clip|position|filter"
                     r"|left|top|right|width|height|max-width|max-height|overflow|overflow-x|overflow-y"
                     r"|padding|padding-top|padding-bottom)"
                     r"\s*:\s*([^;{}]*?)\s*(!\s*important)?\s*(?=;|$)", re.I)
_LENGTH = regex(r"^(-?(?:\d+(?:\.\d*)?|\.\d+))(px|pt|em|rem|vw|vh|%|)$")
_PIXELS = {"px": 1, "pt": 4 / 3, "em": 16, "rem": 16, "vw": 4, "vh": 8, "%": 4, "": 1}   # roughly, on a phone
_SCALED_TO_NOTHING = regex(r"\bscale[xy3d]*\(\s*0*\.?0*\s*[,)]|\bmatrix\(\s*0*\.?0*\s*,\s*0*\.?0*\s*,"
                           r"\s*0*\.?0*\s*,\s*0*\.?0*\s*,")
_TRANSLATED = regex(r"\btranslate(?:x|y|3d)?\(\s*([^,)]+)")
# A circle or an ellipse of a radius of 0 written out ("circle()" has a radius: the closest side's).
_NO_RADIUS = regex(r"^(?:circle|ellipse)\(\s*0+(?:\.0*)?(?:px|%|em|rem)?(?:\s+0+(?:\.0*)?(?:px|%|em|rem)?)?"
                   r"\s*(?:at\b[^)]*)?\)$")
# A colour whose alpha, its fourth value or the one after '/', is 0 ("rgb(0, 0, 0)" is black, not transparent),
# in any of CSS's functions (rgb, hsl, hwb, lab, oklch, color...), or in hex digits: "#0000", "#ffffff00".
_TRANSPARENT = regex(r"^(?:transparent|(?:rgba?|hsla?)\((?:[^,/()]*,){3}\s*0*\.?0*%?\s*\)"
                     r"|[a-z-]+\([^/()]*/\s*0*\.?0*%?\s*\)|#[0-9a-f]{3}0|#[0-9a-f]{6}00)$")
# A filter that leaves almost nothing to see: opacity(0), opacity(2%) (but "opacity()" is opacity(1)).
_FILTERED_OUT = regex(r"\bopacity\(\s*(?:0+(?:\.0\d*)?|0*\.0\d*|0*\.?0*%|[0-4](?:\.\d*)?%)\s*\)")
# The values of a fill colour that are the text's colour: as set, and as the CSS-wide keywords leave it.
_COLOUR_ITSELF = frozenset(("currentcolor", "initial", "inherit", "unset", "revert", "revert-layer"))
# A clip to no area, as "screen reader only" text is hidden from sight: rect(0 0 0 0), rect(1px, 1px, 1px, 1px).
_NUMBER = r"(-?(?:\d+(?:\.\d*)?|\.\d+))"
_CLIP_RECT = regex(rf"^rect\(\s*{_NUMBER}[a-z]*[\s,]+{_NUMBER}[a-z]*[\s,]+{_NUMBER}[a-z]*[\s,]+{_NUMBER}[a-z]*\s*\)$")
_CLIP_INSET = regex(r"^inset\(([^()]*)\)")
_PER_CENT_OR_ZERO = regex(r"^(?:(\d+(?:\.\d*)?|\.\d+)%|0)$")
_ZERO = regex(r"^(?:0+(?:\.0*)?|\.0+)[a-z%]*$", re.I)
_CSS_COMMENT = regex(r"/\*.*?(?:\*/|\Z)", re.S)
_CSS_ESCAPE = regex(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n]?|(.))", re.S)
# A selector's parts, for its specificity: ids; classes, attributes and pseudo-classes; elements.
_IDS = regex(r"#[\w-]+")
_CLASSES = regex(r"\.[\w-]+|\[[^\]]*\]|(?<!:):(?!not\b|is\b|where\b)[\w-]+")
_ELEMENTS = regex(r"(?:^|[\s>+~(])([A-Za-z][\w-]*)")


def hides(declarations: str) -> bool:
    """Tell whether CSS declarations ("color: red; display: none") keep what they style from a reader's
    sight: not displayed, invisible, transparent, of no size, or clipped to nothing (see _conceals)."""
    return _conceals({name: value for name, (value, _) in _declared(declarations).items()})


def _conceals(style: dict[str, str]) -> bool:
    """Tell whether an element's styles, {property: value}, keep it from sight: a property that hides alone
    (display: none...), a transparent colour (but for one that lets a background clipped to the text show:
    a headline in a gradient), a position far off the screen ("left: -9999px", as pages hide text for
    screen readers), or a size of a pixel or none that hides what overflows it."""
    if any(_hiding(name, value) for name, value in style.items()):
        return True
    # The text is drawn in its fill colour, which is its colour unless one is set for the fill alone.
    fill = style.get("-webkit-text-fill-color", "currentcolor")
    if _TRANSPARENT.match(style.get("color", "") if fill in _COLOUR_ITSELF else fill) and "text" not in (
            style.get("background-clip", "") + style.get("-webkit-background-clip", "")):
        return True
    if style.get("position") in ("absolute", "fixed") and any(_far_off(style.get(side)) for side in ("left", "top", "right")):
        return True
    # (A box of no height that padding opens, as a video's frame keeps its shape, shows what it holds.)
    padded = any(re.search(r"[1-9]", style.get(side, "")) for side in ("padding", "padding-top", "padding-bottom"))
    return bool({style.get("overflow"), style.get("overflow-x"), style.get("overflow-y")} & {"hidden", "clip"}) and any(
        _pixels(style.get(size)) is not None and _pixels(style.get(size)) <= 1 and not (padded and "height" in size)
        for size in ("width", "height", "max-width", "max-height"))


def _pixels(value: str | None) -> float | None:
    """A CSS length in pixels, about; None for what is no length ("auto", "calc(...)")."""
    found = _LENGTH.match(value or "")
    return float(found[1]) * _PIXELS[found[2]] if found else None


def _far_off(value: str | None) -> bool:
    """Tell an offset that puts what it moves off any screen: "-9999px", "-100vw". (Not "-50%", with which
    pages centre what they move: a share of a box is far off only when it is the whole box.)"""
    found = _LENGTH.match(value or "")
    if not found:
        return False
    if found[2] in ("%", "vw", "vh"):
        return float(found[1]) <= -100
    return float(found[1]) * _PIXELS[found[2]] <= -500


def css_text(css: str) -> str:
    """CSS as a browser reads it: without comments ("display:/**/none"), escapes read ("n\\6f ne")."""
    css = _CSS_COMMENT.sub("", css)
    return _CSS_ESCAPE.sub(lambda found: _css_character(found[1]) if found[1] else found[2], css) if "\\" in css else css


def _css_character(code: str) -> str:
    value = int(code, 16)
    return chr(value) if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"


def for_print_only(media: str) -> bool:
    """Tell a media list of print alone ("print", "only print"), not "screen, print" nor "not print"."""
    queries = [query.split() for query in media.lower().split(",")]
    return all(query and query[-1] == "print" and query[0] in ("print", "only") for query in queries)


def _on_every_screen(media: str) -> bool:
    """Tell a media list that holds a query of no condition: "screen", "all", "not print"."""
    return any("(" not in query and not for_print_only(query) for query in media.lower().split(","))


MAX_NESTING = 32   # blocks within one another (@media within @supports...): a page's own go two or three deep


class SheetTooDeep(ValueError):
    """A style sheet whose blocks are nested deeper than any page's are."""


def rules_of(sheet: str, conditional: bool = False) -> list[tuple[str, str, bool]]:
    """The rules of a style sheet as (selectors, declarations, under a media condition), in order; none
    for paper alone, nor of @font-face, @keyframes and the like. Comments and the "<!--" and "-->" old
    pages wrapped a sheet in are left out. Read in one pass; raise SheetTooDeep past MAX_NESTING."""
    css = _CSS_COMMENT.sub("", sheet).replace("<!--", "").replace("-->", "")
    rules = []
    # For each block open: whether the rules in it are under a media condition (None: not read), or
    # for a rule, (its selectors, where its declarations start, the block it stands in).
    frames: list = [conditional]
    start = 0
    for found in _BRACE.finditer(css):
        at = found.start()
        if css[at] == "{":
            prelude = css[start:at]
            prelude = prelude[prelude.rfind(";") + 1:].strip()   # after a statement: "@import url(x);"
            outer = frames[-1] if not isinstance(frames[-1], tuple) else frames[-1][2]
            at_rule = _AT_RULE.match(prelude)
            if at_rule:
                kind, condition = at_rule[1].lower(), at_rule[2]
                frames.append(None if outer is None or kind not in _READ_WITHIN else
                              (None if for_print_only(condition) else outer or not _on_every_screen(condition))
                              if kind == "media" else outer or kind in ("container", "scope"))
            else:   # a rule (or one nested in a rule, read as if it stood alone)
                frames.append((prelude, at + 1, outer))
            if len(frames) > MAX_NESTING:
                raise SheetTooDeep(f"holds a style sheet nested more than {MAX_NESTING} blocks deep; no page's is: "
                                   "save the article's own page")
        elif len(frames) > 1:
            frame = frames.pop()
            if isinstance(frame, tuple) and frame[2] is not None and frame[0]:
                rules.append((frame[0], css[frame[1]:at], frame[2]))
        start = at + 1
    return rules


_BRACE = regex(r"[{}]")
_AT_RULE = regex(r"@([\w-]+)(.*)", re.S)
_READ_WITHIN = frozenset(("media", "supports", "layer", "container", "document", "scope"))


def hiding_selectors(sheet: str) -> list[str]:
    """The selectors of the rules of a style sheet that hide what they select on every screen (the rules
    that may show it again are not weighed: see hidden_by_style_sheets)."""
    return [selector.strip() for selectors, declarations, conditional in rules_of(sheet)
            if not conditional and hides(declarations) for selector in selectors.split(",") if selector.strip()]


def hidden_by_style_sheets(soup) -> list:
    """The elements the page's own <style> sheets keep from sight on every screen (see the module)."""
    from soupsieve import SelectorSyntaxError, compile as compile_selector   # Beautiful Soup's own

    rules = []   # (specificity, order, {property: (value, important)}, conditional, selector, needs)
    for sheet in soup("style"):
        media = sheet.get("media", "all")
        if for_print_only(media):
            continue
        for selectors, declarations, conditional in rules_of(sheet.get_text(), not _on_every_screen(media)):
            found = _declared(declarations)
            rules += [(_specificity(selector), len(rules), found, conditional, selector, _needs(selector))
                      for selector in filter(None, map(str.strip, selectors.split(","))) if found]
    if not any(_could_hide(rule[2]) for rule in rules):
        return []
    # Each rule filed under what its element must have, so that each element is tried by the few it may meet.
    by_id, by_class, by_attribute, by_name, others = {}, {}, {}, {}, []
    for rule in rules:
        name, classes, ident, attributes = rule[5]
        (by_id.setdefault(ident, []) if ident else by_class.setdefault(min(classes), []) if classes
         else by_attribute.setdefault(min(attributes), []) if attributes
         else by_name.setdefault(name, []) if name else others).append(rule)
    compiled = {}   # each selector compiled when an element first may meet it: most meet none

    def selects(selector: str, element) -> bool:
        if selector not in compiled:
            try:
                compiled[selector] = compile_selector(selector)
            except (ValueError, NotImplementedError, SelectorSyntaxError):
                compiled[selector] = None   # one Beautiful Soup cannot apply ("p::before"): it selects no element
        return compiled[selector] is not None and compiled[selector].match(element)

    hidden = []
    for element in soup.find_all(True):
        classes = set(element.get("class") or ())
        ident = element.get("id")
        tried = [*by_id.get(ident, ()), *(rule for c in classes for rule in by_class.get(c, ())),
                 *(rule for a in element.attrs if a in by_attribute for rule in by_attribute[a]),
                 *by_name.get(element.name, ()), *others]
        matching = [rule for rule in tried if _may_select(rule[5], element, classes) and selects(rule[4], element)]
        if any(_could_hide(rule[2]) for rule in matching) and _conceals(_style(element, matching, False)) \
                and _conceals(_style(element, matching, True)):
            hidden.append(element)
    return hidden


def _could_hide(declared: dict) -> bool:
    """Tell declarations that may hide, alone or with others: not a colour alone, nor a width."""
    return any(_hiding(name, value) or name in ("position", "overflow", "overflow-x", "overflow-y")
               or name in ("color", "-webkit-text-fill-color") and _TRANSPARENT.match(value)
               for name, (value, _) in declared.items())


def _needs(selector: str) -> tuple[str | None, frozenset, str | None, frozenset]:
    """What an element must be for a selector to select it, as its last compound says: a name, classes,
    an id, attributes. Told at once, where matching the selector takes a walk up the page."""
    if "\\" in selector:   # escaped: ".a\\:b" is one class
        return None, frozenset(), None, frozenset()
    last = _COMBINATORS.split(_outside_brackets(selector).strip())[-1]
    name = _NAME.match(last)
    ident = _ID.findall(last)
    return (name[0].lower() if name else None, frozenset(_CLASS.findall(last)), ident[-1] if ident else None,
            frozenset(_ATTRIBUTE_NAME.findall(last)))


def _outside_brackets(selector: str) -> str:
    """A selector with what its brackets hold left out, but for an attribute's name: 'p[title="a b"]' is
    "p[title]", "div:has(.x)" is "div:has()". Spaces, dots and hashes within them are not its own."""
    out, at, length = [], 0, len(selector)
    while at < length:
        char = selector[at]
        at += 1
        out.append(char)
        if char not in "([":
            continue
        if char == "[":   # the attribute's name is kept
            name = _ATTRIBUTE_START.match(selector, at)
            out.append(name[0].strip())
            at = name.end()
        depth, quote = 1, ""
        while at < length and depth:   # to the bracket that closes it, past quoted text and brackets within
            inner = selector[at]
            at += 1
            if quote:
                quote = "" if inner == quote else quote
            elif inner in "\"'":
                quote = inner
            elif inner in "([":
                depth += 1
            elif inner in ")]":
                depth -= 1
        out.append(")" if char == "(" else "]")
    return "".join(out)


_ATTRIBUTE_START = regex(r"\s*[\w-]*")
_COMBINATORS = regex(r"[\s>+~]+")
_NAME = regex(r"^[A-Za-z][\w-]*")
_CLASS = regex(r"\.([\w-]+)")
_ID = regex(r"#([\w-]+)")
_ATTRIBUTE_NAME = regex(r"\[([\w-]+)")


def _may_select(needs: tuple, element, classes: set) -> bool:
    name, wanted, ident, attributes = needs
    return (name is None or element.name == name) and wanted <= classes and (ident is None or element.get("id") == ident) \
        and all(attribute in element.attrs for attribute in attributes)


def _style(element, rules: list, conditional: bool) -> dict[str, str]:
    """The value the cascade gives `element` of each property that may hide it, with the rules under a media
    condition or without them. `rules` are those that select it."""
    best: dict[str, tuple[str, tuple]] = {}
    for specificity, order, found, is_conditional, _, _ in rules:
        if conditional or not is_conditional:
            for name, (value, important) in found.items():
                weight = (important, specificity, order)
                if name not in best or weight > best[name][1]:
                    best[name] = (value, weight)
    inline = _declared(element.get("style", "")) if element.get("style") else {}
    for name, (value, important) in inline.items():   # the element's own style weighs most, but for !important
        if name not in best or not best[name][1][0] or important:
            best[name] = (value, (important,))
    return {name: value for name, (value, _) in best.items()}


def _declared(declarations: str) -> dict[str, tuple[str, bool]]:
    """The declarations that decide whether an element is seen: {property: (value, important)}, the last of
    each, but that an !important one stands over any later one that is not."""
    declared = {}
    for found in _DECLARATION.finditer(css_text(declarations)):
        name, value, important = found[1].lower(), found[2].strip().lower(), bool(found[3])
        if important or not declared.get(name, ("", False))[1]:
            declared[name] = (value, important)
    return declared


def _hiding(name: str, value: str) -> bool:
    if name == "display":
        return value == "none"
    if name == "visibility":
        return value in ("hidden", "collapse")
    if name == "content-visibility":
        return value == "hidden"
    if name == "clip":
        found = _CLIP_RECT.match(value)
        return bool(found) and (float(found[3]) <= float(found[1]) or float(found[2]) <= float(found[4]))
    if name == "clip-path" and not value.startswith("inset"):
        return bool(_NO_RADIUS.match(value))   # a circle or an ellipse of no radius
    if name == "clip-path":   # inset(top right bottom left), in per cent: nothing left between them
        found = _CLIP_INSET.match(value)
        sides = [_PER_CENT_OR_ZERO.match(side) for side in found[1].split()] if found else []
        if not 1 <= len(sides) <= 4 or not all(sides):   # "round 5px", lengths: not told here
            return False
        top, right, bottom, left = ([float(side[1] or 0) for side in sides] * 4)[:4] if len(sides) == 1 else [
            float(sides[k][1] or 0) for k in ((0, 1, 0, 1), (0, 1, 2, 1), (0, 1, 2, 3))[len(sides) - 2]]
        return top + bottom >= 100 or left + right >= 100
    if name == "scale":   # a scale of 0, on either axis
        return bool(re.match(r"^0*\.?0*%?(?:\s|$)", value)) or bool(re.match(r"^\S+\s+0*\.?0*%?(?:\s|$)", value))
    if name == "transform":
        moved = _TRANSLATED.search(value)
        return bool(_SCALED_TO_NOTHING.search(value)) or bool(moved and _far_off(moved[1].strip()))
    if name == "text-indent":   # the text moved out of its box, as a logo's name is hidden behind its picture
        return _far_off(value)
    if name == "font-size":
        pixels = _pixels(value)
        return pixels is not None and pixels < 1
    if name == "filter":
        return bool(_FILTERED_OUT.search(value))
    if name == "opacity":
        return bool(re.match(r"^0*(?:\.0\d*)?$|^0*\.?0*%$|^[0-4](?:\.\d*)?%$", value)) and value not in ("", ".")
    return False


def _specificity(selector: str) -> tuple[int, int, int]:
    """How much a selector weighs: its ids, its classes and the like, its elements (pseudo-elements
    select no element, and "*" weighs nothing)."""
    selector = _outside_brackets(re.sub(r"::[\w-]+", "", selector))
    return (len(_IDS.findall(selector)), len(_CLASSES.findall(_IDS.sub("", selector))),
            len(_ELEMENTS.findall(re.sub(r"\[[^\]]*\]|[.#:][\w-]+", " ", selector))))
