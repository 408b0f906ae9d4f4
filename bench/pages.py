"""Benchmark: Taut's clinical pages as a ratio to a hello-world Django view, in one run.

Seeds the demo clinics into a throwaway SQLite database (or the PostgreSQL of DATABASE_URL, which
must be empty), serves them with gunicorn as ``taut serve`` does (2 workers x 4 threads), signs
in as the demo clinician and, for each page, keeps ``CONNECTIONS`` keep-alive connections busy for
``SECONDS`` seconds, twice, alternating with the hello-world view (``bench/urls_bench.py``) so
that both see the same machine. Reports requests per second, p50 and p95 latency, the ratio of
requests per second to hello-world's, errors and the page's size.

    .venv/bin/python bench/pages.py [SECONDS] [CONNECTIONS]
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="taut-bench-pages-")
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare() -> dict[str, str]:
    """Migrate, collect the static files, seed the demo, and find the pages to measure (the busiest patient's)."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=ENV, check=True)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=ENV, check=True)  # noqa: S603
    subprocess.run([*manage, "seed_demo"], env=ENV, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    import django

    django.setup()
    from django.db.models import Count
    from django.urls import reverse

    from taut.sessions.models import NeedlingSession

    busiest = (
        NeedlingSession.objects.filter(status="signed", clinic__name="Taut Demo Clinic")
        .values("episode")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    session = NeedlingSession.objects.filter(episode=busiest["episode"], status="signed").first()
    return {
        "hello": "/bench/hello/",
        "chart": reverse("chart:patient", args=[session.patient.public_id]),
        "outcomes": reverse("outcomes:episode", args=[session.episode.public_id]),
        "session": reverse("sessions:detail", args=[session.public_id]),
        "week": reverse("appointments:week"),
        "patients": reverse("patients:list"),
        "my_day": reverse("chart:my_day"),
    }


def log_in(base: str) -> str:
    import requests

    client = requests.Session()
    page = client.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    client.post(
        f"{base}/accounts/login/",
        data={
            "username": "clinician@clinic-a.example",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    )
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


async def one_connection(
    port: int, request: bytes, until: float, latencies: list[float], errors: list[str]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(str(status))
            if re.search(rb"(?i)connection: close", head):
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


async def load(
    port: int, path: str, cookie: str, seconds: float, connections: int
) -> dict[str, float]:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
        "Accept: text/html\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    errors: list[str] = []
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(
        *(one_connection(port, request, until, latencies, errors) for _ in range(connections))
    )
    took = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    return {
        "rps": len(latencies) / took,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(len(ordered) * 0.95) - 1 if len(ordered) > 1 else 0] * 1000,
        "errors": len(errors),
    }


def page_size(port: int, path: str, cookie: str) -> int:
    import requests

    return len(
        requests.get(
            f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie}, timeout=60
        ).content
    )


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    pages = prepare()
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "taut.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        env=ENV,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        cookie = log_in(base)
        load_avg = os.getloadavg()[0]
        results: dict[str, list[dict[str, float]]] = {}
        hello: list[dict[str, float]] = []
        for name, path in pages.items():
            if name == "hello":
                continue
            for _ in range(2):  # alternate with hello-world so both see the same machine
                hello.append(asyncio.run(load(port, "/bench/hello/", cookie, seconds, connections)))
                results.setdefault(name, []).append(
                    asyncio.run(load(port, path, cookie, seconds, connections))
                )
        hello_rps = statistics.median(h["rps"] for h in hello)
        database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        say(
            f"\n{database}, {connections} connections, {seconds:.0f} s per run, load average {load_avg:.1f} at start"
        )
        say(
            f"{'page':10} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6} {'KiB':>6}"
        )
        say(
            f"{'hello':10} {hello_rps:8.1f} {'100 %':>7} {statistics.median(h['p50_ms'] for h in hello):8.1f} {statistics.median(h['p95_ms'] for h in hello):8.1f} {sum(h['errors'] for h in hello):6.0f}"
        )
        for name, runs in results.items():
            rps = statistics.median(r["rps"] for r in runs)
            say(
                f"{name:10} {rps:8.1f} {100 * rps / hello_rps:6.1f}% "
                f"{statistics.median(r['p50_ms'] for r in runs):8.1f} "
                f"{statistics.median(r['p95_ms'] for r in runs):8.1f} "
                f"{sum(r['errors'] for r in runs):6.0f} {page_size(port, pages[name], cookie) / 1024:6.0f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
