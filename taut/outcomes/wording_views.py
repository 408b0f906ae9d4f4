"""Owner pages for the licensed questionnaire wording: upload a FHIR Questionnaire, or revert."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from taut.clinics.decorators import clinic_view
from taut.clinics.permissions import Permission
from taut.interop.questionnaire import MAX_BYTES
from taut.outcomes import wording


class WordingUploadForm(forms.Form):
    instrument = forms.ChoiceField(label=gettext_lazy("Instrument"))
    file = forms.FileField(
        label=gettext_lazy("FHIR Questionnaire file (JSON)"),
        help_text=gettext_lazy("At most 1 MB. Items are matched by linkId or LOINC code."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    source_name = forms.CharField(
        label=gettext_lazy("Source and licence"),
        help_text=gettext_lazy("For example the licensor and your agreement number."),
        max_length=wording.MAX_SOURCE_CHARS,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = self.fields["instrument"]
        assert isinstance(instrument, forms.ChoiceField)  # noqa: S101 - narrows the type
        instrument.choices = [(str(i.code), i.name) for i in wording.importable_instruments()]

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload

    def document(self) -> bytes:
        content: bytes = self.cleaned_data["file"].read(MAX_BYTES + 1)
        return content

    def source(self) -> str:
        return str(self.cleaned_data["source_name"] or self.cleaned_data["file"].name or "")


@clinic_view(Permission.MANAGE_CLINIC)
@require_http_methods(["GET", "POST"])
def wording_page(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = WordingUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            imported = wording.import_wording(
                actor,
                instrument=form.cleaned_data["instrument"],
                document=form.document(),
                source_name=form.source(),
            )
        except wording.WordingMismatch as exc:
            problems = exc.problems
            for problem in problems:
                form.add_error(None, problem)
            form.add_error("file", _("Nothing was imported: the file does not match."))
        else:
            messages.success(
                request,
                _("Wording imported: %(title)s (%(count)d items).")
                % {"title": imported.title, "count": len(imported.items)},
            )
            return redirect("outcomes:wording")
    current = wording.current_wordings(actor)
    return render(
        request,
        "outcomes/wording.html",
        {
            "form": form,
            "problems": problems,
            "rows": [(i, current.get(str(i.code))) for i in wording.importable_instruments()],
        },
    )


@clinic_view(Permission.MANAGE_CLINIC)
@require_POST
def wording_revert(request: HttpRequest, instrument: str) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    if wording.revert_wording(actor, instrument=instrument):
        messages.success(request, _("The forms show Taut's short labels again."))
    else:
        messages.info(request, _("No imported wording was in use."))
    return redirect("outcomes:wording")
