"""Spelling keys: one place's transliterations meet under one variant key; different places do not."""

from __future__ import annotations

import pytest

from mapapp.gazetteer.spelling import MIN_SKELETON, fold, skeletons, variant_keys

SAME_PLACE = [
    # Arabic: the article at the start and inside names, its assimilated forms, doubled letters, final h.
    ("Jisr al-Shughur", "Jisr ash Shughūr"),
    ("Maarat al-Numan", "Ma‘arrat an Nu‘mān"),
    ("Tel Rifaat", "Tall Rif‘at"),
    ("Sheikh Maskin", "Ash Shaykh Maskīn"),
    ("Raqqa", "Ar Raqqah"),
    ("Daraa al-Balad", "Dar‘ā al Balad"),
    ("Qamishli", "Al Qāmishlī"),
    ("Douma", "Dūmā"),
    ("Maaloula", "Ma‘lūlā"),
    ("Qusayr", "Al Quşayr"),
    ("Ras al-Ain", "Ra’s al ‘Ayn"),
    # Ukrainian and Russian romanisations.
    ("Sievierodonetsk", "Severodonetsk"),
    ("Huliaipole", "Hulyaypole"),
    ("Izium", "Izyum"),
    ("Kupiansk", "Kupyansk"),
    # Azerbaijani letters.
    ("Shusha", "Şuşa"),
    ("Lachin", "Laçın"),
]


@pytest.mark.parametrize("written, geonames", SAME_PLACE, ids=[a for a, _ in SAME_PLACE])
def test_transliterations_of_one_name_share_a_variant_key(written, geonames):
    assert set(variant_keys(written)) & set(variant_keys(geonames))


DIFFERENT_PLACES = [("Hama", "Homs"), ("Raqqa", "Rakhine"), ("Kyiv", "Kursk"), ("Idlib", "Irbid"),
                    ("Azaz", "Aziz"), ("Tal Abyad", "Tal Afar"), ("Shusha", "Susa")]


@pytest.mark.parametrize("a, b", DIFFERENT_PLACES, ids=[f"{a}-{b}" for a, b in DIFFERENT_PLACES])
def test_different_names_keep_different_variant_keys(a, b):
    assert not set(variant_keys(a)) & set(variant_keys(b))


def test_the_article_is_kept_when_it_is_the_whole_name_or_its_last_word():
    assert variant_keys("As") == ("as",)
    assert variant_keys("Bab al") == ("babal",)


def test_the_skeleton_joins_vowel_differences_only():
    assert set(skeletons("Sheikh Maskin")) & set(skeletons("Shaykh Miskīn"))
    assert set(skeletons("Deir Hafer")) & set(skeletons("Dayr Ḩāfir"))
    assert not set(skeletons("Sheikh Maskin")) & set(skeletons("Sheikh Najjar"))
    assert all(len(s) < MIN_SKELETON for s in skeletons("Hama"))  # too short to be used at all


def test_fold_is_unchanged_by_the_variant_rules():
    # The exact key stays strict: "Raqqa" and "Raqqah" differ there, meet only as variants.
    assert fold("Raqqa") != fold("Raqqah") and variant_keys("Raqqa") == variant_keys("Raqqah")


def test_o_is_arabics_u():
    assert set(variant_keys("Josiah")) & set(variant_keys("Jūsīyah"))
    assert not set(variant_keys("Homs")) & set(variant_keys("Hama"))
