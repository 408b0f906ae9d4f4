from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from taut.clinics.services import create_clinic


class Command(BaseCommand):
    help = "Creates a clinic, its first location and its owner's account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="the clinic's name")
        parser.add_argument("--time-zone", default="UTC", help="IANA time zone, e.g. Europe/Madrid")
        parser.add_argument("--owner-email", required=True)
        parser.add_argument("--owner-name", required=True)
        parser.add_argument(
            "--location", default="", help="first location (default: the clinic name)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = getpass.getpass("Owner's password: ")
        if password != getpass.getpass("Again: "):
            raise CommandError("The passwords differ.")
        try:
            clinic = create_clinic(
                name=options["name"],
                time_zone=options["time_zone"],
                owner_email=options["owner_email"],
                owner_name=options["owner_name"],
                owner_password=password,
                location_name=options["location"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {clinic.name} ({clinic.public_id})."))
