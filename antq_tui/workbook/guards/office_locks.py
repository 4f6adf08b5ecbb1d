"""Excel's and LibreOffice's owner files: who has the workbook open.

Excel writes ``~$NAME.xlsx`` and LibreOffice ``.~lock.NAME.xlsx#`` beside a workbook it
opens; they are parsed to name the person. A save never goes over a workbook open there.
"""

from __future__ import annotations

import os
from pathlib import Path

from antq_tui.model.errors import WorkbookLocked

UNKNOWN_HOLDER = "không rõ tên"


def excel_owner_file(path: Path) -> Path:
    return path.with_name("~$" + path.name)


def libreoffice_lock_file(path: Path) -> Path:
    return path.with_name(f".~lock.{path.name}#")


def parse_excel_owner(data: bytes) -> str | None:
    """The user name in an MS Office owner file (165 bytes for Excel, 162 for Word).

    Byte 0 holds the name's length, then the name in the Windows code page; at
    offset 55 (Excel, PowerPoint) or 54 (Word) a 2-byte length and the name again
    in UTF-16-LE, which we prefer because it keeps Vietnamese letters.
    """
    if len(data) < 2:
        return None
    length = data[0]
    for offset in (55, 54):
        if len(data) >= offset + 2:
            wide_len = int.from_bytes(data[offset : offset + 2], "little")
            wide = data[offset + 2 : offset + 2 + 2 * wide_len]
            if 0 < wide_len <= 52 and len(wide) == 2 * wide_len:
                try:
                    name = wide.decode("utf-16-le")
                except UnicodeDecodeError:
                    continue
                if name.isprintable() and (not length or len(name) == length):
                    return name.strip() or None
    if 0 < length <= 52 and len(data) > length:
        return data[1 : 1 + length].decode("cp1258", errors="replace").strip() or None
    return None


def _split_lock_fields(text: str) -> list[str]:
    """LibreOffice's lock line: fields split by ',' ending in ';', with '\\' escapes."""
    fields, current, escaped = [], [], False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in ",;":
            fields.append("".join(current))
            current = []
            if ch == ";":
                break
        else:
            current.append(ch)
    else:
        if current:
            fields.append("".join(current))
    return fields


def parse_libreoffice_lock(data: bytes) -> str | None:
    """``user,osuser,host,dd.mm.yyyy hh:mm,profile;`` as a readable holder."""
    fields = _split_lock_fields(data.decode("utf-8", errors="replace"))
    if not fields:
        return None
    user = fields[0].strip()
    os_user = fields[1].strip() if len(fields) > 1 else ""
    host = fields[2].strip() if len(fields) > 2 else ""
    since = fields[3].strip() if len(fields) > 3 else ""
    if not user or user.lower() == "unknown user":
        user = os_user
    if not user:
        return None
    details = ", ".join(
        part for part in (f"tài khoản {os_user}" if os_user and os_user != user else "",
                          f"máy {host}" if host else "", f"từ {since}" if since else "") if part
    )  # fmt: skip
    return f"{user} ({details})" if details else user


def _owner_file_text(owner: Path, limit: int) -> bytes | None:
    """The start of an owner file; b"" when it is there but cannot be read; None if absent.

    Another account's owner file (mode 0600) cannot be read, but it still says the
    workbook is open: its existence is the lock, its content only names the holder.
    """
    try:
        with owner.open("rb") as handle:
            return handle.read(limit)
    except FileNotFoundError:
        return None
    except OSError:
        return b"" if os.path.lexists(owner) else None


def _places(path: Path) -> list[Path]:
    """The workbook as given and, when reached through a symlink, where it really is.

    Excel and LibreOffice put their owner file beside the file they opened, which may
    be the link's target or the link itself.
    """
    real = Path(os.path.realpath(path))
    return [path] if real == path else [path, real]


def office_lock_holder(path: Path | str) -> str | None:
    """Who has the workbook open in Excel or LibreOffice, from their owner files; else None."""
    for place in _places(Path(path)):
        data = _owner_file_text(excel_owner_file(place), 512)
        if data is not None:
            return f"{parse_excel_owner(data) or UNKNOWN_HOLDER} (Excel)"
        data = _owner_file_text(libreoffice_lock_file(place), 4096)
        if data is not None:
            return f"{parse_libreoffice_lock(data) or UNKNOWN_HOLDER} (LibreOffice)"
    return None


def check_office_locks(path: Path, force: bool) -> None:
    holder = office_lock_holder(path)
    if holder is not None and not force:
        raise WorkbookLocked(
            f"Sổ “{path.name}” đang được mở bởi {holder}. Hãy đóng sổ ở đó rồi lưu lại. Nếu "
            "chắc chắn không còn ai mở (tệp khóa sót lại sau khi máy tắt đột ngột), hãy "
            "chạy lại với --force/--ghi-de.",
            holder,
        )
