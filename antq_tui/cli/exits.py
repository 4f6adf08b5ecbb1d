"""Exit statuses: one per kind of outcome, the same for every command."""

from __future__ import annotations

from antq_tui.model.errors import AntqError, NotWritten

OK = 0
FINDINGS = 1  # the workbook has errors; fix --dry-run has something to fix; rollup left a file out
BAD_INPUT = 2  # a command line or a file the command cannot start from
NOT_WRITTEN = 3  # nothing was written: the target is taken, locked, changed or not writable
UNEXPECTED = 4  # a fault of the program, logged with its traceback
INTERRUPTED = 130  # ctrl+c, as shells count it

# Shown by ``antq --help`` and every command's help (click keeps \b paragraphs as typed).
HELP = """\b
Mã thoát (giống nhau ở mọi lệnh):
    0  xong; validate: sổ không có lỗi (có thể có cảnh báo)
    1  validate: sổ có lỗi; fix --dry-run/--chay-thu: có chỗ sẽ sửa;
       rollup: có tệp không tổng hợp được (đã liệt kê)
    2  gõ lệnh sai, hoặc không đọc được sổ: không tìm thấy tệp, đường dẫn
       là thư mục, không có quyền đọc, tệp không có đuôi .xlsx, tệp hỏng
    3  không ghi được, chưa ghi gì: tệp đã có (thêm --force/--ghi-de), sổ
       đang mở trong Excel/LibreOffice hay vừa bị sửa, không có quyền ghi
    4  lỗi không mong muốn của chương trình (chi tiết ghi vào tệp nhật ký)
  130  đã dừng bằng ctrl+c
"""


def for_error(exc: AntqError) -> int:
    """The status of a Vietnamese error that ends a command."""
    return NOT_WRITTEN if isinstance(exc, NotWritten) else BAD_INPUT
