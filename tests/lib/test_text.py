import pytest

from taut.lib.text import fold, names_match

JOSE = {"given_names": "José Luis", "family_name": "Núñez García", "preferred_name": "Pepe"}


@pytest.mark.parametrize(
    ("typed", "matches"),
    [
        ("José Luis Núñez García", True),
        ("jose nunez garcia", True),
        ("NÚÑEZ GARCÍA, José", True),
        ("Pepe Núñez García", True),
        ("Núñez-García José", True),
        ("José Núñez", True),  # the first family name is enough
        ("José García", False),  # not the first family name
        ("Luis Núñez García", False),  # not the first given name
        ("José Núñez García Smith", False),  # a word that is not theirs
        ("Alice Smith", False),
        ("   ", False),
    ],
)
def test_a_typed_name_matches_the_person_in_any_order_and_case(typed, matches):
    assert names_match(typed, **JOSE) is matches


def test_fold_strips_accents_case_and_spaces():
    assert fold("  José   NÚÑEZ ") == "jose nunez"


@pytest.mark.parametrize(
    ("typed", "person"),
    [
        ("Sean OBrien", {"given_names": "Seán", "family_name": "O'Brien"}),
        ("sean o'brien", {"given_names": "Seán", "family_name": "O'Brien"}),
        ("Ibrahim Yilmaz", {"given_names": "İbrahim", "family_name": "Yılmaz"}),
        ("Lukasz Wojcik", {"given_names": "Łukasz", "family_name": "Wójcik"}),
        ("Ana Nunez-Perez", {"given_names": "Ana", "family_name": "Núñez Pérez"}),
    ],
)
def test_marks_and_letters_people_type_plainly_still_match(typed, person):
    assert names_match(typed, **person)
