"""Build, check or preview the explainer site.

    python build.py [--out DIR] [--site-url URL]      build the site into dist/
    python build.py check                             verify the content, write nothing
    python build.py serve [--host H] [--port P]       preview with live reload
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="build.py", description="Build the explainer site.")
    parser.add_argument("command", nargs="?", default="build", choices=["build", "check", "serve"],
                        help="build (the default), check, or serve")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: dist/)")
    parser.add_argument("--site-url", default=None, help="the public URL, for canonical links and the sitemap")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--host", default="127.0.0.1", help="serve: address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="serve: port (default 8000)")
    parser.add_argument("--debug", action="store_true", help="show a traceback for an unexpected failure")
    args = parser.parse_args(argv)
    # As site.yaml's site_url is checked: the address goes into every page's links and the sitemap.
    from explainer.siteurl import site_url_problem
    wrong = site_url_problem(args.site_url) if args.site_url is not None else None
    if wrong:
        parser.error(f"--site-url '{args.site_url}' {wrong}")
    if not 0 < args.port < 65536:
        parser.error(f"--port must be between 1 and 65535, got {args.port}")
    # The reproducible builds convention: the date the content stands at, in seconds since 1970. A value
    # that is none is an error, not a reason to date the site otherwise.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch and not (epoch.isascii() and epoch.isdigit() and int(epoch) < 253402300800):   # before the year 10000
        parser.error(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got '{epoch}'")
    return args


def main(argv: list[str] | None = None) -> int:
    # First of all: stopped by Ctrl-C or by another program at any moment from here on (starting up,
    # building, reporting), the run unwinds to one message. The last site stays as it was, and what
    # was written for this one is kept aside for the next, not left lying about. The signals are held
    # until the output folder is known, for the message to say what became of it.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    previous = _catch_stops()
    command = out = last_site = None
    try:
        try:
            args = parse_args(sys.argv[1:] if argv is None else argv)
            command, root = args.command, args.root.resolve()
            out = (args.out or root / "dist").resolve()
            last_site = _folder_id(out)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)   # a stop that came meanwhile is raised here
            return run(args, root, out)
        finally:
            _ignore_stops()   # the run is over: what it did is what this process reports
    except KeyboardInterrupt as stop:
        return _report_stop(stop, command, out, last_site)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)   # after a usage error, say
        if __name__ != "__main__":   # called by other code, which keeps its own handlers; the script ends here
            for number, handler in previous.items():
                signal.signal(number, handler)


def run(args: argparse.Namespace, root: Path, out: Path) -> int:
    """Run the command `args` ask for; return the exit status."""
    try:
        problem = unsafe_output(root, out)
    except OSError as err:   # a name the system cannot hold, a folder it may not look into
        problem = err.strerror or str(err)
    if problem:
        print(f"build.py: --out {out}: {problem}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.command == "build" and __name__ == "__main__":
        # A run of the program ends in os._exit, which frees nothing. A build keeps the collector off while it
        # runs (see pipeline._single_build); turned back on, it would walk every object the build made
        # once more, to free none of them: a tenth of a second at 4,000 pages, after the site is written.
        gc.disable()
    if args.command == "build":
        # Checked before the engine is even imported: an unchanged project costs a few stat calls.
        from explainer.stamp import Stamp, now_ns
        stamp, started_ns = Stamp(root, out, {"site_url": args.site_url}), now_ns()
        warnings = stamp.fresh()
        if warnings is not None:
            for warning in warnings:
                print(warning, file=sys.stderr)
            print(f"{_shown(out)} is up to date")
            return 0
    from explainer.warm import input_folders, warming
    # Asked for before the engine is imported: on a machine that let go of the files, importing it
    # waits on the disk, and the process that asks for the inputs gets that time to itself.
    with warming(input_folders(root)) if args.command != "serve" else contextlib.nullcontext():
        from explainer.problems import ContentError
        from explainer import pipeline

        try:
            if args.command == "serve":
                from explainer import serve
                return serve.main(root, out, args.host, args.port, args.site_url)
            if args.command == "check":
                built = pipeline.build(root, args.site_url)
                _print_warnings(built)
                print(f"ok: {len(built.content.facts)} facts, {len(built.pages)} pages, every quote found")
                return 0
            built = pipeline.build_into(out, root, args.site_url)
            if __name__ == "__main__":   # left for the process's end (see there) to free, not freed here object by object
                _left_to_the_end.append(built)
            _print_warnings(built)
            stamp.save(started_ns, [str(w) for w in built.warnings], built.files)
            elapsed = time.perf_counter() - started
            print(f"built {len(built.pages)} pages into {_shown(out)} in {elapsed:.2f} s")
            return 0
        except ContentError as err:
            found = err.problems
            for problem in [*found, *err.warnings]:
                print(problem, file=sys.stderr)
            print(f"{len(found)} error(s); nothing was written", file=sys.stderr)
            return 1
        except BrokenPipeError:   # whoever read what we print stopped reading (`build.py | head -1`); the build is done
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())   # so that what is left to print goes nowhere
            return 0
        except OSError as err:   # the disk, not the content (whose files are reported as problems): full, or no such place
            if args.debug:
                raise
            where = f": {err.filename}" if err.filename else ""
            if args.command == "build":
                print(f"build.py: cannot write the site: {err.strerror or err}{where}; {_shown(out)} was left as it was",
                      file=sys.stderr)
            else:
                print(f"build.py: {err.strerror or err}{where}", file=sys.stderr)
            return 1
        except Exception as err:  # the last resort: an editor gets one line, a developer gets --debug
            if args.debug:
                raise
            print(f"build.py: internal error: {type(err).__name__}: {err} (run with --debug for details)",
                  file=sys.stderr)
            return 1


_left_to_the_end: list = []   # what a run of the program made, which its end frees at once (see there)


class Stopped(KeyboardInterrupt):
    """A request to stop (Ctrl-C, or SIGTERM from another program), unwound as Ctrl-C is."""

    @property
    def signum(self) -> int:
        return self.args[0]


_stoppable = False   # whether a request to stop unwinds the run now (see _stopped)


def _catch_stops() -> dict:
    """From now on, unwind the run on Ctrl-C or SIGTERM, as a Stopped naming the signal; return the
    handlers replaced."""
    global _stoppable
    _stoppable = True
    previous = {signal.SIGTERM: signal.signal(signal.SIGTERM, _stopped),
                signal.SIGALRM: signal.signal(signal.SIGALRM, _stopped_later)}
    # Started in the background by a shell without job control, the build inherits Ctrl-C ignored: so it stays.
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, _stopped)
    return previous


def _ignore_stops() -> None:
    global _stoppable, _deferred
    _stoppable, _deferred = False, None
    signal.setitimer(signal.ITIMER_REAL, 0)


_deferred: int | None = None   # a request to stop that came while a module was imported


def _stopped(signum, frame) -> None:
    """Raise Stopped on the first request to stop, and ignore any later one: raised again while the run
    unwinds, it would cut short its clean-up (the staging folder kept as the spare) or its message.

    Not inside the import machinery, whose callbacks print an exception raised in them and drop it: the
    stop is then raised a moment later (see _stopped_later), once the import is done.
    """
    global _stoppable, _deferred
    if not _stoppable:
        return
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            _deferred = signum
            signal.setitimer(signal.ITIMER_REAL, 0.005)
            return
        frame = frame.f_back
    _stoppable, _deferred = False, None
    raise Stopped(signum)


def _stopped_later(_signum, frame) -> None:
    if _deferred is not None:
        _stopped(_deferred, frame)


def _report_stop(stop: KeyboardInterrupt, command: str | None, out: Path | None, last_site) -> int:
    """Say what a stop left of the site; return the exit status."""
    if command == "build" and out is not None:
        # The site is swapped in at one stroke, at the very end: a stop can only come before or after it.
        kept = _folder_id(out) == last_site
        print(f"build.py: stopped; {_shown(out)} was left as it was" if kept else
              f"build.py: stopped, once the site was built into {_shown(out)}", file=sys.stderr)
    else:
        print("build.py: stopped", file=sys.stderr)
    if command == "serve":   # the preview stops with 0, as it does on Ctrl-C once it serves
        return 0
    return 128 + getattr(stop, "signum", signal.SIGINT)   # as a shell reports a process a signal ended


def _folder_id(folder: Path) -> tuple[int, int] | None:
    """Tell one folder from another by name: the site swapped in is another folder than the last."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _print_warnings(built) -> None:
    for warning in built.warnings:
        print(warning, file=sys.stderr)


def unsafe_output(root: Path, out: Path) -> str | None:
    """Say why `out` must not be written, or None. Writing replaces the whole folder."""
    if root.is_relative_to(out):
        return "it holds the project itself"
    if out.is_relative_to(root) and out != root:
        top = out.relative_to(root).parts[0]
        if top in ("content", "seeds", "templates", "assets", "explainer", "tests", "bench", ".git", ".github"):
            return f"it is inside the project's own {top}/ folder"
    if out.exists() and not out.is_dir():   # a file, or a device such as /dev/null: it would be replaced
        return "it is a file, not a folder; the site is built into a folder of its own"
    above = next((parent for parent in out.parents if parent.exists()), None)
    if above is not None and not above.is_dir():
        return f"{above} is a file, not a folder"
    if out.is_dir() and any(out.iterdir()) and not _built_here(out):
        return "it is a folder with other files in it, not a built site; choose an empty or new folder"
    return None


def _built_here(out: Path) -> bool:
    """Tell a site this tool built, which a build may replace whole, from a folder that merely holds
    an index.html: the build writes a .nojekyll file into every site, and a stamp beside it."""
    return (out / ".nojekyll").is_file() and ((out / "index.html").is_file() or (out / "404.html").is_file()) \
        or (out.parent / f".{out.name}.stamp.json").is_file()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(path) + "/"


if __name__ == "__main__":
    status = main()
    # Everything is written and closed: freeing the build's objects one by one, as Python does at
    # exit, would only cost time (a tenth of a second for a large site), so the process ends here.
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:   # None when Python was started with the descriptor closed
                stream.flush()
        except OSError:   # a pipe closed early: exit as Python itself would after a failed flush
            status = status or 120
    os._exit(status)
