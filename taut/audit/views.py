"""The owner's audit page: browse and filter, never change."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from taut.audit.forms import AuditFilterForm
from taut.audit.models import AuditEntry
from taut.audit.queries import AuditFilter, audit_entries
from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission


@clinic_view(Permission.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None, clinic=actor.clinic)
    entries: QuerySet[AuditEntry]
    if form.is_bound and not form.is_valid():
        entries = AuditEntry.objects.none()
    else:
        entries = audit_entries(actor, form.to_filter() if form.is_bound else AuditFilter())
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/audit_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )
