"""`islandrun serve` for tests, forked from one interpreter that has already imported what the daemon imports.

A test daemon used to be a fresh interpreter (``islandrun serve`` in a subprocess), and each paid about 1.2 s of CPU
importing FastAPI, pydantic and the daemon's own modules before doing anything: a tenth of the suite's time. Here one
helper interpreter per test session imports them once (``islandrun.core.cli.main`` and ``islandrun.core.daemon.server``,
the modules ``islandrun serve`` has loaded when it starts; nothing runs, no thread starts) and forks a child for each
daemon a test asks for. The child then runs what the ``islandrun`` console script runs, ``main()`` with the test's
argv, environment and working directory, stdout and stderr on the test's pipe; everything after the imports (config,
MIST's warm-up, the listeners, the model) happens in the child exactly as in a fresh process. The child exits as the
interpreter would: non-daemon threads joined, then the ``atexit`` handlers.

What a fork cannot give, and where the tests still exec the real console script (``Daemon.start`` decides):
- a daemon started under a prefix (``ip netns exec …``: another network namespace);
- an environment that differs from the helper's in a variable read when a module is imported
  (``IMPORT_TIME_ENV``);
- ``ISLANDRUN_TEST_EXEC_SERVE=1`` in the environment (every daemon exec'd: the old way, to compare).
The tray app's tests start their daemons through the app's own code (app/daemon_process.py), the packaging tests
through the installed package: both exec, as users do.

:class:`ForkedServe` is the part of :class:`subprocess.Popen` the tests use (``pid``, ``poll``, ``wait``,
``send_signal``, ``terminate``, ``kill``, ``communicate``, ``returncode``, ``stdout``). Signals go to the child's pid;
its exit status comes from the helper, which is its parent and reaps it.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

# Environment variables a module reads when it is imported (a forked child would keep the helper's value).
IMPORT_TIME_ENV = ("ISLANDRUN_STRICT_API",)
# Per-test folders: the helper imports with none of them, each child gets its own from the test.
_PER_TEST_ENV = ("ISLANDRUN_CONFIG_DIR", "ISLANDRUN_DATA_DIR", "ISLANDRUN_RUNTIME_DIR", "ISLANDRUN_CONFIG")

_HELPER = r"""
import atexit, json, os, select, signal, socket, sys, threading, traceback

import islandrun.core.cli.main as cli_main
import islandrun.core.daemon.server  # noqa: F401 - what `islandrun serve` imports when it starts

assert threading.active_count() == 1, "a thread started during the imports: forking would copy a broken lock"
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(sys.argv[1])
listener.listen(64)
wake_r, wake_w = os.pipe()
os.set_blocking(wake_r, False)
os.set_blocking(wake_w, False)
signal.set_wakeup_fd(wake_w)
signal.signal(signal.SIGCHLD, lambda *_: None)
children = {}  # pid -> the connection its exit status goes back on
sys.stdout.write("ready\n")
sys.stdout.flush()


def run_child(request, out_fd):
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(number, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_fd, 1)
        os.dup2(out_fd, 2)
        os.close(null)
        os.close(out_fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = request["argv"]
        try:
            cli_main.main()
            code = 0
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        threading._shutdown()  # as the interpreter does at exit: join the non-daemon threads ...
        atexit._run_exitfuncs()  # ... then the atexit handlers
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        os._exit(code)


def serve_one(conn):
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 1)
    while not data.endswith(b"\n"):
        more = conn.recv(1 << 16)
        if not more:
            raise EOFError("the request was cut short")
        data += more
    request = json.loads(data)
    pid = os.fork()
    if pid == 0:
        listener.close()
        os.close(wake_r)
        os.close(wake_w)
        for other in children.values():
            other.close()
        conn.close()
        sys.stdin.close()
        run_child(request, fds[0])
    os.close(fds[0])
    children[pid] = conn
    conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def reap():
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = children.pop(pid, None)
        if conn is not None:
            try:
                conn.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
            except OSError:
                pass
            conn.close()


while True:
    ready, _, _ = select.select([listener, wake_r, sys.stdin], [], [], 1.0)
    if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1):
        break  # the test session ended
    if wake_r in ready:
        try:
            while os.read(wake_r, 512):
                pass
        except BlockingIOError:
            pass
    if listener in ready:
        conn, _ = listener.accept()
        try:
            serve_one(conn)
        except Exception:
            traceback.print_exc()
            conn.close()
    reap()
for pid in list(children):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
"""


class _Helper:
    """The session's one helper interpreter, started on first use and stopped when the test process exits."""

    def __init__(self) -> None:
        self._dir = tempfile.mkdtemp(prefix="islandrun-serve-")
        self.socket_path = str(Path(self._dir) / "fork.sock")
        env = {k: v for k, v in os.environ.items() if k not in _PER_TEST_ENV}
        self.env = env
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _HELPER, self.socket_path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=self._dir,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if line != b"ready\n":
            self.proc.kill()
            raise RuntimeError(f"the preloaded islandrun serve helper did not start: {line!r}")
        atexit.register(self.stop)

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        Path(self.socket_path).unlink(missing_ok=True)
        os.rmdir(self._dir)


_helper: _Helper | None = None
_helper_lock = threading.Lock()


def forkable(env: dict[str, str]) -> bool:
    """Whether a daemon with this environment can be forked from the helper (see the module's docstring)."""
    if os.environ.get("ISLANDRUN_TEST_EXEC_SERVE") == "1" or sys.platform != "linux":
        return False
    reference = _helper.env if _helper is not None else os.environ
    return all(env.get(k) == reference.get(k) for k in IMPORT_TIME_ENV)


class ForkedServe:
    """A daemon forked from the helper, with the part of :class:`subprocess.Popen` the tests use."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: str | None = None) -> None:
        global _helper
        with _helper_lock:
            if _helper is None or _helper.proc.poll() is not None:
                _helper = _Helper()
            helper = _helper
        self.args = args
        self.returncode: int | None = None
        read_fd, write_fd = os.pipe()
        self._conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._conn.connect(helper.socket_path)
        request = {"argv": ["islandrun", *args[1:]], "env": env, "cwd": cwd or os.getcwd()}
        socket.send_fds(self._conn, [json.dumps(request).encode() + b"\n"], [write_fd])
        os.close(write_fd)
        self._buffer = b""
        self.pid: int = self._message()["pid"]
        self.stdout: IO[str] = os.fdopen(read_fd, "r", errors="replace")

    def _message(self, timeout: float | None = None) -> dict[str, int]:
        """The helper's next line; ``{}`` when none came within ``timeout``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self._conn], [], [], left)
            if not ready:
                return {}
            chunk = self._conn.recv(4096)
            if not chunk:
                raise RuntimeError("the preloaded islandrun serve helper went away")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)  # type: ignore[no-any-return]

    def _take_exit(self, timeout: float | None) -> int | None:
        """The exit status if the helper reports it within ``timeout``."""
        if self.returncode is None:
            exit_code = self._message(timeout=timeout).get("exit")
            if exit_code is not None:
                self.returncode = exit_code
                self._conn.close()
        return self.returncode

    def poll(self) -> int | None:
        return self._take_exit(timeout=0)

    def wait(self, timeout: float | None = None) -> int:
        code = self._take_exit(timeout)
        if code is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0.0)
        return code

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def communicate(self, timeout: float | None = None) -> tuple[str, None]:
        """Read stdout to its end while waiting for the exit, as Popen.communicate does (no stdin)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        open_out = not self.stdout.closed  # a second communicate(), as Popen allows, finds it closed
        fd = self.stdout.fileno() if open_out else -1
        chunks: list[bytes] = []
        while open_out or self.returncode is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(self.args, timeout or 0.0)
            watch = ([fd] if open_out else []) + ([self._conn] if self.returncode is None else [])
            ready, _, _ = select.select(watch, [], [], left)
            if fd in ready:
                chunk = os.read(fd, 1 << 16)
                if chunk:
                    chunks.append(chunk)
                else:
                    open_out = False
            if self.returncode is None and self._conn in ready:
                self._take_exit(timeout=0.5)
        if not self.stdout.closed:
            self.stdout.close()
        return b"".join(chunks).decode(errors="replace"), None
