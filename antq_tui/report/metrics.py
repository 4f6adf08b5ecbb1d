"""How wide a line of Times New Roman is, to size the rules under headings.

Advance widths (1/1000 em) of the printable ASCII characters in Times New Roman,
regular and bold; Liberation Serif, its metric twin, gives the same numbers (a test
checks them against the installed font). A Vietnamese letter is as wide as its base
letter (tone and vowel marks sit above or below) except the horned ư and ơ.
"""

from __future__ import annotations

import unicodedata

_FIRST = 32
REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)  # fmt: skip
BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
    930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,
    611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
    333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
)  # fmt: skip
_BASE = str.maketrans({"Đ": "D", "đ": "d", "Ð": "D", "“": '"', "”": '"', "‘": "'", "’": "'"})
_HORN = "\u031b"
# The horn sticks out to the right: widths of u, o, U, O with it (regular, bold).
HORNED = {"u": (542, 600), "o": (529, 554), "U": (776, 796), "O": (722, 778)}


def _width(char: str, bold: bool) -> int:
    decomposed = unicodedata.normalize("NFD", char.translate(_BASE))
    base = decomposed[0]
    if _HORN in decomposed and base in HORNED:
        return HORNED[base][bold]
    code = ord(base) - _FIRST
    table = BOLD if bold else REGULAR
    return table[code] if 0 <= code < len(table) else 500


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Width in points of ``text`` set in Times New Roman at ``size_pt``."""
    return sum(_width(char, bold) for char in text) * size_pt / 1000
