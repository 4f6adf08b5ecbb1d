"""The embedded Times New Roman widths agree with the installed Liberation Serif."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from antq_tui.report.metrics import BOLD, REGULAR, text_width_pt
from tests.tools import require_file

# Liberation 2 carries the Vietnamese letters (Debian's fonts-liberation2, pulled in by LibreOffice).
FONTS = Path("/usr/share/fonts/truetype/liberation2")


def advance_widths(path: Path, chars: str) -> list[int]:
    """Per-character advance widths (1/1000 em) read from a TrueType file's cmap and hmtx."""
    data = path.read_bytes()
    (count,) = struct.unpack(">H", data[4:6])
    tables = {}
    for i in range(count):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode()] = offset
    (per_em,) = struct.unpack(">H", data[tables["head"] + 18 : tables["head"] + 20])
    (metrics,) = struct.unpack(">H", data[tables["hhea"] + 34 : tables["hhea"] + 36])
    hmtx = tables["hmtx"]
    advances = [
        struct.unpack(">H", data[hmtx + 4 * i : hmtx + 4 * i + 2])[0] for i in range(metrics)
    ]
    cmap = tables["cmap"]
    (subtables,) = struct.unpack(">H", data[cmap + 2 : cmap + 4])
    sub = next(
        cmap + offset
        for platform, encoding, offset in (
            struct.unpack(">HHI", data[cmap + 4 + 8 * i : cmap + 12 + 8 * i])
            for i in range(subtables)
        )
        if (platform, encoding) == (3, 1)
    )
    (seg2,) = struct.unpack(">H", data[sub + 6 : sub + 8])
    seg = seg2 // 2
    ends = struct.unpack(f">{seg}H", data[sub + 14 : sub + 14 + seg2])
    starts = struct.unpack(f">{seg}H", data[sub + 16 + seg2 : sub + 16 + 2 * seg2])
    deltas = struct.unpack(f">{seg}h", data[sub + 16 + 2 * seg2 : sub + 16 + 3 * seg2])
    ranges_at = sub + 16 + 3 * seg2
    ranges = struct.unpack(f">{seg}H", data[ranges_at : ranges_at + seg2])

    def glyph(code: int) -> int:
        for i in range(seg):
            if starts[i] <= code <= ends[i]:
                if not ranges[i]:
                    return (code + deltas[i]) & 0xFFFF
                at = ranges_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                (found,) = struct.unpack(">H", data[at : at + 2])
                return (found + deltas[i]) & 0xFFFF if found else 0
        return 0

    return [round(advances[min(glyph(ord(c)), metrics - 1)] * 1000 / per_em) for c in chars]


@pytest.mark.parametrize(("name", "table"), [("Regular", REGULAR), ("Bold", BOLD)])
def test_widths_match_liberation_serif(name: str, table: tuple[int, ...]) -> None:
    path = require_file(FONTS / f"LiberationSerif-{name}.ttf", "fonts-liberation2")
    chars = "".join(chr(c) for c in range(32, 127))
    assert advance_widths(path, chars) == list(table)
    # Vietnamese letters, each against what text_width_pt computes for it.
    letters = "ĐđệếạằẫỷụưứựơởƯỨƠỜ"
    bold = name == "Bold"
    computed = [round(text_width_pt(ch, 1000, bold=bold)) for ch in letters]
    assert advance_widths(path, letters) == computed


def test_text_width() -> None:
    assert text_width_pt("Độc lập", 10) == text_width_pt("Doc lap", 10)
    assert text_width_pt("ABC", 13, bold=True) > text_width_pt("ABC", 13)
    assert text_width_pt("m", 10) == pytest.approx(7.78)
