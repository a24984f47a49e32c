"""Preview the site: build it, serve it, rebuild on every save and reload the browser.

Built on python-livereload (its Server, its websocket and its browser script),
with two of its defaults replaced: its watcher polls every 0.8 s from the
server's own thread, and its reload guard drops any change made within 3 s of
the previous reload (the site is rebuilt, the browser never told). Here a
watcher of our own polls every 50 ms from a thread of its own, waits for a
burst of saves to end, rebuilds, and the server tells every browser at once.
"""

from __future__ import annotations

import errno
import gc
import html
import json
import mimetypes
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import web
from tornado.ioloop import IOLoop, PeriodicCallback

from . import write
from .memo import is_scratch
from .pipeline import Builder
from .problems import ContentError

WATCHED = ("content", "seeds", "templates", "assets", "explainer")
ENGINE = "explainer"        # the code this process runs: a change to it restarts the process
# Every module of the engine imported, and every regular expression compiled (each is compiled when first
# used, see lazy.regex): a mistake in any shows in the browser before the preview runs the new code.
_CHECK_ENGINE = (f"import importlib, pkgutil, {ENGINE}, {ENGINE}.lazy\n"
                 f"for module in pkgutil.iter_modules({ENGINE}.__path__):\n"
                 f"    importlib.import_module('{ENGINE}.' + module.name)\n"
                 f"{ENGINE}.lazy.compile_all()\n")
POLL_SECONDS = 0.05         # livereload's own watcher polls every 0.8 s
QUIET_SECONDS = 0.05        # a burst of saves (temporary file and rename, a git checkout) ends within this
MAX_SETTLE_SECONDS = 1.0    # a file rewritten without pause still gets built this often
BACKLOG = 1024              # tornado's default of 128 refuses part of a burst of page and asset requests
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
# What the error page borrows of the last site that built: its look, and nothing it says. Under its own
# address, so that the site's stylesheet is not served as current while the site does not build.
ERROR_STYLE = "assets/style.css"
ERROR_STYLE_QUERY = "for-errors"


def main(root: Path, out: Path, host: str, port: int, site_url: str | None) -> int:
    """Build the site, then serve it with live reload until Ctrl-C; return the exit status."""
    signal.signal(signal.SIGTERM, signal.default_int_handler)   # stop as cleanly on `kill` as on Ctrl-C
    # Started in the background by a shell without job control, a program inherits Ctrl-C ignored, and
    # Python then leaves it so; the preview is stopped with Ctrl-C whatever started it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    preview = Preview(Builder(root, site_url, hash_assets=False), root, out, port)
    watcher = SourceWatcher()
    server = PreviewServer(preview, watcher)
    try:
        server.application(port, host)   # listen first: a taken port is reported before anything is built
    except OSError as err:
        print(f"build.py serve: cannot listen on {host}:{port}: {_listen_error(err, port)}", file=sys.stderr)
        return 1
    for folder in WATCHED:
        server.watch(str(root / folder), preview.rebuild)
    try:
        preview.rebuild()
        print(f"Serving {_shown(out)} at {_url(host, port)} (Ctrl-C to stop)", flush=True)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()   # lets a rebuild under way finish writing, so no temporary file is left
    print("Stopped.", flush=True)
    return 0


class Preview:
    """The site as the browser sees it: the files in `out`, or the errors of the last build."""

    def __init__(self, builder: Builder, root: Path, out: Path, port: int):
        self.builder, self.root, self.port = builder, root, port
        self.out = Path(os.path.realpath(out))
        self.loop = IOLoop.current()
        # Every page carries the version it was served at; a page of an older one reloads when it connects.
        # The session part changes with every process, so pages served before a restart reload too.
        self.session = "v" + secrets.token_hex(4)
        self.generation = 0
        self.problems: tuple[str, ...] = ()
        self.pending: set[Path] = set()   # every file saved since the last good build
        self.fresh = True                 # no good build yet: the next build builds everything
        self.warnings: tuple[str, ...] = ()

    @property
    def version(self) -> str:
        """Name the state of the site, for the pages served now."""
        return f"{self.session}-{self.generation}"

    def rebuild(self, changed: list[str] | None = None) -> None:
        """Rebuild after `changed` files were saved (all of them when None), then show the result."""
        started = time.perf_counter()
        self.pending.update(Path(name) for name in changed or ())
        engine = sorted(p for p in self.pending if p.is_relative_to(self.root / ENGINE))
        if engine:
            problems, written = self._restart(engine), []
        else:
            problems, written = self._build()
        self._report(changed, problems, written, time.perf_counter() - started)
        self.loop.add_callback(self.publish, problems, written)

    def publish(self, problems: tuple[str, ...], written: list[str]) -> None:
        """Bring the browsers up to date, if anything they see has changed; runs on the server's thread."""
        if not written and problems == self.problems:
            return
        # One changed file names itself, so a stylesheet is swapped in place; anything else reloads the page.
        path = written[0] if len(written) == 1 and problems == self.problems else "*"
        self.problems = problems
        self.generation += 1
        ReloadSocket.reload_waiters(path)

    def _build(self) -> tuple[tuple[str, ...], list[str]]:
        """Build and write the site; return the build's errors and the files written."""
        try:
            built = self.builder.build(None if self.fresh else sorted(self.pending))
            # The Builder names what changed since its last build, which is what dist/ holds: only that is written.
            written = write.sync_site(built.outputs, self.out, only=built.changed)
        except ContentError as err:
            return tuple(str(problem) for problem in [*err.problems, *err.warnings]), []   # as build.py prints them
        except Exception as err:   # a bug in the engine must not cost the preview: show it and keep serving
            traceback.print_exc()
            return (f"build.py: internal error: {type(err).__name__}: {err}",), []
        self.pending.clear()
        self.fresh = False
        # What the Builder keeps lives as long as this process: moved out of the collector's sight, it is
        # not walked again by every collection (a third of a rebuild's time on a 1,000-article site).
        gc.freeze()
        warnings = tuple(str(warning) for warning in built.warnings)
        if warnings and warnings != self.warnings:   # once, not after every save
            print(*warnings, sep="\n", file=sys.stderr)
        self.warnings = warnings
        return (), written

    def _restart(self, engine: list[Path]) -> tuple[str, ...]:
        """Run this command again in this process, on the new engine; return the error if it cannot load."""
        # Reloading modules in place leaves old classes and functions behind; a new process has none.
        # Import the new code in a throwaway process first: a typo must show in the browser, not stop it.
        check = subprocess.run([sys.executable, "-c", _CHECK_ENGINE], cwd=self.root, capture_output=True, text=True)
        if check.returncode != 0:
            return (_import_problem(self.root, check.stderr),)
        print(f"{_names(self.root, engine)} changed: restarting", flush=True)
        sys.stderr.flush()
        # This runs on the watcher's thread, which blocks Ctrl-C; the new program would inherit that.
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
        raise AssertionError("unreachable")

    def _report(self, changed: list[str] | None, problems: tuple[str, ...], written: list[str],
                seconds: float) -> None:
        """Tell the terminal what the rebuild did."""
        cause = "" if changed is None else f"{_names(self.root, [Path(name) for name in changed])} changed: "
        if problems:
            print(*problems, sep="\n", file=sys.stderr)
            print(f"{cause}{len(problems)} error(s); the browser shows them until they are fixed",
                  file=sys.stderr, flush=True)
        elif changed is None:
            print(f"built the site into {_shown(self.out)} in {seconds:.2f} s, {len(written)} file(s) updated",
                  flush=True)
        else:
            print(f"{cause}rebuilt in {seconds * 1000:.0f} ms, {len(written)} file(s) updated", flush=True)


class SourceWatcher(Watcher):
    """Poll the watched files' times and sizes every 50 ms from a thread, and report each burst of saves."""

    def __init__(self, interval: float = POLL_SECONDS, quiet: float = QUIET_SECONDS):
        super().__init__()
        self.interval, self.quiet = interval, quiet
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._scanned = time.time()

    def watch(self, path: str, func: Callable | None = None, delay=None, ignore=None) -> None:
        """Watch `path`, a file or a folder, calling `func` with the list of files changed in it."""
        super().watch(path, func, delay, ignore)
        self._scanned = time.time()
        self._tasks[path]["mtimes"] = _stamps(path, ignore)   # what is there now is the starting point

    def start(self, callback: Callable | None = None) -> bool:
        """Start polling; True tells livereload not to start its own 0.8 s polling, nor its 3 s guard."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="watcher", daemon=True)
            self._thread.start()
        return True

    def stop(self) -> None:
        """Stop polling, once the task under way has finished."""
        self._stopping.set()
        if self._thread is None or self._thread is threading.current_thread():
            return
        try:
            self._thread.join()
        except RuntimeError:
            # Ctrl-C came inside Thread.start(), before the thread was known to have started: it has run
            # none of our code, and once it runs, it finds itself stopped and ends at once.
            pass

    def _run(self) -> None:
        # Ctrl-C is for the main thread, which Python alone lets handle it: delivered to this thread
        # instead, it would wait until the main thread's event loop next woke, which may be never.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        while not self._stopping.wait(self.interval):
            changed = self._scan()
            if changed and self._settle(changed):
                try:
                    self._dispatch(changed)
                except Exception:   # a watcher that dies leaves the preview stale without a word
                    traceback.print_exc()

    def _scan(self) -> dict[str, float]:
        """Return the files added, changed or removed since the last scan, each with when it changed."""
        since, self._scanned = self._scanned, time.time()
        changed = {}
        for path, task in self._tasks.items():
            old, new = task["mtimes"], _stamps(path, task["ignore"])
            for name in old.keys() | new.keys():
                if old.get(name) == new.get(name):
                    continue
                # The mtime tells when a file was saved only if it moved on since the last scan: a file
                # truncated for writing keeps its old mtime until the write (Linux 6), a copy may keep
                # its source's. Otherwise the change is as recent as now, for all we know.
                mtime = new[name][0] / 1e9 if name in new else 0.0
                changed[name] = mtime if mtime > since else time.time()
            task["mtimes"] = new
        return changed

    def _settle(self, changed: dict[str, float]) -> bool:
        """Wait until no file has changed for `quiet` seconds, adding later changes; False when stopping."""
        # Measured from the save itself where its mtime tells, not from when the poll noticed it. Waiting
        # until the newest change is `quiet` old also means the build reads files whose next save, if
        # any, gets a later mtime: a second save of the same size is never mistaken for no change.
        first = time.time()
        while True:
            now = time.time()
            wait = min(min(max(changed.values()), now) + self.quiet - now, first + MAX_SETTLE_SECONDS - now)
            if wait > 0 and self._stopping.wait(wait):
                return False
            more = self._scan()
            changed.update(more)
            if time.time() - first > MAX_SETTLE_SECONDS:
                return not self._stopping.is_set()
            if not more:
                # An empty file is most likely one a save truncated and has yet to write (a busy machine
                # can pause it for longer than `quiet`): give it until MAX_SETTLE_SECONDS to fill.
                if not self._emptied(changed):
                    return not self._stopping.is_set()
                if self._stopping.wait(self.quiet):
                    return False

    def _emptied(self, changed: dict[str, float]) -> bool:
        """Tell whether any of the changed files is there but empty."""
        return any(task["mtimes"].get(name, (0, 1, 0))[1] == 0 for name in changed for task in self._tasks.values())

    def _dispatch(self, changed: dict[str, float]) -> None:
        """Call each task once with its changed files, in order."""
        calls: dict[Callable, list[str]] = {}
        for name in sorted(changed):
            for path, task in self._tasks.items():
                if task["func"] and (name == path or name.startswith(path.rstrip(os.sep) + os.sep)):
                    calls.setdefault(task["func"], []).append(name)
                    break
        for func, names in calls.items():
            func(names)


class PreviewServer(Server):
    """livereload's server, serving the preview's pages with its websocket and its script."""

    def __init__(self, preview: Preview, watcher: SourceWatcher):
        super().__init__(watcher=watcher)
        self.preview = preview

    def application(self, port: int, host: str, liveport=None, debug=None, live_css: bool = True) -> None:
        """Listen on `host:port`: the reload websocket, its script, and the site."""
        # livereload keeps its settings on the handler class; set them on our subclass, not on its own.
        ReloadSocket.watcher, ReloadSocket.live_css = self.watcher, live_css
        app = web.Application([
            (r"/livereload", ReloadSocket, {"preview": self.preview}),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", PageHandler, {"preview": self.preview}),
        ], transforms=[NoStore], log_function=_log_nothing)
        app.listen(port, address=host, backlog=BACKLOG)

    def run(self) -> None:
        """Watch and serve until interrupted."""
        # Server.serve() would start livereload's own polling, whose guard drops changes; ours needs none.
        self.watcher.start()
        # A signal caught by any other thread (tornado's, a library's) is still acted on within a second.
        PeriodicCallback(lambda: None, 1000).start()
        IOLoop.current().start()


class ReloadSocket(LiveReloadHandler):
    """livereload's websocket, which also reloads at once a page served before the latest change."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview
        self.served: str | None = None

    def on_message(self, message: str) -> None:
        """Answer livereload.js; reload its page if the site has changed since it was served."""
        super().on_message(message)
        # A page still loading when a rebuild finished, or served before a restart, missed its reload.
        # Its hello carries the version it was served at (the `snipver` of its script tag); compare once
        # its `info` has made it one of the pages told of the next change, so no change falls in between.
        command = json.loads(message)
        if command.get("command") == "hello":
            self.served = command.get("snipver")
        elif self in self.waiters and self.served != self.preview.version:
            self.served = self.preview.version
            self.send_message({"command": "reload", "path": "*", "liveCSS": False, "liveImg": False})


class PageHandler(web.RequestHandler):
    """Serve the files of the built site, or the build's errors in place of its pages."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def head(self, path: str) -> None:
        self.get(path)   # tornado sends the headers of GET without the body

    def get(self, path: str) -> None:
        # Read the version before the file: a rebuild in between then reloads the page, never strands it.
        version, problems = self.preview.version, self.preview.problems
        out = self.preview.out
        target = resolve(out, path)
        if target is not None and target.is_dir():
            if path and not path.endswith("/"):   # the pages' relative links need the slash
                self.redirect("/" + "/".join(quote(part) for part in path.split("/") if part) + "/")
                return
            target = resolve(out, path + "/index.html")
        if problems and _is_page(path):
            self._send(500, error_page(problems), "text/html; charset=utf-8", version)
            return
        # Nothing of the last site is served as if current (its data may hold a quote no longer in its
        # source), but the stylesheet the error page asks for by an address of its own.
        if problems and (path != ERROR_STYLE or self.request.query != ERROR_STYLE_QUERY):
            self._send(500, error_text(problems), "text/plain; charset=utf-8", version)
            return
        status = 200 if target is not None and target.is_file() else 404
        if status == 404:
            target = resolve(out, "404.html")
        body = _read(target)
        if body is None:
            self._send(404, b"Not found\n", "text/plain; charset=utf-8", version)
            return
        self._send(status, body, _content_type(target), version)

    def _send(self, status: int, body: bytes, content_type: str, version: str) -> None:
        if content_type.startswith("text/html"):
            body = with_reload_script(body, version, self.preview.port)
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.finish(body)


class NoStore(web.OutputTransform):
    """Forbid the browser to keep any response, so it never shows an old copy of a page."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        headers["Cache-Control"] = "no-store"
        return status_code, headers, chunk


def resolve(out: Path, url_path: str) -> Path | None:
    """Return the file or folder `url_path` names inside `out`, links followed; None if outside or missing."""
    parts = [part for part in url_path.split("/") if part]
    if any(part in (".", "..") or "\0" in part for part in parts):
        return None
    target = Path(os.path.realpath(out.joinpath(*parts)))
    if not target.is_relative_to(out) or not target.exists():
        return None
    return target


def with_reload_script(page: bytes, version: str, port: int) -> bytes:
    """Add livereload's script to a page, at the end of its body."""
    # An external script from this origin passes the site's Content-Security-Policy (script-src 'self'),
    # which blocks the inline loader livereload injects on its own.
    tag = f'<script src="/livereload.js?port={port}&amp;snipver={version}"></script>\n'.encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


ERROR_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'none'">
<title>The site does not build</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/{style}?{query}">
</head>
<body>
<header class="site"><p class="brand">Preview</p></header>
<main id="main">
<h1>The site does not build</h1>
<p class="lede">{count} error{s} to fix. Save the fix and this page goes back to the site by itself.</p>
<ul class="editors">
{items}
</ul>
</main>
</body>
</html>
"""


def error_page(problems: tuple[str, ...]) -> bytes:
    """Return the page shown in place of every page while the site does not build."""
    items = "\n".join(f"<li><code>{html.escape(problem)}</code></li>" for problem in problems)
    return ERROR_PAGE.format(count=len(problems), s="" if len(problems) == 1 else "s", items=items,
                             style=ERROR_STYLE, query=ERROR_STYLE_QUERY).encode()


def error_text(problems: tuple[str, ...]) -> bytes:
    """Return what is served in place of every other file while the site does not build."""
    count = f"{len(problems)} error{'' if len(problems) == 1 else 's'}"
    lines = "".join(f"{problem}\n" for problem in problems)
    return f"The site does not build: {count} to fix.\n{lines}".encode()


def _log_nothing(handler: web.RequestHandler) -> None:
    """Log no request: the terminal is for what the builds say."""


def _is_page(url_path: str) -> bool:
    name = url_path.rsplit("/", 1)[-1]
    return "." not in name or name.endswith((".html", ".htm"))


def _read(path: Path | None) -> bytes | None:
    try:
        return path.read_bytes() if path is not None else None
    except OSError:   # removed by a rebuild since it was found
        return None


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def _stamps(path: str, ignore: Callable | None) -> dict[str, tuple[int, int, int]]:
    """Return {file: (mtime, size, inode)} for every file under `path` an editor may save."""
    if os.path.isfile(path):
        found = [path]
    else:
        # Linked folders are followed, as the build follows them; each real folder is walked once.
        found, seen = [], set()
        for folder, dirs, files in os.walk(path, followlinks=True):
            real = os.path.realpath(folder)
            if real in seen:
                dirs[:] = []
                continue
            seen.add(real)
            dirs[:] = [name for name in dirs if not is_scratch(name)]
            found.extend(os.path.join(folder, name) for name in files if not is_scratch(name))
    stamps = {}
    for name in found:
        if ignore and ignore(name):
            continue
        try:
            stat = os.stat(name)
        except OSError:   # removed since it was listed
            continue
        stamps[name] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return stamps


def _import_problem(root: Path, stderr: str) -> str:
    """Turn the traceback of a failed import into one `path:line: message` line."""
    lines = stderr.strip().splitlines()
    message = lines[-1] if lines else "the engine cannot be imported"
    for name, line in reversed(re.findall(r'File "([^"]+)", line (\d+)', stderr)):
        if Path(name).resolve().is_relative_to(root):
            return f"{Path(name).resolve().relative_to(root).as_posix()}:{line}: {message}"
    return f"{ENGINE}:1: {message}"


def _listen_error(err: OSError, port: int) -> str:
    if err.errno == errno.EADDRINUSE:
        return f"port {port} is already in use; stop the program using it or choose another with --port"
    if err.errno == errno.EACCES:
        return "permission denied; ports below 1024 need privileges, choose another with --port"
    return err.strerror or str(err)


def _names(root: Path, paths: list[Path]) -> str:
    shown = [path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path) for path in paths]
    return shown[0] + (f" and {len(shown) - 1} more" if len(shown) > 1 else "") if shown else "nothing"


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(path) + "/"


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
