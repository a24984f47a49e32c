"""Run `python build.py serve` in a project copy and talk to it, for the preview's tests and timings."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

LAW = Path("content/facts/law.yaml")
MARKER = re.compile(r" mark\d+x")


def free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.01):
    """Call `check` until it returns something true, and return that; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` with `new` once in a file, as an editor saving it would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_marker(project: Path, number: int) -> str:
    """Put a marker word at the end of the first one-line claim of law.yaml; return the marker."""
    path = project / LAW
    text, marker = marked(path.read_text(encoding="utf-8"), number)
    path.write_text(text, encoding="utf-8")
    return marker


def marked(text: str, number: int) -> tuple[str, str]:
    """Return facts text with marker `number` at the end of its first one-line claim, and the marker."""
    marker = f"mark{number}x"
    text, count = re.subn(r"^(\s*claim: (?![|>'\"]).*?)\.?$", lambda m: f"{m.group(1)} {marker}.",
                          MARKER.sub("", text), count=1, flags=re.M)
    assert count == 1, "law.yaml has no one-line claim to edit"
    return text, marker


def first_fact(project: Path) -> str:
    """Return the id of the first fact in law.yaml."""
    found = re.search(r"^- id: ([\w-]+)", (project / LAW).read_text(encoding="utf-8"), re.M)
    assert found, "law.yaml has no fact"
    return found.group(1)


def break_quote(project: Path) -> None:
    """Change the first quote of law.yaml so that its source no longer holds it."""
    text = (project / LAW).read_text(encoding="utf-8")
    found = re.search(r'quote: "', text)
    assert found, "law.yaml has no double-quoted quote to break"
    (project / LAW).write_text(text[:found.end()] + "Zanzibar " + text[found.end():], encoding="utf-8")


def fix_quote(project: Path) -> None:
    """Undo `break_quote`."""
    edit(project / LAW, 'quote: "Zanzibar ', 'quote: "')


class Response:
    """What the server answered: status, headers and body."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class ServeProcess:
    """`python build.py serve --port N` running in `project`, its output collected as it comes."""

    def __init__(self, project: Path, port: int | None = None, env: dict | None = None):
        self.project, self.port = project, port or free_port()
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--port", str(self.port)], cwd=project,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})})
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_ready(self, timeout: float = 60) -> ServeProcess:
        """Wait until the server has built the site and says where it serves it."""
        wanted = f"http://127.0.0.1:{self.port}/"
        wait_until(lambda: any(wanted in line for line in self.lines) or self.process.poll() is not None,
                   timeout, "the server to start")
        assert self.process.poll() is None, f"the server stopped:\n{self.output}"
        return self

    def wait(self, check, timeout: float, what: str):
        """Wait as `wait_until` does; on failure, show what the server printed."""
        try:
            return wait_until(check, timeout, what)
        except AssertionError as err:
            raise AssertionError(f"{err}; the server printed:\n{self.output}") from None

    def rebuilds(self) -> int:
        """Count the rebuilds the server has reported so far."""
        return sum(" changed: " in line for line in self.lines)

    def get(self, path: str, timeout: float = 10) -> Response:
        """Send GET `path` exactly as written (no normalising of `..`) and return the answer."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path)
            answer = connection.getresponse()
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
        finally:
            connection.close()

    def version(self, path: str = "/") -> str:
        """Return the version a served page carries in its reload script."""
        found = re.search(r"snipver=([\w-]+)", self.get(path).text)
        assert found, f"no reload script in {path}"
        return found.group(1)

    def stop(self, timeout: float = 30) -> int:
        """Press Ctrl-C and return the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"the server ignored Ctrl-C for {timeout} s:\n{self.output}")
        return self.process.returncode

    def __enter__(self) -> ServeProcess:
        try:
            return self.wait_ready()
        except BaseException:
            self.__exit__()
            raise

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
