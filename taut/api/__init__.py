"""Taut's JSON API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs.

Not a Django app: no models. Endpoints translate HTTP and call the apps' queries and services,
so the API follows the same permission rules, clinic scoping and audit as the pages.
"""
