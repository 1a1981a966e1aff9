"""Names as documents write them resolve to units: spelling, tone placement, abbreviations."""

import pytest

from theodoi.planning.importing.matching import UnitMatcher, keys_for
from theodoi.tenancy.models import Unit


@pytest.fixture
def matcher(lai_chau):
    return UnitMatcher.for_all()


def test_tone_placement_and_missing_diacritics(matcher, lai_chau):
    party = Unit.objects.get(slug="xa-bum-nua-dang-uy")
    assert matcher.match("Đảng ủy xã Bum Nưa") == party
    assert matcher.match("Đảng uỷ xã Bum Nưa") == party
    assert matcher.match("Đảng ủy xã Bum Nua") == party


def test_abbreviations_and_state_body(matcher, lai_chau):
    commune = Unit.objects.get(slug="xa-phong-tho")
    assert matcher.match("UBND xã Phong Thổ") == commune
    assert matcher.match("Ủy ban nhân dân xã Phong Thổ") == commune
    assert matcher.match("Sở KH&CN") == Unit.objects.get(slug="lai-chau-so-khcn")


def test_generic_names_resolve_near_the_issuer(matcher, lai_chau):
    binh_lu = Unit.objects.get(slug="xa-binh-lu")
    phong_tho = Unit.objects.get(slug="xa-phong-tho")
    assert matcher.match("Phòng Văn hóa - Xã hội", near=binh_lu).slug == "xa-binh-lu-vhxh"
    assert matcher.match("Phòng Văn hóa – Xã hội", near=phong_tho).slug == "xa-phong-tho-vhxh"
    assert matcher.match("UBND xã", near=Unit.objects.get(slug="xa-binh-lu-dang-uy")) == binh_lu


def test_ambiguous_or_unknown_names_are_not_guessed(matcher, lai_chau):
    assert matcher.match("Phòng Văn hóa - Xã hội") is None  # three communes have one
    assert matcher.match("Bộ Ngoại giao") is None
    assert matcher.match("") is None


def test_old_units_keep_their_names(matcher, lai_chau):
    committee = matcher.match("Huyện uỷ Tam Đường")
    assert committee is not None and committee.valid_to is not None
    assert matcher.match("Huyện uỷ Tam Đương") == committee  # the seed's own typo still resolves


def test_keys_fold_dashes_and_case():
    assert keys_for("Phòng Văn hóa – Xã hội")[0] == keys_for("PHÒNG VĂN HOÁ - XÃ HỘI")[0]
