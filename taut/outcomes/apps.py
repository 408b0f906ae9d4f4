from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "taut.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures"
