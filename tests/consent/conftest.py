import pytest

from taut.consent.services import ensure_default_documents


@pytest.fixture
def documents_a(clinic_a):
    """Taut's default documents, published for clinic A as clinic creation will."""
    return ensure_default_documents(clinic_a)
