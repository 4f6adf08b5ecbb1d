"""Errors the user sees: each carries one Vietnamese sentence, never a traceback."""

from __future__ import annotations

import errno
from pathlib import Path


class AntqError(Exception):
    """An error with a message fit for the user (Vietnamese, one sentence)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WorkbookUnreadable(AntqError):
    """The file cannot be read as a workbook at all (CLI exit status 2)."""


class NotWritten(AntqError):
    """Nothing was written: the target is taken, locked, changed or cannot be written
    (CLI exit status 3). What was there before is untouched."""


_REASONS = {
    errno.EACCES: "không có quyền",
    errno.EPERM: "không có quyền",
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EISDIR: "đây là một thư mục",
    errno.EEXIST: "tệp đã có",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã hết hạn mức dung lượng",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EIO: "lỗi đọc ghi ổ đĩa",
    errno.EBUSY: "tệp đang bị chương trình khác giữ",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ELOOP: "đường dẫn vòng lặp liên kết",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.ETIMEDOUT: "ổ mạng không trả lời",
    errno.ESTALE: "ổ mạng đã ngắt kết nối",
}


def os_reason(exc: OSError) -> str:
    """An OS error in Vietnamese, the system's own words kept for a technician."""
    reason = _REASONS.get(exc.errno or 0)
    system = exc.strerror or str(exc)
    return f"{reason} ({system})" if reason else system


# One sentence per kind of mistake in naming a file, whichever command or screen meets it.
def file_not_found(path: Path) -> str:
    return f"Không tìm thấy tệp “{path}”."


def folder_not_file(path: Path, suffix: str) -> str:
    return f"“{path}” là một thư mục, không phải tệp {suffix}."


def cannot_read(path: Path, exc: OSError) -> str:
    return f"Không đọc được tệp “{path}”: {os_reason(exc)}."


def cannot_write(path: Path, exc: OSError) -> str:
    return f"Không ghi được tệp “{path}”: {os_reason(exc)}."


def wrong_suffix(path: Path, suffixes: tuple[str, ...]) -> str:
    return f"Tệp “{path.name}” phải có đuôi {' hoặc '.join(suffixes)}."


class WorkbookChanged(NotWritten):
    """The workbook changed on disk since it was read: writing would lose someone's work."""


class WorkbookLocked(NotWritten):
    """Someone else has the workbook open (Excel, LibreOffice or another antq)."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


class SaveFailed(NotWritten):
    """The save did not happen; the original file is untouched."""
