"""Benchmark: a clinician's day as a mix of requests, many connections at once, reads and writes.

The demo clinics, served by gunicorn (``WORKERS`` x ``THREADS``, default 2 x 4 as ``taut serve``),
two staff of the demo clinic signed in (clinician and owner); ``CONNECTIONS`` keep-alive connections for ``SECONDS``,
each choosing its next request at random in these shares:

* patient chart 35 % (any demo patient with an episode), patient list and name search 20 %,
  week calendar 15 %, episode outcomes 15 %, a signed session's page 15 %;
* and on top, writes: 4 % questionnaires submitted (an NPRS through the API) and 1 % needling
  sessions recorded and signed through the API (each a save and a sign, for patients the gate
  lets through, each once; then a questionnaire instead).

Reports requests per second, p50, p95 and p99 latency overall and by kind, errors by kind,
"database is locked" in the server's log, and, in the same run, the disk's fsync rate and how
fast one connection can sign questionnaires one after another (durable writes).

    .venv/bin/python bench/day_mix.py [SECONDS] [CONNECTIONS] [WORKERS] [THREADS]
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlencode

from harness import (
    DATABASE,
    TMP,
    Call,
    Login,
    fsync_rate,
    load,
    log_in,
    say,
    seed_demo,
    served,
    summary,
)

READS = {"chart": 35, "list": 20, "week": 15, "outcomes": 15, "session": 15}
QUESTIONNAIRE_SHARE, SESSION_SHARE = 0.04, 0.01
STAFF = ("clinician@clinic-a.example", "owner@clinic-a.example")
SESSION = {
    "new_red_flags": False,
    "medication_changes": False,
    "side_effects_since_last": False,
    "nprs_before": 6,
    "position": "prone",
    "skin_cleaned": True,
    "single_use_sterile_needles": True,
    "insertions": [
        {
            "muscle": "gluteus_medius",
            "side": "left",
            "needle_gauge_mm": "0.30",
            "needle_length_mm": 50,
            "needle_count": 1,
            "depth_mm": 30,
            "technique": "static",
            "retention_minutes": 10,
        }
    ],
    "needles_out": 1,
    "nprs_after": 4,
    "side_effects": [],
}


def targets() -> dict[str, list[str]]:
    """Paths of the demo clinic to read, and episodes to write to."""
    from django.urls import reverse

    from taut.clinics.actor import Actor
    from taut.clinics.models import Membership
    from taut.episodes.models import Episode
    from taut.sessions.gate import patient_gate
    from taut.sessions.models import NeedlingSession

    membership = Membership.objects.select_related("clinic", "user").get(user__email=STAFF[0])
    actor = Actor(user=membership.user, membership=membership, address=None)
    episodes = list(
        Episode.objects.filter(clinic=actor.clinic, status="active").select_related("patient")
    )
    sessions = NeedlingSession.objects.filter(clinic=actor.clinic, status="signed")
    treated_today = set(
        sessions.filter(performed_on=actor.today()).values_list("episode_id", flat=True)
    )
    ready = [
        e
        for e in episodes
        if e.pk not in treated_today and not patient_gate(actor, e.patient).blocked
    ]
    surnames = sorted({e.patient.family_name[:4] for e in episodes})
    return {
        "chart": [reverse("chart:patient", args=[e.patient.public_id]) for e in episodes],
        "list": [reverse("patients:list")]
        + [f"{reverse('patients:list')}?{urlencode({'q': name})}" for name in surnames],
        "week": [reverse("appointments:week")],
        "outcomes": [reverse("outcomes:episode", args=[e.public_id]) for e in episodes],
        "session": [reverse("sessions:detail", args=[s.public_id]) for s in sessions[:200]],
        "questionnaire": [f"/api/episodes/{e.public_id}/responses" for e in episodes],
        "ready": [str(e.public_id) for e in ready],
    }


def sign(saved: bytes) -> Call:
    """Sign the session just saved."""
    session = json.loads(saved)["id"]
    return Call("session signed", "POST", f"/api/sessions/{session}/sign", b"{}")


def chooser(paths: dict[str, list[str]], ready: list[str], seed: int) -> Callable[[], list[Call]]:
    rng = random.Random(seed)  # noqa: S311 - a benchmark's mix, not a secret
    kinds, weights = list(READS), list(READS.values())
    nprs = json.dumps({"instrument": "nprs", "answers": [rng.randint(0, 10)]}).encode()

    def next_calls() -> list[Call]:
        roll = rng.random()
        if roll < SESSION_SHARE and ready:
            episode = ready.pop()
            return [
                Call(
                    "session saved",
                    "POST",
                    f"/api/episodes/{episode}/sessions",
                    json.dumps(SESSION).encode(),
                    follow=sign,
                )
            ]
        if roll < SESSION_SHARE + QUESTIONNAIRE_SHARE:
            return [Call("questionnaire", "POST", rng.choice(paths["questionnaire"]), nprs)]
        kind = rng.choices(kinds, weights)[0]
        return [Call(kind, "GET", rng.choice(paths[kind]))]

    return next_calls


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 30
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    seed_demo()
    paths = targets()
    ready = list(paths["ready"])
    with served(workers, threads) as (port, log):
        logins = [log_in(port, email) for email in STAFF]
        load_avg = os.getloadavg()[0]
        disk = fsync_rate(TMP)
        serial = load(port, logins[0], 5, 1, lambda n: chooser_writes(paths, n))
        mixed = load(
            port,
            logins[0],
            seconds,
            connections,
            lambda n: with_login(chooser(paths, ready, n), logins[n % len(logins)]),
        )
        locked = log.read_text().count("database is locked")
    overall = summary(mixed.all_latencies(), mixed.took)
    say(
        f"\n{DATABASE}, {connections} connections, {seconds:.0f} s, gunicorn {workers} x {threads}, "
        f"load average {load_avg:.1f} at start"
    )
    say(
        f"all: {overall['rps']:.1f} req/s, p50 {overall['p50_ms']:.0f} ms, p95 {overall['p95_ms']:.0f} ms, "
        f"p99 {overall['p99_ms']:.0f} ms, {mixed.error_count()} errors, "
        f'{locked} "database is locked"'
    )
    say(f"{'kind':16} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for label, times in sorted(mixed.latencies.items()):
        row = summary(times, mixed.took)
        errors = mixed.errors.get(label, [])
        say(
            f"{label:16} {len(times):6d} {row['p50_ms']:8.0f} {row['p95_ms']:8.0f} {len(errors):7d}"
            + (f"  ({', '.join(sorted(set(errors)))})" if errors else "")
        )
    one = summary(serial.all_latencies(), serial.took)
    say(
        f"durable writes, one connection: {one['rps']:.0f} questionnaires/s "
        f"(p50 {one['p50_ms']:.1f} ms); disk: {disk:.0f} fsync/s"
    )


def chooser_writes(paths: dict[str, list[str]], seed: int) -> Callable[[], list[Call]]:
    rng = random.Random(seed)  # noqa: S311
    body = json.dumps({"instrument": "nprs", "answers": [5]}).encode()
    return lambda: [Call("questionnaire", "POST", rng.choice(paths["questionnaire"]), body)]


def with_login(next_calls: Callable[[], list[Call]], login: Login) -> Callable[[], list[Call]]:
    """Calls for one connection, sent as ``login`` (the staff member at that tablet)."""
    return lambda: [replace(c, login=login) for c in next_calls()]


if __name__ == "__main__":
    main()
