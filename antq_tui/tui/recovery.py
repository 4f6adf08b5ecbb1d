"""Recovery at start: the journal of an earlier session, offered back to the operator."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.notifications import SeverityLevel

from antq_tui.editing.journal import JournalError, find_journal, read_journal, set_aside
from antq_tui.editing.rebase import Pending, pending_in, rebase
from antq_tui.editing.session import EditSession
from antq_tui.model.text import format_int


class RecoveryMixin(App[int]):
    """Part of AntqApp (app.py). What it uses from the rest of the app is declared here."""

    path: Path
    session: EditSession | None

    if TYPE_CHECKING:

        def say(
            self, text: str, severity: SeverityLevel = ..., timeout: float | None = ...
        ) -> None: ...

        def changed(self) -> None: ...

        @property
        def main(self) -> Any: ...

    def offer_recovery(self) -> None:
        path = find_journal(self.path)
        if path is None or self.session is None:
            return
        try:
            content = read_journal(path)
        except JournalError as exc:
            self.say(exc.message, "error")
            return
        pending = pending_in(content, self.session.loaded.source.sha256)
        net, drafts, same = pending.net, pending.drafts, pending.same_file
        if not net and not drafts:
            path.unlink(missing_ok=True)
            return
        if pending.saved_by_us:  # the last save went through; only its drafts are left
            self.call_after_refresh(self.restore, content.ops, pending)
            return
        from antq_tui.tui.screens.dialogs import ChoiceDialog

        lines = [
            f"Lần trước ({content.user}, bắt đầu lúc {content.started}) còn "
            f"{format_int(len(net))} thay đổi chưa ghi vào sổ"
            + (f" và {format_int(len(drafts))} bản nháp" if drafts else "")
            + "."
        ]
        if not same:
            lines.append(
                "Sổ đã được sửa ở nơi khác từ lúc đó: các thay đổi sẽ được gộp vào bản hiện tại."
            )
        if content.torn:
            lines.append(
                "Dòng cuối của tệp khôi phục bị cắt dở (mất kết nối lúc đang ghi); "
                "mọi thay đổi trước đó vẫn còn."
            )

        def answered(answer: str | None) -> None:
            if answer == "restore":
                self.restore(content.ops, pending)
            elif answer == "discard":
                kept = set_aside(path)
                self.say(f"Đã cất tệp khôi phục vào {kept}.")

        self.push_screen(
            ChoiceDialog(
                "Khôi phục thay đổi chưa ghi?",
                "\n".join(lines),
                [("restore", "k", "Khôi phục"), ("discard", "b", "Bỏ (cất riêng)")],
                escape="restore",
            ),
            answered,
        )

    def restore(self, ops: list[dict[str, Any]], pending: Pending) -> None:
        session = self.session
        assert session is not None
        if pending.same_file:
            session.replay(ops)
            conflicts: list[Any] = []
        else:
            session, conflicts = rebase(
                session.loaded, pending.net, pending.drafts, session.journal
            )
            self.session = session
        try:
            session.start_journal()
        except JournalError as exc:
            self.say(exc.message, "error")
        self.changed()
        if pending.saved_by_us:
            text = (
                "Lần trước sổ đã được ghi xong ngay trước khi chương trình tắt; "
                f"còn {format_int(len(session.drafts))} bản nháp chưa ghi được, mở lại dưới đây."
            )
        else:
            text = (
                f"Đã khôi phục {format_int(session.pending)} thay đổi chưa ghi"
                + (f" và {format_int(len(session.drafts))} bản nháp" if session.drafts else "")
                + ". Bấm ctrl+s để ghi vào sổ."
            )
        self.say(text)
        if conflicts:
            self.show_conflicts(conflicts)
        elif session.drafts:
            draft = list(session.drafts.values())[-1]
            self.call_after_refresh(lambda: self.main and self.main.open_draft(draft))

    def show_conflicts(self, conflicts: Iterable[Any]) -> None:
        from antq_tui.tui.screens.dialogs import message

        lines = [c.message for c in conflicts]
        self.push_screen(message("Những chỗ cần xem lại sau khi gộp", "\n".join(lines)))
