"""Benchmark: patient search and chart reads on a clinic with many patients.

Run with `make bench` (or `.venv/bin/python bench/patient_search.py [patients]`). It builds a
throwaway SQLite database (or uses DATABASE_URL), loads patients with episodes, and reports the
median time of the queries behind the patient list, a name search, a date-of-birth search and a
chart. Record the numbers in docs/performance.md.
"""

from __future__ import annotations

import importlib
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = tempfile.mkdtemp(prefix="taut-bench-")
os.environ.setdefault("TAUT_SECRET_KEY", "bench-only")
os.environ.setdefault("TAUT_DATA_DIR", TMP)
os.environ.setdefault("TAUT_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taut.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from taut.clinics.models import Role  # noqa: E402
from taut.clinics.services import add_staff, create_clinic  # noqa: E402
from taut.episodes.models import Episode, EpisodeDiagnosis  # noqa: E402
from taut.lib.text import digits, fold  # noqa: E402
from taut.patients.models import Patient  # noqa: E402

TRIGRAM_INDEXES = importlib.import_module("taut.patients.migrations.0002_trigram_search").INDEXES

SURNAMES = ["García", "Smith", "López", "Brown", "Núñez", "Taylor", "Díaz", "Wilson"]
GIVEN = ["Ana", "John", "María", "Liam", "Sara", "Omar", "Ingrid", "Tuan"]


def build(count: int) -> tuple[Client, Patient]:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    clinic = create_clinic(
        name="Bench",
        time_zone="UTC",
        owner_email="o@b.example",
        owner_name="O",
        owner_password="x",
        validate=False,
    )
    member = add_staff(
        clinic, email="c@b.example", full_name="C", role=Role.CLINICIAN, password="x"
    )
    patients = []
    for i in range(count):
        family, given = SURNAMES[i % 8] + str(i // 8), GIVEN[(i * 7) % 8]
        phone = f"+34 600 {i:06d}"
        patients.append(
            Patient(
                clinic=clinic,
                record_number=f"T{i + 1:06d}",
                family_name=family,
                given_names=given,
                birth_date=date(1940, 1, 1) + timedelta(days=(i * 37) % 25000),
                gender="female",
                phone=phone,
                search_name=fold(f"{given} {family}"),
                phone_digits=digits(phone),
            )
        )
    Patient.objects.bulk_create(patients, batch_size=2000)
    saved = list(Patient.objects.filter(clinic=clinic).order_by("id"))
    episodes = Episode.objects.bulk_create(
        [
            Episode(
                clinic=clinic, patient=p, onset_on=date(2026, 1, 1), started_on=date(2026, 2, 1)
            )
            for p in saved
        ],
        batch_size=2000,
    )
    EpisodeDiagnosis.objects.bulk_create(
        [EpisodeDiagnosis(episode=e, code="M54.50", rank=1) for e in episodes], batch_size=2000
    )
    client = Client()
    client.force_login(member.user)
    return client, saved[count // 2]


def measure(client: Client, url: str, runs: int = 30) -> float:
    client.get(url)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
    return statistics.median(times) * 1000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    client, patient = build(count)
    cases = {
        "patient list, first page": "/patients/",
        "name search 'garcia1'": "/patients/?q=garcia1",
        "date-of-birth search": f"/patients/?q={patient.birth_date.isoformat()}",
        "phone search": "/patients/?q=600%20005",
        "chart": f"/chart/{patient.public_id}/",
    }
    postgres = connection.vendor == "postgresql"
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE patients_patient")
    engine = "PostgreSQL" if postgres else "SQLite"
    sys.stdout.write(f"{count} patients, {engine}; median of 30 requests\n")
    for name, url in cases.items():
        sys.stdout.write(f"  {name:28s} {measure(client, url):7.1f} ms\n")
    if postgres:  # the same searches without the trigram indexes, in the same run
        with connection.cursor() as cursor:
            for index, _column in TRIGRAM_INDEXES:
                cursor.execute(f"DROP INDEX {index}")
            cursor.execute("ANALYZE patients_patient")
        sys.stdout.write("  without the trigram indexes:\n")
        for name in ("name search 'garcia1'", "phone search"):
            sys.stdout.write(f"  {name:28s} {measure(client, cases[name]):7.1f} ms\n")


if __name__ == "__main__":
    main()
