from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "taut.audit"
    label = "audit"
    verbose_name = "Audit"
