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

import os
import statistics
import sys

from harness import DATABASE, Call, load, log_in, say, seed_demo, served


def pages() -> dict[str, str]:
    """The pages to measure: the busiest demo patient's."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate
    from django.urls import reverse

    from taut.appointments.models import Appointment
    from taut.sessions.models import NeedlingSession

    busiest = (
        NeedlingSession.objects.filter(status="signed", clinic__name="Taut Demo Clinic")
        .values("episode")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    session = NeedlingSession.objects.filter(episode=busiest["episode"], status="signed").first()
    # The demo clinician's fullest day (the demo's "today" may have passed in the clinic's zone).
    day = (
        Appointment.objects.filter(clinician__email="clinician@clinic-a.example")
        .annotate(day=TruncDate("starts_at", tzinfo=session.clinic.zone))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("-n", "-day")
        .first()["day"]
    )
    return {
        "chart": reverse("chart:patient", args=[session.patient.public_id]),
        "outcomes": reverse("outcomes:episode", args=[session.episode.public_id]),
        "session": reverse("sessions:detail", args=[session.public_id]),
        "week": reverse("appointments:week"),
        "patients": reverse("patients:list"),
        "my_day": f"{reverse('chart:my_day')}?date={day.isoformat()}",
    }


def page_size(port: int, path: str, cookie: str) -> int:
    import requests

    url = f"http://127.0.0.1:{port}{path}"
    return len(requests.get(url, headers={"Cookie": cookie}, timeout=60).content)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    seed_demo()
    measured = pages()
    with served() as (port, _log):
        login = log_in(port)
        load_avg = os.getloadavg()[0]

        def run(label: str, path: str) -> dict[str, float]:
            call = [Call(label, "GET", path)]
            tally = load(port, login, seconds, connections, lambda _n: lambda: call)
            ordered = tally.all_latencies()
            return {
                "rps": len(ordered) / tally.took,
                "p50_ms": statistics.median(ordered) * 1000,
                "p95_ms": ordered[int(len(ordered) * 0.95) - 1] * 1000,
                "errors": tally.error_count(),
            }

        results: dict[str, list[dict[str, float]]] = {}
        hello: list[dict[str, float]] = []
        for name, path in measured.items():
            for _ in range(2):  # alternate with hello-world so both see the same machine
                hello.append(run("hello", "/bench/hello/"))
                results.setdefault(name, []).append(run(name, path))
        hello_rps = statistics.median(h["rps"] for h in hello)
        say(
            f"\n{DATABASE}, {connections} connections, {seconds:.0f} s per run, "
            f"load average {load_avg:.1f} at start"
        )
        say(
            f"{'page':10} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6} {'KiB':>6}"
        )
        say(
            f"{'hello':10} {hello_rps:8.1f} {'100 %':>7} "
            f"{statistics.median(h['p50_ms'] for h in hello):8.1f} "
            f"{statistics.median(h['p95_ms'] for h in hello):8.1f} "
            f"{sum(h['errors'] for h in hello):6.0f}"
        )
        for name, runs in results.items():
            rps = statistics.median(r["rps"] for r in runs)
            say(
                f"{name:10} {rps:8.1f} {100 * rps / hello_rps:6.1f}% "
                f"{statistics.median(r['p50_ms'] for r in runs):8.1f} "
                f"{statistics.median(r['p95_ms'] for r in runs):8.1f} "
                f"{sum(r['errors'] for r in runs):6.0f} "
                f"{page_size(port, measured[name], login.cookie) / 1024:6.0f}"
            )


if __name__ == "__main__":
    main()
