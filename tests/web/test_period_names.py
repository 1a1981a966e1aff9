"""Half-year (and every period) names come from one vocabulary, in Vietnamese and English:
pages, warnings, the portal, the model choices and the CLI (domain.periods.KIND_LABELS, NAMES)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import translation

from theodoi.domain.periods import KIND_LABELS, NAMES, Period

VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def test_the_english_catalogue_names_every_kind_and_period():
    with translation.override("en"):
        for msgid in [*KIND_LABELS.values(), *NAMES.values()]:
            text = translation.gettext(msgid)
            assert text != msgid and not VIETNAMESE & set(text.lower()), msgid


@pytest.mark.parametrize(("lang", "label", "sentence"), [
    ("vi", "6 tháng đầu năm 2026", "6 tháng đầu năm 2026"),
    ("en", "First half of 2026", "first half of 2026"),
])
def test_every_edge_names_a_half_year_alike(lang, label, sentence):
    from theodoi.planning.selectors.warnings import period_name
    from theodoi.planning.services.common import period_label
    from theodoi.portal.selectors import period_label as public_label
    from theodoi.web.templatetags.vn import period_label as filter_label

    h1 = Period.parse("2026-H1")
    with translation.override(lang):
        assert filter_label("2026-H1") == period_label(h1) == public_label("2026-H1") == label
        assert period_name(h1) == sentence


def test_choices_name_the_half_year_kind_from_the_vocabulary():
    from theodoi.planning.models import DeadlineKind, Frequency
    from theodoi.reporting.lines import KIND_FREQUENCY
    from theodoi.reporting.periods import KIND_OF_PERIOD

    assert DeadlineKind.HALF.label == Frequency.BIANNUAL.label == KIND_LABELS["half"]
    assert KIND_FREQUENCY["half"] == Frequency.BIANNUAL and KIND_OF_PERIOD["half"] == "half"
    with translation.override("en"):
        assert str(DeadlineKind.HALF.label) == str(Frequency.BIANNUAL.label) == "Half-year"


def test_the_cli_names_the_half_year_like_the_pages(capsys):
    with pytest.raises(SystemExit):
        call_command("report", "half-year", "--help")
    out = capsys.readouterr().out
    assert "--half YYYY-HN" in out and "6 tháng, ví dụ 2026-H1 (6 tháng đầu năm 2026)" in out
