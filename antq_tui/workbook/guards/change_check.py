"""Is the workbook on disk still the one we read? (size, mtime, then the hash)"""

from __future__ import annotations

import hashlib
from pathlib import Path

from antq_tui.model.errors import SaveFailed, WorkbookChanged, os_reason
from antq_tui.workbook.safety import CheckedFile


def _current_identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def check_unchanged(source: CheckedFile) -> None:
    """Raise WorkbookChanged unless the file still is exactly what was read."""
    name = source.path.name
    try:
        size, mtime_ns = _current_identity(source.path)
        same = (size, mtime_ns) == (source.size, source.mtime_ns)
        if same:
            # Size and time can stay equal across a rewrite (coarse clocks, copies): hash too.
            digest = hashlib.sha256(source.path.read_bytes()).hexdigest()
            same = digest == source.sha256
    except FileNotFoundError as exc:
        raise WorkbookChanged(
            f"Sổ {name} không còn ở chỗ cũ (đã bị xóa, đổi tên hoặc chuyển đi); chưa ghi gì."
        ) from exc
    except OSError as exc:
        raise SaveFailed(f"Không đọc lại được sổ {name}: {os_reason(exc)}. Chưa ghi gì.") from exc
    if not same:
        raise WorkbookChanged(
            f"Sổ {name} đã bị thay đổi trên đĩa sau khi chương trình đọc (có thể ai đó vừa "
            "lưu trong Excel hoặc LibreOffice). Chương trình không ghi đè để khỏi mất phần "
            "của họ; hãy mở lại sổ rồi làm lại thay đổi."
        )
