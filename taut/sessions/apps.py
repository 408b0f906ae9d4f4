from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "taut.sessions"
    label = "needling"  # "sessions" is Django's own session app label
    verbose_name = "Needling sessions"
