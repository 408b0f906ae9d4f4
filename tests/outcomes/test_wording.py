import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from taut.audit.models import AuditEntry
from taut.outcomes import queries
from taut.outcomes.models import InstrumentWording
from taut.outcomes.wording import WordingMismatch, import_wording, revert_wording
from tests.builders import actor_for, make_episode

FIXTURES = Path(__file__).parent.parent / "interop" / "fixtures"


def odi_file() -> dict:
    return json.loads((FIXTURES / "odi_placeholder.json").read_text())


def startback_file() -> dict:
    return json.loads((FIXTURES / "startback_loinc.json").read_text())


def odi_items(document: dict) -> list[dict]:
    return document["item"][1]["item"]


@pytest.fixture
def owner(owner_a):
    return actor_for(owner_a)


def refused(owner, document, instrument="odi") -> list[str]:
    with pytest.raises(WordingMismatch) as caught:
        import_wording(owner, instrument=instrument, document=json.dumps(document))
    assert not InstrumentWording.objects.exists()
    return caught.value.problems


# --- The service -------------------------------------------------------------------------------


def test_an_odi_file_is_mapped_by_link_id_and_audited(owner):
    wording = import_wording(
        owner,
        instrument="odi",
        document=(FIXTURES / "odi_placeholder.json").read_bytes(),
        source_name="Test licence 1",
    )

    assert wording.items == {str(n): f"Placeholder section {n} wording" for n in range(1, 11)}
    assert wording.title == "Placeholder ODI wording (test fixture)"
    assert wording.is_current
    assert wording.imported_by == owner.user
    entry = AuditEntry.objects.get(object_type="instrument_wording")
    assert entry.patient is None
    assert entry.detail["instrument"] == "odi"


def test_a_startback_file_is_mapped_by_loinc_codes(owner):
    document = startback_file()
    document["item"].reverse()  # order does not matter: the codes decide

    wording = import_wording(owner, instrument="startback", document=json.dumps(document))

    assert wording.items["1"] == "Placeholder question 1"
    assert wording.items["9"] == "Placeholder question 9"


@pytest.mark.parametrize("link_id", ["{n}", "item-{n}", "item{n}", "ODI-{n}"])
def test_accepted_link_id_forms(owner, link_id):
    document = odi_file()
    for n, item in enumerate(odi_items(document), start=1):
        item["linkId"] = link_id.format(n=n)

    assert import_wording(owner, instrument="odi", document=json.dumps(document)).items["10"]


def test_a_new_import_replaces_the_current_one(owner):
    first = import_wording(owner, instrument="odi", document=json.dumps(odi_file()))
    second = import_wording(owner, instrument="odi", document=json.dumps(odi_file()))

    first.refresh_from_db()
    assert not first.is_current
    assert second.is_current


def test_missing_items_are_listed(owner):
    document = odi_file()
    del odi_items(document)[3]
    del odi_items(document)[6]

    assert refused(owner, document) == ["Missing items: 4, 8."]


def test_duplicates_unknown_and_extra_items_are_all_listed(owner):
    document = odi_file()
    odi_items(document)[1]["linkId"] = "1"
    odi_items(document).append({"linkId": "odi-11", "type": "choice", "text": "x"})
    odi_items(document).append({"linkId": "comments", "type": "string", "text": "y"})

    problems = refused(owner, document)

    assert "Item 1 appears 2 times (linkIds 'odi-1', '1')." in problems
    assert "Missing items: 2." in problems
    assert any("Extra item 'odi-11'" in p for p in problems)
    assert any("Unknown linkId 'comments'" in p for p in problems)


def test_a_different_number_of_answer_options_is_refused(owner):
    document = odi_file()
    odi_items(document)[2]["answerOption"] = odi_items(document)[2]["answerOption"][:4]

    assert refused(owner, document) == [
        "Item 3 has 4 answer options; the Oswestry Disability Index item has 6."
    ]


def test_an_item_without_text_is_refused(owner):
    document = odi_file()
    odi_items(document)[0]["text"] = "   "

    assert refused(owner, document) == ["Item 1 has no text."]


def test_another_instruments_file_is_refused(owner):
    problems = refused(owner, odi_file(), instrument="startback")

    assert problems[0].startswith("The file is coded as the Oswestry Disability Index")
    assert "Missing items: 1, 2, 3, 4, 5, 6, 7, 8, 9." in problems


def test_link_id_and_loinc_code_that_disagree_are_refused(owner):
    document = startback_file()
    document["item"][0]["linkId"] = "2"

    problems = refused(owner, document, instrument="startback")

    assert any("linkId says item 2 but its LOINC code says item 1" in p for p in problems)


def test_malformed_json_and_other_resources_are_refused(owner):
    with pytest.raises(WordingMismatch, match="not valid JSON"):
        import_wording(owner, instrument="odi", document=b"{")
    with pytest.raises(WordingMismatch, match="not a FHIR Questionnaire"):
        import_wording(owner, instrument="odi", document='{"resourceType": "Patient"}')
    assert not InstrumentWording.objects.exists()


def test_psfs_has_no_wording_to_import(owner):
    assert "no fixed wording" in refused(owner, odi_file(), instrument="psfs")[0]


def test_a_clinician_may_not_import(actor_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_wording(actor_a, instrument="odi", document=json.dumps(odi_file()))
    assert not InstrumentWording.objects.exists()


def test_revert_goes_back_to_short_labels(owner):
    import_wording(owner, instrument="odi", document=json.dumps(odi_file()))

    assert revert_wording(owner, instrument="odi")
    assert queries.clinic_wording(owner, "odi") is None
    assert not revert_wording(owner, instrument="odi")
    assert AuditEntry.objects.filter(object_type="instrument_wording").count() == 2


# --- The pages ---------------------------------------------------------------------------------


def upload(client, document, instrument="odi", source_name=""):
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(
        reverse("outcomes:wording"),
        {
            "instrument": instrument,
            "file": SimpleUploadedFile("wording.json", raw, content_type="application/json"),
            "source_name": source_name,
        },
    )


def test_the_owner_imports_and_the_form_shows_the_wording(as_owner_a, actor_a, patient_a):
    episode = make_episode(actor_a, patient_a)
    record_url = reverse("outcomes:record", args=[episode.public_id, "odi"])

    response = upload(as_owner_a, odi_file())

    assert response.status_code == 302
    assert InstrumentWording.objects.get().source_name == "wording.json"
    page = as_owner_a.get(record_url).content.decode()
    assert "1. Placeholder section 1 wording" in page
    assert "short item labels" not in page


def test_a_mismatched_upload_lists_the_problems_and_saves_nothing(as_owner_a):
    document = odi_file()
    del odi_items(document)[0]

    response = upload(as_owner_a, document)

    assert response.status_code == 200
    assert "Missing items: 1." in response.content.decode()
    assert not InstrumentWording.objects.exists()


def test_html_in_the_file_is_shown_as_text(as_owner_a, actor_a, patient_a):
    document = odi_file()
    odi_items(document)[0]["text"] = "<script>alert(1)</script>Pain"
    upload(as_owner_a, document)
    episode = make_episode(actor_a, patient_a)

    page = as_owner_a.get(reverse("outcomes:record", args=[episode.public_id, "odi"]))

    assert "<script>alert(1)</script>" not in page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Pain" in page.content.decode()


def test_revert_restores_the_short_labels(as_owner_a, actor_a, patient_a):
    episode = make_episode(actor_a, patient_a)
    upload(as_owner_a, odi_file())

    response = as_owner_a.post(reverse("outcomes:wording_revert", args=["odi"]))

    assert response.status_code == 302
    assert not InstrumentWording.objects.get().is_current
    page = as_owner_a.get(reverse("outcomes:record", args=[episode.public_id, "odi"]))
    assert "1. Pain intensity" in page.content.decode()
    assert "Placeholder section" not in page.content.decode()


def test_the_page_lists_the_current_wording(as_owner_a, owner):
    import_wording(owner, instrument="odi", document=json.dumps(odi_file()), source_name="Lic 7")

    page = as_owner_a.get(reverse("outcomes:wording")).content.decode()

    assert "Placeholder ODI wording (test fixture)" in page
    assert "Lic 7" in page


@pytest.mark.parametrize("client", ["as_clinician_a", "as_desk_a"])
def test_only_the_owner_may_import_or_revert(request, client, owner):
    import_wording(owner, instrument="odi", document=json.dumps(odi_file()))
    staff = request.getfixturevalue(client)

    assert staff.get(reverse("outcomes:wording")).status_code == 403
    assert upload(staff, startback_file(), instrument="startback").status_code == 403
    assert staff.post(reverse("outcomes:wording_revert", args=["odi"])).status_code == 403
    assert list(InstrumentWording.objects.values_list("instrument", "is_current")) == [
        ("odi", True)
    ]


def test_another_clinic_neither_sees_nor_uses_the_wording(owner, clinic_b, clinician_b):
    from taut.clinics.models import Role
    from tests.builders import make_member
    from tests.conftest import login

    import_wording(owner, instrument="odi", document=json.dumps(odi_file()))
    owner_b = make_member(clinic_b, "bea@b.example", Role.OWNER, "Bea Owner")
    client = login(owner_b)

    page = client.get(reverse("outcomes:wording")).content.decode()
    client.post(reverse("outcomes:wording_revert", args=["odi"]))

    assert "Placeholder ODI wording" not in page
    assert InstrumentWording.objects.get().is_current
    assert queries.clinic_wording(actor_for(clinician_b), "odi") is None


def test_a_link_id_that_is_the_items_loinc_code_is_accepted(owner):
    document = startback_file()
    for item in document["item"]:
        item["linkId"] = "/" + item.pop("code")[0]["code"]

    wording = import_wording(owner, instrument="startback", document=json.dumps(document))

    assert wording.items["5"] == "Placeholder question 5"
