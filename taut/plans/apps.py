from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "taut.plans"
    label = "plans"
    verbose_name = "Treatment plans"
