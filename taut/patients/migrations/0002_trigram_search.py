"""Trigram indexes for the patient search on PostgreSQL (a no-op on SQLite).

The search matches a folded name or the phone digits anywhere (``LIKE '%garcia%'``), which a
b-tree cannot serve; pg_trgm's GIN indexes can, so a clinic of 100,000 patients is searched
without reading every row (docs/performance.md). pg_trgm is a trusted extension: the database's
owner may create it.
"""

from django.db import migrations

INDEXES = (
    ("patients_search_name_trgm", "search_name"),
    ("patients_phone_digits_trgm", "phone_digits"),
    # Digits typed also match record numbers (``record_number__icontains``: UPPER(...) LIKE).
    ("patients_record_number_trgm", "(UPPER(record_number))"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON patients_patient "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
