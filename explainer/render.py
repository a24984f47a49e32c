"""Render planned pages through the Jinja templates into the bytes of each output file."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodType

import jinja2
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.runtime import LoopContext
from jinja2.utils import internalcode

from . import publish
from .problems import Problems
from .records import Quote, Settings
from .site import PageModel, fragment_link, links_from, site_root
from .textfile import linked_away


try:   # MarkupSafe's escaping in C, which its escape() calls for a text
    from markupsafe._speedups import _escape_inner
except ImportError:   # MarkupSafe without its compiled part: Jinja's own code, as it writes it
    _escape_inner = None


class _Writer(CodeGenerator):
    """Jinja's code generator, but for calls, and for what one template hands on of another's.

    A call, `source_link(quote)`, Jinja writes as context.call(function, ...),
    which asks the function, and what calling it would call, whether it wants
    the context passed: 2 µs a call, 30 a page, and 3% of a build of 1,000
    pages. It is written as a call to _Environment.call instead, which calls a
    plain function at once, and hands anything else to context.call as before.

    What an included template, a block or the template a page extends
    writes, Jinja hands on a piece at a time, each through every template
    between it and the page, to be joined into the page at the end. Each is
    joined where it is made instead, and handed on whole: the same text, for
    2% fewer instructions in a build.
    """

    def writeline(self, x: str, node=None, extra: int = 0) -> None:
        if x == "for event in gen:":   # an include, or a block written into a {% set %} or a {% filter %}
            x = "for event in (environment.concat(gen),):"
        elif x.startswith(("yield from context.blocks[", "yield from parent_template.root_render_func(")):
            x = f"yield environment.concat({x.removeprefix('yield from ')})"
        super().writeline(x, node, extra)

    @optimizeconst   # as Jinja's own
    def visit_Call(self, node, frame, forward_caller: bool = False) -> None:
        if self.environment.is_async or self.environment.sandboxed:
            super().visit_Call(node, frame, forward_caller)
            return
        # As Jinja writes it, but for the first words: its sandbox takes calls the same way.
        self.write("environment.call(context, ")
        self.visit(node.node, frame)
        extra_kwargs = {"caller": "caller"} if forward_caller else {}
        if frame.loop_frame:
            extra_kwargs["_loop_vars"] = "_loop_vars"
        if frame.block_frame:
            extra_kwargs["_block_vars"] = "_block_vars"
        self.signature(node, frame, extra_kwargs or None)
        self.write(")")


class _EscapingWriter(_Writer):
    """_Writer, but for what `{{ value }}` writes of a text: the escaped text itself.

    Jinja writes escape(value), which for a text returns a Markup of MarkupSafe's
    escaping: two calls in Python for each value a page shows, some 160 a page,
    and 3% of a build of 1,000 pages. What a template outputs is joined into the
    page as it is, so a plain text of the same characters serves as well. So does
    Markup itself, and the digits of a whole number (some 50 a page: the numbers
    of notes and paragraphs). Any other value (a float, an undefined name, an
    object with __html__) goes to escape() as before.
    """

    def _output_child_pre(self, node, frame, finalize) -> None:
        if _escaped_always(frame, finalize):
            self.write("(environment.escape_text(_shown) if type(_shown := ")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize) -> None:
        if _escaped_always(frame, finalize):
            self.write(") is str else _shown if type(_shown) is Markup else str(_shown) if type(_shown) is int "
                       "else escape(_shown))")
        else:
            super()._output_child_post(node, frame, finalize)


def _escaped_always(frame, finalize) -> bool:
    """Tell an output that Jinja writes as escape(value): escaped whatever the context, no finalize."""
    return not frame.eval_ctx.volatile and frame.eval_ctx.autoescape and finalize.src is None


class _Environment(jinja2.Environment):
    code_generator_class = _EscapingWriter if _escape_inner else _Writer
    escape_text = staticmethod(_escape_inner)

    @internalcode   # left out of a template error's traceback, as Jinja's own context.call is
    def call(self, context, function, /, *args, _loop_vars=None, _block_vars=None, **kwargs):
        """Call what a template calls, as context.call does (see _Writer)."""
        plain = function.__func__ if type(function) is MethodType else function
        if type(plain) not in _PLAIN or hasattr(plain, "jinja_pass_arg"):   # it may want the context
            return context.call(function, *args, _loop_vars=_loop_vars, _block_vars=_block_vars, **kwargs)
        try:
            return function(*args, **kwargs)
        except StopIteration:
            return self.undefined("value was undefined because a callable raised a StopIteration exception")


# What a template calls that never asks for the context: functions and methods written in Python or in C,
# and a recursive loop's loop(). (Jinja looks for what it would call of any other object: a macro, which
# asks for the evaluation context, a class, an object with __call__.)
_PLAIN = frozenset((FunctionType, BuiltinFunctionType, LoopContext))


def make_environment(root: Path) -> jinja2.Environment:
    """Return the one Jinja environment of a project: autoescaped, strict about missing names.

    Compiled templates are cached on disk by Jinja (keyed by each template's
    source), which saves a cold build most of its template compiling.
    """
    return _Environment(
        loader=_ProjectLoader(root),
        # Jinja would ask for each template's modification time on every use; the Builder instead
        # empties the cache when a template's signature changes (a save can keep the old time).
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(root),
    )


class TemplateFileError(Exception):
    """A template file that cannot be used as it is: `message` says why, at `line`."""

    def __init__(self, name: str, line: int, message: str):
        super().__init__(message)
        self.name, self.line, self.message = name, line, message


class MissingAsset(Exception):
    """A template asked for a file of assets/ that is not there."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


class _ProjectLoader(jinja2.FileSystemLoader):
    """Load templates/ as every other file of the project is read: from inside the project (a build
    publishes nothing from elsewhere on the machine), and with a message an editor can act on."""

    def __init__(self, root: Path):
        super().__init__(str(root / "templates"))
        self.project = os.path.realpath(root)

    def get_source(self, environment, template):
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as err:
            data = err.object
            raise TemplateFileError(template, data[:err.start].count(b"\n") + 1,
                                    f"is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
                                    "save it as UTF-8") from None
        except jinja2.TemplateNotFound:   # an OSError too, reported as such by the renderer
            raise
        except OSError as err:
            raise TemplateFileError(template, 1, f"cannot be read ({err.strerror or err})") from None
        away = linked_away(os.path.realpath(filename), str(self.project))
        if away:
            raise TemplateFileError(template, 1, f"{away}; copy the file into templates/")
        return source, filename, uptodate


def _bytecode_cache(root: Path) -> jinja2.BytecodeCache | None:
    """Keep compiled templates in the project's .cache/ (ignored by git); none if it cannot be made."""
    folder = root / ".cache" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    # Named for the code generator that wrote them, and for this module's very text: a template compiled by
    # either generator, or by an earlier version of either, runs only with the environment it was compiled for.
    version = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return jinja2.FileSystemBytecodeCache(
        str(folder), f"__jinja2_{_Environment.code_generator_class.__name__}_{version}_%s.cache")


class Renderer:
    """Render pages of one build: its settings, asset names and content date."""

    def __init__(self, env: jinja2.Environment, settings: Settings, assets: dict[str, str], date: str):
        self.env = env
        self.settings = settings
        self.assets = assets          # logical name -> output path
        self.date = date

    def render(self, page: PageModel, nav: tuple[tuple[str, str, str], ...], problems: Problems) -> bytes | None:
        """Render a page, or return None after reporting a template error.

        `nav` lists (title, address, page key) of the pages in the navigation.
        """
        base_path = site_root(self.settings)
        # GitHub Pages serves 404.html at any depth, so its links start from the site's root.
        link = (lambda target: base_path + target) if page.key == "404" else links_from(page.url)

        def asset(name: str) -> str:
            if name not in self.assets:
                raise MissingAsset(name)
            return link(self.assets[name])

        def source_link(quote: Quote) -> str:
            return link(fragment_link(quote))

        context = {
            "site": self.settings,
            "page": page,
            "nav": [(title, link(url), key == page.key) for title, url, key in nav],
            "link": link,
            "asset": asset,
            "source_link": source_link,
            "canonical": self.settings.site_url + "/" + page.url if self.settings.site_url and page.key != "404" else None,
            "content_date": self.date,
            "jsonld": publish.page_jsonld(self.settings, page, self.date),
            "data_files": publish.DATA_FILES,
        }
        try:
            template = self.env.get_template(page.template)
            html = template.render(context)
            if not html.strip():   # an empty base.html, say: a site of blank pages is no site
                problems.error(f"templates/{page.template}", 1, "makes an empty page: it, or a template it extends "
                                                               "or includes, holds nothing")
                return None
            return html.encode("utf-8")
        except jinja2.TemplateSyntaxError as err:
            problems.error(f"templates/{self._named(err.name or page.template)}", err.lineno or 1,
                           f"template syntax error: {err.message}")
        except TemplateFileError as err:
            problems.error(f"templates/{err.name}", err.line, err.message)
        except jinja2.TemplateNotFound as err:   # where a template includes it, or else the build asks for it
            path, line = self._where(None) or ("templates", 1)
            problems.error(path, line, f"template '{err.name}' is missing")
        except MissingAsset as err:   # reported where the template asks for it: the line to change, or the file to add
            path, line = self._where(page.template)
            problems.error(path, line, f"asks for assets/{err.name}, which is not in the assets/ folder")
        except jinja2.UndefinedError as err:
            path, line = self._where(page.template)
            problems.error(path, line, f"template names something that does not exist: {err.message}")
        except Exception as err:  # a template can call anything; report where it failed
            path, line = self._where(page.template)
            problems.error(path, line, f"template failed: {type(err).__name__}: {err}")
        return None

    def _where(self, default: str | None) -> tuple[str, int] | None:
        """Where in the templates the error being handled was raised (see _template_position)."""
        return _template_position(sys.exc_info()[2], default, self.env.loader.searchpath[0])

    def _named(self, name: str) -> str:
        """A template's name within templates/: some of Jinja's errors give its whole path instead."""
        return _within(name, self.env.loader.searchpath[0]) or name


def _template_position(tb, default: str | None, folder: str) -> tuple[str, int] | None:
    """Find the innermost frame of a template of `folder` in a traceback, as (its path, its line); else
    the default template's first line, or None. A template may be in a folder of its own, and of any name."""
    found = (f"templates/{default}", 1) if default else None
    while tb is not None:
        name = _within(tb.tb_frame.f_code.co_filename, folder)
        if name:
            found = (f"templates/{name}", tb.tb_lineno)
        tb = tb.tb_next
    return found


def _within(path: str, folder: str) -> str | None:
    """The name of `path` within `folder` ('parts/meta.txt'), or None for a path elsewhere."""
    try:
        if os.path.isabs(path) and os.path.commonpath([path, folder]) == folder:
            return Path(os.path.relpath(path, folder)).as_posix()
    except ValueError:   # on Windows, on another drive
        pass
    return None


def hashed_name(name: str, data: bytes) -> str:
    """Return `name` with a short content hash before its extension: style.3f2a9c1e.css."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}.{ext}"
