"""One-line bars: the sheet tabs, the status line, the cell detail and the key hints."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from antq_tui.model.text import format_int


class SheetBar(Static):
    """The tabs as one line: full names when they fit, short ones when not."""

    def __init__(self, titles: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.titles = list(titles)  # (full, short)
        self.active = 0
        self.counts: list[int | None] = [None] * len(self.titles)
        self.tooltip = "Các trang: " + " · ".join(
            f"{i + 1} {full}" for i, (full, _) in enumerate(self.titles)
        )

    def set_active(self, index: int) -> None:
        self.active = index
        self.refresh()

    def set_count(self, index: int, count: int | None) -> None:
        self.counts[index] = count
        self.refresh()

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

    def render(self) -> Text:
        width = self.size.width or 80
        text = Text(no_wrap=True, overflow="ellipsis")
        labels, compact = self._labels(width)
        for index, label in enumerate(labels):
            style = "reverse bold" if index == self.active else ""
            text.append(f"{index + 1}" if compact else f" {index + 1}", style="dim")
            text.append(f" {label} ", style=style)
        return text


class Line(Static):
    """A one-line widget whose updates never ask for a new layout (cheap on every keypress)."""

    _line: Text | None = None

    def set_line(self, text: Text) -> None:
        self._line = text
        self.refresh()

    def render(self) -> Text:
        return self._line or Text()


def middle_ellipsis(text: str, width: int) -> str:
    """``sample-hoang-dieu-2021.xlsx`` -> ``sample-ho…2021.xlsx`` to fit ``width`` cells."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    keep = width - 1
    head = keep // 2
    return text[:head] + "…" + text[len(text) - (keep - head) :]


class StatusLine(Line):
    """File, unsaved changes, error and warning counts, lock state; the file name gives way."""

    def show(
        self,
        *,
        file: str,
        pending: int,
        drafts: int,
        errors: int | None,
        warnings: int | None,
        read_only: bool,
        filter_text: str = "",
        shown: int = 0,
        total: int = 0,
        busy: str = "",
        sort_text: str = "",
    ) -> None:
        rest = Text(no_wrap=True, overflow="ellipsis")
        rest.append(" │ ")
        if pending:
            rest.append(f"{format_int(pending)} thay đổi chưa ghi", style="bold yellow")
        else:
            rest.append("đã ghi hết", style="green")
        if drafts:
            rest.append(f", {format_int(drafts)} nháp", style="yellow")
        rest.append(" │ ")
        if errors is None:
            rest.append("đang kiểm tra…", style="dim")
        else:
            rest.append(f"{format_int(errors)} lỗi", style="bold red" if errors else "green")
            rest.append(" · ")
            rest.append(f"{format_int(warnings or 0)} cảnh báo", style="yellow" if warnings else "")
        if filter_text:
            rest.append(" │ ")
            rest.append(
                f"lọc “{filter_text}”: {format_int(shown)}/{format_int(total)}", style="cyan"
            )
        if sort_text:
            rest.append(" │ ")
            rest.append(sort_text, style="cyan")
        if busy:
            rest.append(" │ ")
            rest.append(busy, style="italic")
        text = Text(no_wrap=True, overflow="ellipsis")
        if read_only:
            text.append(" CHỈ ĐỌC ", style="bold reverse red")
            text.append(" ")
        width = (self.content_region.width or 80) - text.cell_len - rest.cell_len
        text.append(middle_ellipsis(file, max(width, 12)), style="bold")
        text.append_text(rest)
        self.set_line(text)


class DetailLine(Line):
    """The cursor cell in full, and what the validator says about it."""

    def show(self, label: str, value: str, finding: tuple[str, str] | None = None) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if label:
            text.append(f"{label}: ", style="bold")
            text.append(
                " ⏎ ".join(value.splitlines()) if value else "(trống)", style="" if value else "dim"
            )
        if finding:
            severity, message = finding
            text.append("  ")
            text.append(
                ("✗ " if severity == "error" else "⚠ ") + message,
                style="bold red" if severity == "error" else "yellow",
            )
        self.set_line(text)


class KeyHints(Static):
    """The most useful keys, as many as fit on one line."""

    def show(self, hints: Sequence[tuple[str, str]]) -> None:
        self.hints = list(hints)
        self.refresh()

    def render(self) -> Text:
        width = self.size.width or 80
        text = Text(no_wrap=True)
        used = 0
        for key, label in getattr(self, "hints", []):
            piece = cell_len(key) + cell_len(label) + 3
            if used + piece > width:
                break
            text.append(f" {key}", style="bold reverse")
            text.append(f" {label} ")
            used += piece
        return text
