from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "taut.outbox"
    label = "outbox"
    verbose_name = "Outbox"
