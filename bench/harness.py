"""What the served benchmarks share: a throwaway demo database, Taut under gunicorn as
``taut serve`` runs it, signing in, and a keep-alive load generator (asyncio, standard library).

The database is a fresh SQLite file, or the PostgreSQL of ``DATABASE_URL`` (which must be
empty: the demo is seeded into it).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="taut-bench-")
ENV = {
    **os.environ,
    "TAUT_SECRET_KEY": "bench-only",
    "TAUT_DATA_DIR": TMP,
    "TAUT_SECURE_COOKIES": "false",
    "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
    "PYTHONPATH": str(ROOT),
}
os.environ.update({k: v for k, v in ENV.items() if k != "PYTHONPATH"})
PASSWORD = "needle-demo-2026"  # noqa: S105 - the demo's published password
DATABASE = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed_demo() -> None:
    """Migrate, collect the static files and seed the demo; then set Django up in this process."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=ENV, check=True)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=ENV, check=True)  # noqa: S603
    subprocess.run([*manage, "seed_demo"], env=ENV, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    import django

    django.setup()


@contextlib.contextmanager
def served(workers: int = 2, threads: int = 4) -> Iterator[tuple[int, Path]]:
    """Taut under gunicorn on a free port, until the block ends: (port, the server's log)."""
    port = free_port()
    log = Path(TMP) / f"gunicorn-{port}.log"
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "taut.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            env=ENV,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(150):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            yield port, log
        finally:
            server.terminate()
            server.wait(timeout=30)


@dataclass(frozen=True)
class Login:
    cookie: str  # the Cookie header
    csrf: str  # the X-CSRFToken header for unsafe API calls


def log_in(port: int, email: str = "clinician@clinic-a.example") -> Login:
    import requests

    base = f"http://127.0.0.1:{port}"
    client = requests.Session()
    page = client.get(f"{base}/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    client.post(
        f"{base}/accounts/login/",
        data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=60,
    )
    cookies = client.cookies.get_dict()
    return Login(
        cookie="; ".join(f"{k}={v}" for k, v in cookies.items()),
        csrf=cookies.get("taut_csrftoken", ""),
    )


@dataclass(frozen=True)
class Call:
    """One request of a load: its label (how results are grouped), method, path and JSON body;
    who sends it (else the load's login); and what to send next given its response body."""

    label: str
    method: str = "GET"
    path: str = "/"
    body: bytes = b""
    login: Login | None = None
    follow: Callable[[bytes], Call | None] | None = None


def raw(call: Call, login: Login) -> bytes:
    login = call.login or login
    head = (
        f"{call.method} {call.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {login.cookie}\r\n"
        "Accept: text/html,application/json\r\nConnection: keep-alive\r\n"
    )
    if call.method != "GET":
        head += (
            f"X-CSRFToken: {login.csrf}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(call.body)}\r\n"
        )
    return head.encode() + b"\r\n" + call.body


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    started: float = 0.0
    took: float = 0.0

    def add(self, label: str, seconds: float, status: int, expected: tuple[int, ...]) -> None:
        self.latencies.setdefault(label, []).append(seconds)
        if status not in expected:
            self.errors.setdefault(label, []).append(str(status))

    def all_latencies(self) -> list[float]:
        return sorted(t for ts in self.latencies.values() for t in ts)

    def count(self) -> int:
        return sum(len(ts) for ts in self.latencies.values())

    def error_count(self) -> int:
        return sum(len(es) for es in self.errors.values())


def percentile(ordered: list[float], share: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, int(len(ordered) * share + 0.5) - 1))]


def summary(latencies: list[float], took: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "rps": len(ordered) / took if took else 0.0,
        "p50_ms": (statistics.median(ordered) if ordered else 0.0) * 1000,
        "p95_ms": percentile(ordered, 0.95) * 1000,
        "p99_ms": percentile(ordered, 0.99) * 1000,
    }


async def _connection(
    port: int,
    next_calls: Callable[[], list[Call]],
    login: Login,
    until: float,
    tally: Tally,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            queue = list(next_calls())  # a unit of work: one request, or a write and its follow-up
            while queue:
                call = queue.pop(0)
                started = time.perf_counter()
                writer.write(raw(call, login))
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
                body = await reader.readexactly(length)
                expected = (200,) if call.method == "GET" else (200, 201)
                tally.add(call.label, time.perf_counter() - started, status, expected)
                if call.follow is not None and status in expected:
                    after = call.follow(body)
                    if after is not None:
                        queue.insert(0, after)
                if re.search(rb"(?i)connection: close", head):
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


def load(
    port: int,
    login: Login,
    seconds: float,
    connections: int,
    calls_for: Callable[[int], Callable[[], list[Call]]],
) -> Tally:
    """``connections`` keep-alive connections, each sending what ``calls_for(its number)`` gives
    it, for ``seconds``."""
    tally = Tally()

    async def run() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(
            *(_connection(port, calls_for(n), login, until, tally) for n in range(connections))
        )

    tally.started = time.perf_counter()
    asyncio.run(run())
    tally.took = time.perf_counter() - tally.started
    return tally


def fsync_rate(directory: str, seconds: float = 2.0) -> float:
    """Small appends each followed by fsync, per second, on the disk that holds ``directory``."""
    path = Path(directory) / "fsync-probe"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            os.write(fd, b"x" * 512)
            os.fsync(fd)
            done += 1
        return done / (time.perf_counter() - started)
    finally:
        os.close(fd)
        path.unlink()
