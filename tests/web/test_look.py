"""What a commune official reads and types: numbers in the Vietnamese way in the forms, text
cut at a word, signs and units as written, and a navigation that fits a phone."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from theodoi.web.forms import FigureForm, ProgressForm
from theodoi.web.templatetags.vn import comparator, shorten, uom


@pytest.mark.parametrize(("typed", "value"), [
    ("31.250.000", Decimal("31250000")), ("31250000", Decimal("31250000")), (" 2.000.000 ", Decimal("2000000")),
])
def test_the_money_box_reads_amounts_with_thousand_dots(typed, value):
    form = ProgressForm(data={"disbursed_total": typed, "percent": "12,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["disbursed_total"] == value
    assert form.cleaned_data["percent"] == Decimal("12.5")


def test_a_number_box_rejects_words_and_shows_what_was_typed():
    form = ProgressForm(data={"disbursed_total": "hai triệu", "percent": "120"})
    assert not form.is_valid()
    assert set(form.errors) == {"disbursed_total", "percent"}
    html = str(form["disbursed_total"])
    assert 'value="hai triệu"' in html and 'inputmode="numeric"' in html and 'type="text"' in html


def test_saved_values_come_back_in_the_vietnamese_format():
    form = ProgressForm(initial={"disbursed_total": Decimal("31250000"), "percent": Decimal("100.0")})
    assert 'value="31.250.000"' in str(form["disbursed_total"])
    assert 'value="100"' in str(form["percent"])
    figure = FigureForm(data={"value": "0,623"})
    assert figure.is_valid(), figure.errors
    assert figure.cleaned_data["value"] == Decimal("0.623")


def test_shorten_cuts_at_a_word_not_inside_one():
    text = "Phát triển, thu hút và trọng dụng nhân lực chất lượng cao, đáp ứng yêu cầu đột phá"
    out = shorten(text, 40)
    assert out.endswith("…") and len(out) <= 40
    assert text.startswith(out[:-1])
    assert text[len(out) - 1] == " " or not text[len(out) - 1].isalnum()  # the cut falls between words
    assert shorten("ngắn", 40) == "ngắn"
    assert shorten("  hai\n dòng  ", 40) == "hai dòng"


def test_signs_already_converted_keep_their_meaning():
    assert comparator("<=") == "≤" and comparator("≤") == "≤" and comparator("") == "≥"
    assert uom("index") == "" and uom("sản phẩm") == "sản phẩm" and uom(None) == ""


@pytest.mark.django_db
def test_navigation_is_one_menu_button_that_names_the_open_page(client, world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(world.officer)
    html = client.get("/targets/").content.decode()
    menu = re.search(r'<details class="navmenu">\s*<summary>(.*?)</summary>\s*<nav class="mainnav"', html, re.S)
    assert menu, "the navigation is not inside the menu button"
    assert "Danh mục" in menu.group(1) and '<span class="navhere">Chỉ tiêu</span>' in menu.group(1)
    assert "<script" not in html.split("</header>")[0].split("<body")[1], "the menu needs no script"


def test_trend_chart_names_months_the_vietnamese_way_and_keeps_the_last_label_inside():
    from theodoi.web import charts

    points = [charts.Point(f"2026-{m:02d}", m) for m in range(6, 13)]
    svg = str(charts.line_chart(points, title="t", target=10))
    assert ">6/2026<" in svg and ">12/2026<" in svg and "2026-06" not in svg
    last = re.findall(r'<text x="([\d.]+)"[^>]*text-anchor="(\w+)"[^>]*>12/2026<', svg)
    assert last and last[0][1] == "end" and float(last[0][0]) <= 340


def test_list_cells_are_escaped_formatted_and_marked_empty():
    from django.template import Context

    from theodoi.web.listing import Column
    from theodoi.web.templatetags.theodoi_table import row_cells

    columns = [Column("title", "Nhiệm vụ", "link"), Column("budget", "Kinh phí", "money"),
               Column("due", "Hạn", "date"), Column("status", "Tình trạng", "status"), Column("note", "Ghi chú")]
    row = {"title": "<script>x</script>", "_url": "/tasks/1/?a=1&b=2", "budget": Decimal("50000000"),
           "due": None, "status": "Quá hạn", "tone": "bad", "note": ""}
    html = str(row_cells(Context(), row, columns))
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert 'href="/tasks/1/?a=1&amp;b=2"' in html
    assert '<td data-label="Kinh phí" class="c-money num">50.000.000 đồng</td>' in html
    assert '<td data-label="Hạn" class="c-date is-empty">—</td>' in html
    assert '<span class="badge badge-bad">Quá hạn</span>' in html
    assert '<td data-label="Ghi chú" class="c-text is-empty"></td>' in html
