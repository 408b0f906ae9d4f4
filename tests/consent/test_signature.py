import pytest

from taut.consent import signature
from taut.consent.models import Consent
from taut.consent.templatetags.consent_tags import consent_body, consent_signature
from tests.consent.builders import SIGNATURE, make_consent


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("M100 120 L110 110", "M100 120 L110 110"),
        ("M 100.50,120.0 L 110 110 Z", "M100.5 120 L110 110 Z"),
        ("M0 0 L600 200", "M0 0 L600 200"),
        ("M10 10 20 20 30 30", "M10 10 L20 20 L30 30"),  # implicit lines after a move
        ("M1 1 Q2 2 3 3 C4 4 5 5 6 6", "M1 1 Q2 2 3 3 C4 4 5 5 6 6"),
    ],
)
def test_path_data_is_normalised_before_it_is_stored(raw, stored):
    assert signature.normalise(raw) == stored


def test_the_signature_is_drawn_from_parsed_numbers():
    html = signature.render("M 100.50,120.0 L 110 110", label='Signature of "Bo" <b>')

    assert '<path d="M100.5 120 L110 110"' in html
    assert 'aria-label="Signature of &quot;Bo&quot; &lt;b&gt;"' in html
    assert "<b>" not in html


def test_stored_data_that_does_not_parse_is_not_rendered_at_all():
    assert signature.render('M0 0 L1 1"/><script>alert(1)</script>', label="x") == ""


def test_a_tampered_stored_signature_never_reaches_the_page(actor_a, patient_a, documents_a):
    consent = make_consent(actor_a, patient_a)
    # Written around the service, as an attacker with database access might.
    Consent.objects.filter(pk=consent.pk).update(
        signature_svg='M0 0 L1 1"/><script>alert(1)</script><path d="'
    )
    consent.refresh_from_db()

    assert consent_signature(consent) == ""


def test_a_valid_stored_signature_renders_as_an_svg_path(actor_a, patient_a, documents_a):
    html = consent_signature(make_consent(actor_a, patient_a))

    assert html.startswith('<svg class="signature" viewBox="0 0 600 200"')
    assert f'd="{SIGNATURE}"' in html


def test_document_text_is_escaped_and_structured():
    html = consent_body("## Heading <i>\n\nA line\ncontinued.\n\n- one\n- <two>\n")

    assert html == (
        "<h3>Heading &lt;i&gt;</h3><p>A line continued.</p><ul><li>one</li><li>&lt;two&gt;</li></ul>"
    )
