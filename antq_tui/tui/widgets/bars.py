"""One-line bars: the sheet tabs, the status line, the cell detail and the key hints.

Each bar draws itself from reactive attributes: whoever knows a fact sets it, and the
bar repaints (never a new layout: cheap on every keypress). Colours are the theme's
($warning, $error, $success, $accent, $text-muted), so every theme reads right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from antq_tui.model.text import format_int
from antq_tui.tui.state import Checked, Pending, TableView

# The look of each kind of fact, from the theme's variables.
WARNING = "$warning"
PENDING = "bold $warning"
DONE = "$success"
ERROR = "bold $error"
NOTE = "$accent"
MUTED = "$text-muted"
BADGE = "bold reverse $error"


class OneLine(Widget):
    """A one-line widget: its content is rendered at its current width."""

    DEFAULT_CSS = "OneLine { width: 1fr; height: 1; text-wrap: nowrap; text-overflow: ellipsis; }"


class SheetBar(OneLine):
    """The tabs as one line: full names when they fit, short ones when not."""

    active: reactive[int] = reactive(0)
    counts: reactive[tuple[int | None, ...]] = reactive(())

    def __init__(self, titles: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = list(titles)  # (full, short)
        self.set_reactive(SheetBar.counts, (None,) * len(self.titles))
        self.tooltip = "Các trang: " + " · ".join(
            f"{i + 1} {full}" for i, (full, _) in enumerate(self.titles)
        )

    def _labels(self, width: int) -> tuple[list[str], bool]:
        """The labels that fit, and whether they fit only without the space before each number."""

        def with_count(label: str, index: int) -> str:
            count = self.counts[index]
            return f"{label} ({format_int(count)})" if count is not None else label

        def needed(variant: list[str], gap: int) -> int:
            return sum(cell_len(label) + len(str(i + 1)) + gap for i, label in enumerate(variant))

        shorts = [s for _, s in self.titles]
        for variant in (
            [with_count(f, i) for i, (f, _) in enumerate(self.titles)],
            [f for f, _ in self.titles],
            [with_count(s, i) for i, (_, s) in enumerate(self.titles)],
            shorts,
        ):
            if needed(variant, 3) <= width:
                return variant, False
        return shorts, needed(shorts, 3) > width

    def render(self) -> Content:
        labels, compact = self._labels(self.size.width or 80)
        parts: list[tuple[str, str] | str] = []
        for index, label in enumerate(labels):
            parts.append((f"{index + 1}" if compact else f" {index + 1}", "dim"))
            parts.append((f" {label} ", "reverse bold") if index == self.active else f" {label} ")
        return Content.assemble(*parts)


def middle_ellipsis(text: str, width: int) -> str:
    """``sample-hoang-dieu-2021.xlsx`` -> ``sample-ho…2021.xlsx`` to fit ``width`` cells."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    keep = width - 1
    head = keep // 2
    return text[:head] + "…" + text[len(text) - (keep - head) :]


class StatusLine(OneLine):
    """File, unsaved changes, error and warning counts, lock state; the file name gives way."""

    file: reactive[str] = reactive("")
    pending: reactive[Pending] = reactive(Pending())
    checked: reactive[Checked | None] = reactive(None)
    read_only: reactive[bool] = reactive(False)
    busy: reactive[str] = reactive("")
    view: reactive[TableView] = reactive(TableView())

    def render(self) -> Content:
        rest: list[tuple[str, str] | str] = [" │ "]
        pending = self.pending
        if pending.changes:
            rest.append((f"{format_int(pending.changes)} thay đổi chưa ghi", PENDING))
        else:
            rest.append(("đã ghi hết", DONE))
        if pending.drafts:
            rest.append((f", {format_int(pending.drafts)} nháp", WARNING))
        rest.append(" │ ")
        checked = self.checked
        if checked is None:
            rest.append(("đang kiểm tra…", MUTED))
        else:
            rest.append((f"{format_int(checked.errors)} lỗi", ERROR if checked.errors else DONE))
            rest.append(" · ")
            rest.append(
                (f"{format_int(checked.warnings)} cảnh báo", WARNING if checked.warnings else "")
            )
        view = self.view
        if view.filter_text:
            rest.append(" │ ")
            rest.append(
                (
                    f"lọc “{view.filter_text}”: {format_int(view.shown)}/{format_int(view.total)}",
                    NOTE,
                )
            )
        if view.sort_text:
            rest += [" │ ", (view.sort_text, NOTE)]
        if self.busy:
            rest += [" │ ", (self.busy, "italic")]
        tail = Content.assemble(*rest)
        head = Content.assemble((" CHỈ ĐỌC ", BADGE), " ") if self.read_only else Content("")
        width = (self.content_region.width or 80) - head.cell_length - tail.cell_length
        name = Content.styled(middle_ellipsis(self.file, max(width, 12)), "bold")
        return Content.assemble(head, name, tail)


@dataclass(frozen=True)
class CellDetail:
    """The cursor cell: its column, its text, and what the validator says about it."""

    label: str = ""
    value: str = ""
    finding: tuple[str, str] | None = None  # ("error" or "warning", message)


class DetailLine(OneLine):
    """The cursor cell in full, and what the validator says about it."""

    detail: reactive[CellDetail] = reactive(CellDetail())

    def render(self) -> Content:
        detail = self.detail
        parts: list[tuple[str, str] | str] = []
        if detail.label:
            parts.append((f"{detail.label}: ", "bold"))
            if detail.value:
                parts.append(" ⏎ ".join(detail.value.splitlines()))
            else:
                parts.append(("(trống)", MUTED))
        if detail.finding:
            severity, message = detail.finding
            parts.append("  ")
            if severity == "error":
                parts.append(("✗ " + message, ERROR))
            else:
                parts.append(("⚠ " + message, WARNING))
        return Content.assemble(*parts)


class KeyHints(OneLine):
    """The most useful keys, as many as fit on one line."""

    hints: reactive[tuple[tuple[str, str], ...]] = reactive(())

    def render(self) -> Content:
        width = self.size.width or 80
        parts: list[tuple[str, str] | str] = []
        used = 0
        for key, label in self.hints:
            piece = cell_len(key) + cell_len(label) + 3
            if used + piece > width:
                break
            parts += [(f" {key}", "bold reverse"), f" {label} "]
            used += piece
        return Content.assemble(*parts)
