from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antq_tui.model.text import (
    Vocabulary,
    ascii_key,
    clean_text,
    fold_key,
    format_decimal,
    format_int,
    skeleton,
    skeletons,
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


# ---------------------------------------------------------------- skeletons
def test_skeleton_is_the_ascii_consonants_and_digits_of_the_fold() -> None:
    assert skeleton("Trộm xe máy lúc 14 giờ") == b"trmxmlc14g"
    assert skeleton("Hoà Bình") == skeleton("Hòa Bình") == skeleton(nfd("HÒA  BÌNH"))
    assert skeleton("Ça") == skeleton("c\u0327a") == b"c"  # a consonant inside a letter
    assert skeleton("\u212a") == b"k"  # the Kelvin sign folds to k


def test_fast_skeletons_agree_with_folding_for_every_character() -> None:
    # Each character alone and between letters: the C-level path must treat as
    # adding nothing only what folding turns into nothing.
    characters = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    characters += ["\U0001d400", "\U0001f600", "\0"]
    texts = characters + [f"b{ch}d" for ch in characters]
    assert skeletons(texts) == [skeleton(text) for text in texts]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=8))
def test_fast_skeletons_agree_with_folding(texts: list[str]) -> None:
    assert skeletons(texts) == [skeleton(text) for text in texts]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet="aăâeêioôơuưyđbcdghklmnpqrstvx Đ0123456789" + "\u0300\u0301\u0303\u0309\u0323",
        max_size=30,
    ),
    st.data(),
)
def test_texts_that_fold_alike_have_one_skeleton(text: str, data: st.DataObject) -> None:
    variant = text
    if data.draw(st.booleans()):
        variant = variant.upper()
    if data.draw(st.booleans()):
        variant = unicodedata.normalize("NFC", variant)
    if data.draw(st.booleans()):
        variant = "  " + variant.replace(" ", "   ") + " "
    assert fold_key(variant) == fold_key(text)
    assert skeleton(variant) == skeleton(text)
