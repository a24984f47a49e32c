"""Templates show what Jinja itself would show: the site's code generator writes a text's escaping
directly, and every other value as Jinja does."""

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


VALUES = st.one_of(st.text(st.sampled_from("<>&\"' aé\u2028\ue000"), max_size=8), st.text(max_size=8), st.integers(),
                   st.floats(allow_nan=False), st.none(), st.booleans(), st.builds(Markup, st.text(max_size=8)),
                   st.builds(Shown, st.text("<&a", max_size=4)), st.lists(st.text("<a", max_size=3), max_size=2))


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
