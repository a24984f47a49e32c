"""Templates show what Jinja itself would show: the site's code generator writes a text's escaping
directly, and every other value as Jinja does; it calls a plain function directly, and anything else
as Jinja does."""

from __future__ import annotations

import jinja2
import pytest
from hypothesis import given, settings, strategies as st
from markupsafe import Markup

from explainer import render

TEMPLATE = """\
{{ v }}|{{ v ~ "<x>" }}|{{ v|string }}|{% if v %}{{ v }}{% endif %}|{{ "'a' & \\"b\\"" }}
{% set s %}<b>{{ v }}</b>{% endset %}{{ s }}|{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{{ m(v) }}|{{ m(v)|upper }}
{{ [v, v]|join(", ") }}|{% filter upper %}{{ v }}{% endfilter %}|{% autoescape false %}{{ v }}{% endautoescape %}
{% for x in [v, "<&>"] %}{{ loop.index }}{{ x }}{{ x|e }}{{ x|safe }}{% endfor %}
"""


class Shown:
    """A value of no kind Jinja knows, that says how it is shown: in HTML, and as text."""

    def __init__(self, text):
        self.text = text

    def __html__(self):
        return f"<em>{self.text}</em>"

    def __str__(self):
        return f"<{self.text}>"


class Marked(Markup):
    """Markup that shows itself otherwise in HTML: escape() asks it, so a template must too."""

    def __html__(self):
        return Markup(f"<mark>{self}</mark>")


class Number(int):
    def __str__(self):
        return f"<{int(self)}>"


VALUES = st.one_of(st.text(st.sampled_from("<>&\"' aé\u2028\ue000"), max_size=8), st.text(max_size=8), st.integers(),
                   st.floats(allow_nan=False), st.none(), st.booleans(), st.builds(Markup, st.text(max_size=8)),
                   st.builds(Shown, st.text("<&a", max_size=4)), st.lists(st.text("<a", max_size=3), max_size=2),
                   st.builds(Marked, st.text("<a", max_size=3)), st.builds(Number, st.integers()))


def jinja_itself() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_a_template_shows_any_value_as_jinja_would(tmp_path_factory, value):
    ours = render.make_environment(tmp_path_factory.mktemp("project"))
    assert ours.from_string(TEMPLATE).render(v=value) == jinja_itself().from_string(TEMPLATE).render(v=value)


def test_texts_are_written_without_a_call_to_escape_where_markupsafe_is_compiled(tmp_path):
    code = render.make_environment(tmp_path).compile("{{ v }}", raw=True)
    # (Without its compiled part, MarkupSafe escapes in Python, and Jinja's own code is used.)
    assert ("environment.escape_text(" in code) == (render._escape_inner is not None)


def test_a_name_missing_from_a_template_is_still_an_error(tmp_path):
    with pytest.raises(jinja2.UndefinedError):
        render.make_environment(tmp_path).from_string("{{ nowhere }}").render()


CALLS = """\
{{ f(1) }}|{{ obj.method(2) }}|{{ "a,b".split(",")|join("+") }}|{{ f(function=3, context=4, self=5) }}
{{ f(*[6, 7], **{"x": 8}) }}|{{ with_context() }}|{{ with_environment() }}|{{ with_eval_context() }}
{{ obj.with_context() }}|{{ callable_object(9) }}|{{ context_object() }}|{{ namespace(a=10).a }}
{% macro m(x) %}[{{ x }}{{ caller() if caller is defined else "" }}]{% endmacro %}{{ m(11) }}|{% call m(12) %}in{% endcall %}
{% autoescape false %}{{ m("<b>") }}{{ m("<b>")|e }}{% endautoescape %}|{% for x in [[1, [2]]] recursive %}<{{ x if x is number else loop(x) }}>{% endfor %}
{% for x in [13, 14] %}{% set y = x %}{{ f(x) }}{{ loop.cycle("odd", "even") }}{{ with_context() }}{% endfor %}
{% set shown = "set" %}{{ with_context() }}|{{ stops() is defined }}|{{ "%s-%s"|format(f(15), obj.method(16)) }}
"""


class Called:
    def method(self, x):
        return f"method {x}"

    @jinja2.pass_context
    def with_context(self, context):
        return f"method sees {context.get('shown')}"


class CallableObject:
    def __call__(self, x):
        return f"object {x}"


class ContextObject:
    @jinja2.pass_context
    def __call__(self, context):
        return f"object sees {context.get('x', 'no x')}"


def stops():
    raise StopIteration


CALLED = {
    "f": lambda *args, **kwargs: f"f{args}{sorted(kwargs.items())}",
    "obj": Called(),
    "with_context": jinja2.pass_context(lambda context: f"sees y={context.get('y')} {context.get('shown')}"),
    "with_environment": jinja2.pass_environment(lambda environment: f"autoescape {environment.autoescape}"),
    "with_eval_context": jinja2.pass_eval_context(lambda eval_context: f"autoescape {eval_context.autoescape}"),
    "callable_object": CallableObject(),
    "context_object": ContextObject(),
    "stops": stops,
}


def test_a_template_calls_as_jinja_would(tmp_path):
    """Functions, methods, and whatever Jinja passes the context to: wanted, in a loop or a macro, or not."""
    ours = render.make_environment(tmp_path).from_string(CALLS)
    theirs = jinja_itself().from_string(CALLS)
    shown = ours.render(CALLED)
    assert shown == theirs.render(CALLED)
    assert "sees y=13" in shown and "method sees" in shown and "object sees" in shown   # the context was passed


def test_a_plain_function_is_called_without_asking_jinja(tmp_path):
    code = render.make_environment(tmp_path).compile("{{ f(1) }}", raw=True)
    assert "environment.call(context, " in code and "context.call(" not in code


TEMPLATES = {
    "base.html": "<{% block head %}head {{ v }}{% endblock %}>{% include 'part.html' %}"
                 "{% set kept %}{% block kept %}kept {{ v }}{% endblock %}{% endset %}[{{ kept|upper }}]"
                 "{% filter lower %}{% include 'part.html' %}{% endfilter %}"
                 "{% for x in [1, 2] %}{% set y = x * 10 %}{% include 'part.html' %}{% endfor %}"
                 "{% include ['missing.html', 'part.html'] %}{% include 'missing.html' ignore missing %}",
    "part.html": "(part {{ v }}{{ x if x is defined else '' }}{{ y if y is defined else '' }})",
    "page.html": "{% extends 'base.html' %}{% block head %}page {{ super() }}{% endblock %}"
                 "{% block kept %}Page {{ v }} {{ self.head() }}{% endblock %}",
    "scoped.html": "{% for x in 'ab' %}{% block s scoped %}<{{ x }}>{% endblock %}{% endfor %}",
}


@settings(max_examples=50, deadline=None)
@given(VALUES)
def test_blocks_includes_and_extends_show_as_jinja_would(tmp_path_factory, value):
    """What a template writes of another (included, a block, the one it extends) is written as Jinja writes it,
    in a {% set %} or a {% filter %} as much as in the page."""
    root = tmp_path_factory.mktemp("project")
    (root / "templates").mkdir()
    for name, text in TEMPLATES.items():
        (root / "templates" / name).write_text(text)
    ours = render.make_environment(root)
    theirs = jinja_itself()
    theirs.loader = jinja2.FileSystemLoader(str(root / "templates"))
    for name in TEMPLATES:
        assert ours.get_template(name).render(v=value) == theirs.get_template(name).render(v=value)


def test_what_a_template_writes_of_another_is_joined_where_it_is_made(tmp_path):
    """Jinja's own lines for these are rewritten (see render._Writer): one that wrote them otherwise would
    leave the pages as they are, and slower. This says so."""
    environment = render.make_environment(tmp_path)
    for source, jinjas_own in (("{% include 'x.html' %}", "for event in gen:"),
                               ("{% block b %}{% endblock %}", "yield from context.blocks["),
                               ("{% extends 'x.html' %}", "yield from parent_template.root_render_func(")):
        code = environment.compile(source, raw=True)
        assert "environment.concat(" in code and jinjas_own not in code
