import pytest

from tests.builders import make_episode


@pytest.fixture
def episode_a(actor_a, patient_a):
    return make_episode(actor_a, patient_a)
