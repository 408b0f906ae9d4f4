from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "taut.assessment"
    label = "assessment"
    verbose_name = "Assessment"
