"""Forms for taking and withdrawing consent and for publishing consent documents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taut.consent import signature
from taut.consent.models import ConsentMethod, DocumentLanguage

# The id of the signing pad on the page: the error summary links there, not to the hidden input.
SIGNATURE_PAD_ID = "signature-pad"


class SignatureInput(forms.HiddenInput):
    """The hidden input the signature pad writes path data into."""

    def id_for_label(self, id_: str | None) -> str:
        return SIGNATURE_PAD_ID


class MethodRadios(forms.RadioSelect):
    """Radio buttons whose field id is the first button's, so the error summary can link to it."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class ConsentForm(forms.Form):
    """Signing a consent. The rules (which fields each method needs) live in the service."""

    document = forms.UUIDField(widget=forms.HiddenInput())
    method = forms.ChoiceField(
        label=_("How does the patient sign?"),
        choices=ConsentMethod.choices,
        widget=MethodRadios(),
        initial=ConsentMethod.DRAWN_SIGNATURE,
    )
    signature_path = forms.CharField(
        label=_("Signature"),
        required=False,
        max_length=signature.MAX_LENGTH,
        widget=SignatureInput(),
        strip=True,
    )
    typed_name = forms.CharField(
        label=_("Patient's full name"),
        required=False,
        max_length=200,
        help_text=_(
            "For a patient who cannot or prefers not to draw a signature: their own name as "
            "registered (accents and capitals do not matter)."
        ),
    )
    confirmed = forms.BooleanField(
        label=_(
            "I have read and understood this information (or it was read to me), I was able to "
            "ask questions, and I agree."
        ),
        required=False,
    )
    witness_name = forms.CharField(
        label=_("Witness name"),
        required=False,
        max_length=200,
        help_text=_("A person who saw the patient sign, if one is present."),
    )

    def __init__(self, *args: Any, for_patient: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["typed_name"].widget.attrs["autocomplete"] = "off"
        self.fields["witness_name"].widget.attrs["autocomplete"] = "off"
        if for_patient:  # the patient's own link: speak to them
            self.fields["method"].label = _("How would you like to sign?")
            self.fields["typed_name"].label = _("Your full name")
            self.fields["typed_name"].help_text = _(
                "If you cannot or would rather not draw a signature: your name as the clinic "
                "has it (accents and capitals do not matter)."
            )
            self.fields["typed_name"].widget.attrs["autocomplete"] = "name"


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("In the patient's words where possible. The consent stays on the record."),
    )


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=DocumentLanguage.choices)
    body = forms.CharField(
        label=_("Text"),
        max_length=30_000,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_(
            'Plain paragraphs separated by a blank line. Start a line with "## " for a heading '
            'and with "- " for a list item.'
        ),
    )
