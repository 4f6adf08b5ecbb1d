"""Errors the user sees: each carries one Vietnamese sentence, never a traceback."""

from __future__ import annotations

import errno


class AntqError(Exception):
    """An error with a message fit for the user (Vietnamese, one sentence)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WorkbookUnreadable(AntqError):
    """The file cannot be read as a workbook at all (CLI exit status 2)."""


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


class WorkbookChanged(AntqError):
    """The workbook changed on disk since it was read: writing would lose someone's work."""


class WorkbookLocked(AntqError):
    """Someone else has the workbook open (Excel, LibreOffice or another antq)."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


class SaveFailed(AntqError):
    """The save did not happen; the original file is untouched."""
