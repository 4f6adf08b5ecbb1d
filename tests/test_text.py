from __future__ import annotations

import unicodedata

import pytest

from antq_tui.model.text import (
    Vocabulary,
    ascii_key,
    clean_text,
    fold_key,
    format_decimal,
    format_int,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà Bình", "Hòa Bình"),  # old and new tone placement
        ("Uỷ ban", "ủy ban"),
        ("thuỷ lợi", "THỦY LỢI"),
        ("Khoẻ", "khỏe"),
        (nfd("Đại Lương"), "Đại Lương"),  # decomposed input (Windows/macOS keyboards)
        ("ÐẠI LƯƠNG", "Đại Lương"),  # Icelandic eth typed for Đ
        ("  Tây   Sơn ", "Tây Sơn"),
        ("Đăng ký “An toàn về ANTT”", 'Đăng ký "An toàn về ANTT"'),
    ],
)
def test_fold_key_treats_spellings_of_one_word_alike(a: str, b: str) -> None:
    assert fold_key(a) == fold_key(b)


@pytest.mark.parametrize(("a", "b"), [("Tây Sơn", "Tay Son"), ("Hòa", "Hóa"), ("Lai", "Lái")])
def test_fold_key_keeps_what_changes_meaning(a: str, b: str) -> None:
    assert fold_key(a) != fold_key(b)


def test_one_syllable_has_one_tone_wherever_it_is_typed() -> None:
    assert fold_key("hoàn") == fold_key("hòan")


def test_ascii_key_strips_every_diacritic() -> None:
    assert ascii_key("Đại Lương") == ascii_key("dai luong") == "dai luong"


def test_vocabulary_canonical_keeps_the_list_spelling() -> None:
    villages = Vocabulary(["Tây Sơn", "Đông Hoà", "Thuỷ Lợi"])
    assert villages.canonical("tây  sơn") == "Tây Sơn"
    assert villages.canonical("Đông Hòa") == "Đông Hoà"  # the list's own tone placement
    assert villages.canonical(nfd("thủy lợi")) == "Thuỷ Lợi"
    assert villages.canonical("Tay Son") is None  # diacritics stripped: not accepted


def test_vocabulary_suggests_what_was_meant() -> None:
    villages = Vocabulary(["Tây Sơn", "Đại Lương", "Đông Hòa"])
    assert villages.suggest("Tay Son") == "Tây Sơn"
    assert villages.suggest("Dai Luong") == "Đại Lương"
    assert villages.suggest("Đại Lươn") == "Đại Lương"  # a near miss
    assert villages.suggest("Hà Nội") is None


def test_vocabulary_ambiguous_ascii_gives_no_suggestion() -> None:
    vocabulary = Vocabulary(["Hòa", "Hóa"])
    assert vocabulary.suggest("Hoa") is None


def test_clean_text_is_nfc_without_control_characters() -> None:
    assert clean_text(nfd(" Lai Hà\x07\x00 ")) == "Lai Hà"
    assert clean_text("dòng 1\ndòng 2") == "dòng 1\ndòng 2"


def test_ascii_key_makes_the_filter_diacritics_insensitive() -> None:
    assert ascii_key("tay son") in ascii_key("Thôn Tây Sơn")
    assert ascii_key("ĐẠI") in ascii_key("Đại Lương")
    assert ascii_key("tay son") not in ascii_key("Tân Hưng")


def test_vietnamese_number_format() -> None:
    assert format_int(1234567) == "1.234.567"
    assert format_decimal(85.714) == "85,7"
    assert format_decimal(1234.5, 2) == "1.234,50"
