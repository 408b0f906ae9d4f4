"""Publish Taut's default consent documents for clinics that have none (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from taut.clinics.models import Clinic
from taut.consent.services import ensure_default_documents


class Command(BaseCommand):
    help = "Publishes version 1 of the default consent documents for clinics that have none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clinic", help="the clinic's public id (default: every clinic)")

    def handle(self, *args: Any, **options: Any) -> None:
        clinics = Clinic.objects.all()
        if options["clinic"]:
            clinics = clinics.filter(public_id=options["clinic"])
        for clinic in clinics:
            published = ensure_default_documents(clinic)
            if published:
                kinds = ", ".join(d.get_kind_display() for d in published)
                self.stdout.write(f"{clinic.name}: published {kinds}.")
