from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "taut.patients"
    label = "patients"
    verbose_name = "Patients"
