"""Recovery at start: the journal of an earlier session, offered back to the operator.

The journal is found and read by the opening worker (``access.py``); this part asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from antq_tui.editing.journal import JournalContent, JournalError, set_aside
from antq_tui.editing.rebase import Conflict, Unsaved, rebase, unsaved_in
from antq_tui.tui.base import AppBase
from antq_tui.tui.screens import dialogs
from antq_tui.tui.state import Pending


class RecoveryMixin(AppBase):
    """Part of AntqApp (app.py)."""

    def offer_recovery(self, content: JournalContent) -> None:
        session = self.session
        if session is None:
            return
        unsaved = unsaved_in(content, session.loaded.source.sha256)
        if not unsaved.net and not unsaved.drafts:
            content.path.unlink(missing_ok=True)
            return
        if unsaved.saved_by_us:  # the last save went through; only its drafts are left
            self.call_after_refresh(self.restore, content.ops, unsaved)
            return
        left = Pending(len(unsaved.net), len(unsaved.drafts)).phrase("thay đổi chưa ghi vào sổ")
        lines = [f"Lần trước ({content.user}, bắt đầu lúc {content.started}) còn {left}."]
        if not unsaved.same_file:
            lines.append(
                "Sổ đã được sửa ở nơi khác từ lúc đó: các thay đổi sẽ được gộp vào bản hiện tại."
            )
        if content.torn:
            lines.append(
                "Dòng cuối của tệp khôi phục bị cắt dở (mất kết nối lúc đang ghi); "
                "mọi thay đổi trước đó vẫn còn."
            )

        def answered(answer: str | None) -> None:
            if answer == dialogs.YES:
                self.restore(content.ops, unsaved)
            elif answer == dialogs.SET_ASIDE:
                kept = set_aside(content.path)
                self.say(f"Đã cất tệp khôi phục vào {kept}.")

        self.push_screen(
            dialogs.ChoiceDialog(
                "Khôi phục thay đổi chưa ghi?",
                "\n".join(lines),
                [(dialogs.YES, "Khôi phục"), (dialogs.SET_ASIDE, "Bỏ (cất riêng)")],
                escape=dialogs.YES,
            ),
            answered,
        )

    def restore(self, ops: list[dict[str, Any]], unsaved: Unsaved) -> None:
        session = self.live_session
        if unsaved.same_file:
            session.replay(ops)
            conflicts: list[Conflict] = []
        else:
            session, conflicts = rebase(
                session.loaded, unsaved.net, unsaved.drafts, session.journal
            )
            self.session = session
        try:
            session.start_journal()
        except JournalError as exc:
            self.say(exc.message, "error")
        self.changed()
        if unsaved.saved_by_us:
            self.say(
                "Lần trước sổ đã được ghi xong ngay trước khi chương trình tắt; "
                f"còn {self.pending.phrase()} chưa ghi được, mở lại dưới đây."
            )
        else:
            self.say(f"Đã khôi phục {self.pending.phrase()}. Bấm ctrl+s để ghi vào sổ.")
        if conflicts:
            self.show_conflicts(conflicts)
        elif session.drafts:
            draft = list(session.drafts.values())[-1]

            def reopen() -> None:
                main = self.main
                if main is not None:
                    main.open_draft(draft)

            self.call_after_refresh(reopen)

    def show_conflicts(self, conflicts: Iterable[Conflict]) -> None:
        lines = [c.message for c in conflicts]
        self.push_screen(dialogs.message("Những chỗ cần xem lại sau khi gộp", "\n".join(lines)))
