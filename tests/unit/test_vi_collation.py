"""Vietnamese alphabetical order (domain.text.vi_sort_key), without a database."""

from __future__ import annotations

import random

from theodoi.domain.text import vi_sort_key


def test_letters_with_marks_are_letters_of_their_own():
    names = ["Đông Phong", "Dào San", "Bum Nưa", "Bình Lư", "Ăn Uống", "An Bình", "Âu Cơ", "Ơn Nghĩa", "Ô Tô",
             "Ong Vàng", "Ưu Tiên", "Uy Nỗ", "Xã Zô", "Yên Bái", "Ê Đê", "Em Bé"]
    expected = ["An Bình", "Ăn Uống", "Âu Cơ", "Bình Lư", "Bum Nưa", "Dào San", "Đông Phong", "Em Bé", "Ê Đê",
                "Ong Vàng", "Ô Tô", "Ơn Nghĩa", "Uy Nỗ", "Ưu Tiên", "Xã Zô", "Yên Bái"]
    shuffled = names[:]
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=vi_sort_key) == expected


def test_tones_break_ties_in_dictionary_order_and_case_is_ignored():
    words = ["má", "mạ", "ma", "mả", "mà", "mã"]
    assert sorted(words, key=vi_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["bản", "Ban", "bàn"], key=vi_sort_key) == ["Ban", "bàn", "bản"]
    # tones never outrank letters: "mạnh" (m-a-n-h) before "mây" (m-â-y)
    assert sorted(["mây", "mạnh"], key=vi_sort_key) == ["mạnh", "mây"]


def test_numbers_compare_as_numbers_and_shorter_names_first():
    assert sorted(["Bản 10", "Bản 2", "Bản 1"], key=vi_sort_key) == ["Bản 1", "Bản 2", "Bản 10"]
    assert sorted(["Xã An Bình", "Xã An", "Xã Ana"], key=vi_sort_key) == ["Xã An", "Xã An Bình", "Xã Ana"]


def test_old_and_new_tone_placement_sort_together():
    assert vi_sort_key("Hoà Bình")[:2] == vi_sort_key("Hòa Bình")[:2]


def test_text_is_cut_at_a_word_with_an_ellipsis():
    from theodoi.domain.text import shorten

    assert shorten("Chuyển đổi số toàn diện trên địa bàn xã", 20) == "Chuyển đổi số toàn…"
    assert shorten("Ngắn", 20) == "Ngắn"
    assert shorten("  nhiều   khoảng  trắng ", 40) == "nhiều khoảng trắng"
