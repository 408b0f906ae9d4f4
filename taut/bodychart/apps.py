from django.apps import AppConfig


class BodychartConfig(AppConfig):
    name = "taut.bodychart"
    label = "bodychart"
    verbose_name = "Body chart"
