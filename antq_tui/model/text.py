"""Vietnamese text folding: NFC, tone-mark placement, diacritics, suggestions.

Staff type the same word many ways: NFC or decomposed (Windows' and macOS'
keyboards), old or new tone placement ("hoà"/"hòa", "uỷ"/"ủy"), Icelandic "Ð" for
"Đ", stray spaces, other capitals. Matching folds all of that away; writing keeps
the spelling the workbook's own list uses.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from itertools import chain

# The five Vietnamese tone marks as combining characters (grave, acute, tilde,
# hook above, dot below). Circumflex, breve and horn are letters' parts, not tones.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Combining marks are not \w in Python's re, so a word includes them explicitly.
_WORD = re.compile(r"[\w\u0300-\u036f]+")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
# Control characters Excel cannot store (XML 1.0 forbids them); tab and newline stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def nfc(text: str) -> str:
    """Return ``text`` in NFC, the one precomposed form of every Vietnamese letter."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC, no control characters, no surrounding spaces: how text is stored."""
    return _CONTROL.sub("", nfc(text)).strip()


def strip_control(text: str) -> str:
    """Remove characters that XML (and so Excel and Word) cannot hold."""
    return _CONTROL.sub("", text)


def _move_tones_to_word_end(decomposed: str) -> str:
    # A Vietnamese syllable carries one tone; where it sits ("hoà" vs "hòa") is only
    # spelling. Taking the tone off its vowel and putting it after the word makes
    # both placements the same key.
    def fold(match: re.Match[str]) -> str:
        word = match.group(0)
        tones = "".join(ch for ch in word if ch in _TONES)
        if not tones:
            return word
        return "".join(ch for ch in word if ch not in _TONES) + tones

    return _WORD.sub(fold, decomposed)


@lru_cache(maxsize=65536)
def fold_key(text: str) -> str:
    """The matching key: case, spaces, NFC/NFD, tone placement, Ð/Đ and quotes folded."""
    text = text.translate(_QUOTES).replace("Ð", "Đ").replace("ð", "đ")
    text = _SPACES.sub(" ", text).strip().casefold()
    return _move_tones_to_word_end(unicodedata.normalize("NFD", text))


# A text's skeleton: the ASCII consonants and digits of its fold_key, in order. Folding
# only changes case, spacing, quotes, normal form and where tones sit, and none of that
# adds, drops or reorders an ASCII consonant, so equal fold_keys have equal skeletons;
# texts that differ in their consonants cannot fold alike. Vietnamese letters add
# nothing to a skeleton, so for a text of ASCII and Vietnamese letters the skeleton is
# read off its UTF-8 bytes by C-level byte operations, without folding anything.
_SKELETON_LETTERS = b"bcdfghjklmnpqrstvwxz0123456789"
_NOT_SKELETON = bytes(b for b in range(256) if b not in _SKELETON_LETTERS)
_NOT_SKELETON_NOR_NUL = bytes(b for b in range(1, 256) if b not in _SKELETON_LETTERS)


def skeleton(text: str) -> bytes:
    """The ASCII consonants and digits of ``fold_key(text)``: the slow, always right way."""
    return fold_key(text).encode("utf-8").translate(None, _NOT_SKELETON)


@cache
def _adds_to_skeleton() -> re.Pattern[str]:
    """Characters beyond ASCII whose fold holds an ASCII consonant or digit (ç, ß, K, ...).

    Every character outside the ranges checked here counts as one, which is safe.
    """
    checked = chain(range(0x80, 0x250), range(0x300, 0x370), range(0x1E00, 0x1F00),
                    range(0x2000, 0x2070))  # fmt: skip
    inert = "".join(ch for ch in map(chr, checked) if not skeleton(ch))
    return re.compile(r"[^\x00-\x7f" + re.escape(inert) + "]")


def skeletons(texts: Sequence[str]) -> list[bytes]:
    """``skeleton`` of each text, fast for texts of ASCII and Vietnamese letters."""
    if not texts:
        return []
    joined = "\0".join(texts)
    if joined.count("\0") == len(texts) - 1 and not _adds_to_skeleton().search(joined):
        return joined.encode("utf-8").lower().translate(None, _NOT_SKELETON_NOR_NUL).split(b"\0")
    inert = _adds_to_skeleton()
    return [
        skeleton(text)
        if inert.search(text)
        else text.encode("utf-8").lower().translate(None, _NOT_SKELETON)
        for text in texts
    ]


@lru_cache(maxsize=65536)
def ascii_key(text: str) -> str:
    """Key without any diacritics: "Tây Sơn", "Tay Son" and "tay  son" agree."""
    text = fold_key(text).replace("đ", "d")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


class Vocabulary:
    """The allowed spellings of one list, matched the tolerant way.

    ``canonical()`` accepts any spelling that differs only in case, spacing,
    normal form or tone placement. A value that matches only once diacritics are
    stripped, or that is a near miss, is not accepted but ``suggest()`` names it.
    """

    def __init__(self, values: Iterable[str]) -> None:
        self.values: list[str] = []
        self._by_key: dict[str, str] = {}
        self._by_ascii: dict[str, list[str]] = {}
        for value in values:
            self.add(value)

    def add(self, value: str) -> None:
        value = clean_text(value)
        key = fold_key(value)
        if not value or key in self._by_key:
            return
        self.values.append(value)
        self._by_key[key] = value
        self._by_ascii.setdefault(ascii_key(value), []).append(value)

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and fold_key(value) in self._by_key

    def __len__(self) -> int:
        return len(self.values)

    def canonical(self, value: str) -> str | None:
        """The list's own spelling of ``value``, or None when it is not in the list."""
        return self._by_key.get(fold_key(value))

    def suggest(self, value: str) -> str | None:
        """What ``value`` probably meant, for a value that is not in the list."""
        same_letters = self._by_ascii.get(ascii_key(value))
        if same_letters:
            # "Hoa" could be "Hòa" or "Hóa": better no suggestion than a wrong one.
            return same_letters[0] if len(same_letters) == 1 else None
        keys = {ascii_key(v): v for v in self.values}
        close = difflib.get_close_matches(ascii_key(value), list(keys), n=1, cutoff=0.8)
        return keys[close[0]] if close else None


def format_int(number: int) -> str:
    """Vietnamese grouping: 12.345."""
    return f"{number:,}".replace(",", ".")


def format_decimal(number: float, places: int = 1) -> str:
    """Vietnamese decimal comma: 85,7."""
    text = f"{number:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
