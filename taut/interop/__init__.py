"""Exchange with other systems in standard formats (FHIR). The only place that knows FHIR.

A plain package without models: it imports no Taut app, and the clinical kernel never imports it.
"""
