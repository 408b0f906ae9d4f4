from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "taut.office"
    verbose_name = "Running the clinic"
