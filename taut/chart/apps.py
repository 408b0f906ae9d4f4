from django.apps import AppConfig


class ChartConfig(AppConfig):
    name = "taut.chart"
    label = "chart"
    verbose_name = "Patient chart"
