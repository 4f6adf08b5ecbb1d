"""A table cell's text cut to its width: long texts are measured by their head only."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, set_cell_size

from antq_tui.tui.widgets.record_table import fit


def measured_whole(text: str, width: int) -> str:
    """What fit gives when it measures the whole text."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - cell_len(text))


def test_a_32000_character_summary_is_cut_like_a_short_one() -> None:
    text = "Trộm xe máy tại nhà ông Nguyễn Văn An, " * 820
    assert fit(text, 20) == "Trộm xe máy tại nhà…"
    assert fit(unicodedata.normalize("NFD", text), 20) == measured_whole(
        unicodedata.normalize("NFD", text), 20
    )


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="aâb xyzÂ\u0301\u0323\u200b中文😀", max_size=200),
    st.integers(min_value=0, max_value=40),
)
def test_fit_agrees_with_measuring_the_whole_text(text: str, width: int) -> None:
    # Wide (中, 😀) and zero-width (combining marks, U+200B) characters included.
    assert fit(text, width) == measured_whole(text, width)
