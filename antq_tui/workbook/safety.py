"""Refuse hostile or broken files before any parser sees them.

A workbook is a zip of XML parts. Before python-calamine reads it we check, in
bounded time and memory: that it is a zip at all (not an old .xls or an
encrypted file, which are OLE containers), that the declared sizes and
compression ratios are sane (zip bombs), that the parts we read really inflate
to their declared size, and that no sheet we read places a cell so far out that
a dense reader would allocate gigabytes (calamine aborts the whole process then).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from stat import S_ISDIR

from antq_tui.model.errors import (
    WorkbookUnreadable,
    cannot_read,
    file_not_found,
    folder_not_file,
    wrong_suffix,
)
from antq_tui.model.records import column_letter
from antq_tui.workbook.package import PackageInfo, read_package

WORKBOOK_SUFFIX = ".xlsx"
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_PARTS = 10_000
MAX_TOTAL_INFLATED = 2 * 1024 * 1024 * 1024
MAX_PART_INFLATED = 1024 * 1024 * 1024
# Real sheets compress about 10-20x; bombs 300-1000x. Small parts may compress well.
MAX_RATIO = 150
RATIO_APPLIES_ABOVE = 8 * 1024 * 1024
# The dense grid python-calamine allocates: rows x columns of the used range.
MAX_GRID_CELLS = 25_000_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s5H3I2H")
# A cell or row reference beyond column Z or row 99,999 (calamine reads lower case,
# single quotes and XML white space around "=" too, so the scan does). No quantifier
# nests in another, so the scan is linear whatever the input. (google-re2 ran it 3x
# faster but saved only 6.7% of opening the 100k-row bench workbook: not worth a
# compiled dependency.)
_FAR_REF = re.compile(
    rb"r[ \t\r\n]*=[ \t\r\n]*[\"']([A-Za-z]{2,3}[0-9]{1,7}|[A-Za-z]?[0-9]{6,})[\"']"
)
_REF_PARTS = re.compile(rb"([A-Z]*)([0-9]+)")
_CHUNK_IN = 1024 * 1024
_CHUNK_OUT = 4 * 1024 * 1024
_CARRY_WITHOUT_TAG = 64


@dataclass
class CheckedFile:
    """A workbook file read into memory and found safe to parse."""

    path: Path
    data: bytes
    zip: zipfile.ZipFile
    package: PackageInfo
    size: int
    mtime_ns: int

    @cached_property
    def sha256(self) -> str:
        """The content hash of the bytes read, computed when a save first needs it."""
        return hashlib.sha256(self.data).hexdigest()


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _stat_file(path: Path) -> os.stat_result:
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise WorkbookUnreadable(file_not_found(path)) from exc
    except OSError as exc:
        raise WorkbookUnreadable(cannot_read(path, exc)) from exc
    if S_ISDIR(stat.st_mode):
        raise WorkbookUnreadable(folder_not_file(path, WORKBOOK_SUFFIX))
    return stat


def check_workbook_path(path: Path) -> None:
    """The workbook a user named is there, a file, an .xlsx and readable; else
    WorkbookUnreadable says which, in the words the reader uses for the same mistake."""
    _stat_file(path)
    if path.suffix.lower() != WORKBOOK_SUFFIX:
        raise WorkbookUnreadable(
            wrong_suffix(path, (WORKBOOK_SUFFIX,)) + " Sổ .xls hoặc .ods thì mở bằng Excel "
            "hoặc LibreOffice rồi lưu lại dưới dạng .xlsx."
        )
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise WorkbookUnreadable(cannot_read(path, exc)) from exc


def open_checked(path: Path) -> CheckedFile:
    """Read ``path`` and check it is a sane .xlsx package; raise WorkbookUnreadable if not."""
    stat = _stat_file(path)
    if stat.st_size > MAX_FILE_BYTES:
        raise WorkbookUnreadable(
            f"Tệp “{path.name}” quá lớn ({stat.st_size // (1024 * 1024)} MB); "
            f"chương trình chỉ mở sổ đến {MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookUnreadable(cannot_read(path, exc)) from exc

    if data.startswith(_OLE_MAGIC):
        raise WorkbookUnreadable(
            f"Tệp “{path.name}” là sổ Excel cũ (.xls) hoặc đã đặt mật khẩu; hãy mở bằng Excel, "
            "bỏ mật khẩu rồi lưu lại dưới dạng .xlsx."
        )
    if not data.startswith(_ZIP_MAGIC):
        raise WorkbookUnreadable(f"Tệp “{path.name}” không phải sổ Excel (.xlsx).")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        NotImplementedError,  # a damaged directory claims a zip version from the future
    ) as exc:
        raise WorkbookUnreadable(
            f"Tệp “{path.name}” bị hỏng hoặc chưa chép xong nên không đọc được."
        ) from exc

    _check_declared_sizes(path.name, infos)
    package = read_package(zf)
    return CheckedFile(
        path=path,
        data=data,
        zip=zf,
        package=package,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
    )


def _check_declared_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_PARTS:
        raise WorkbookUnreadable(f"Tệp “{name}” có quá nhiều thành phần ({len(infos)}).")
    total = 0
    for info in infos:
        total += info.file_size
        too_big = info.file_size > MAX_PART_INFLATED
        ratio = info.file_size / max(info.compress_size, 1)
        if too_big or (info.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_RATIO):
            raise WorkbookUnreadable(
                f"Tệp “{name}” có thành phần {info.filename} giải nén ra quá lớn "
                "(nghi là bom nén), không được mở."
            )
    if total > MAX_TOTAL_INFLATED:
        raise WorkbookUnreadable(
            f"Tệp “{name}” giải nén ra quá lớn (nghi là bom nén), không được mở."
        )


def _raw_part(checked: CheckedFile, part: str) -> tuple[zipfile.ZipInfo, bytes]:
    try:
        info = checked.zip.getinfo(part)
        header = _LOCAL_HEADER.unpack_from(checked.data, info.header_offset)
    except (KeyError, struct.error) as exc:
        raise WorkbookUnreadable(
            f"Tệp “{checked.path.name}” bị hỏng: thiếu hoặc hỏng thành phần {part}."
        ) from exc
    name_len, extra_len = header[9], header[10]
    start = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise WorkbookUnreadable(
            f"Tệp “{checked.path.name}” dùng kiểu nén không hỗ trợ cho {part}; "
            "hãy mở bằng Excel và lưu lại."
        )
    return info, checked.data[start : start + info.compress_size]


def _inflated_chunks(checked: CheckedFile, part: str) -> Iterator[bytes]:
    """A part's bytes in pieces, never more than its declared size: a lying header is refused."""
    info, raw = _raw_part(checked, part)
    crc, total = 0, 0
    if info.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = iter([raw])
    else:
        pieces = _deflate_pieces(checked, part, raw, info.file_size)
    for piece in pieces:
        total += len(piece)
        crc = zlib.crc32(piece, crc)
        yield piece
    if total != info.file_size or crc != info.CRC:
        raise WorkbookUnreadable(
            f"Tệp “{checked.path.name}” bị hỏng hoặc bị sửa: {part} không khớp kích thước khai báo."
        )


def _deflate_pieces(checked: CheckedFile, part: str, raw: bytes, declared: int) -> Iterator[bytes]:
    # (isal inflated twice as fast but saved only 3% of opening the 100k-row bench
    # workbook and nothing of a save: not worth a compiled dependency.)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    try:
        for start in range(0, len(raw), _CHUNK_IN):
            pending = raw[start : start + _CHUNK_IN]
            while pending:
                piece = inflater.decompress(pending, _CHUNK_OUT)
                pending = inflater.unconsumed_tail
                produced += len(piece)
                if produced > declared:
                    break
                yield piece
            if produced > declared:
                yield b"\0"  # one byte too many: the size check refuses the part
                return
        yield inflater.flush()
    except zlib.error as exc:
        raise WorkbookUnreadable(
            f"Tệp “{checked.path.name}” bị hỏng: không giải nén được {part}."
        ) from exc


def inflate(checked: CheckedFile, part: str) -> bytes:
    """A part's bytes, checked against its declared size and CRC."""
    return b"".join(_inflated_chunks(checked, part))


def check_sheet_grid(checked: CheckedFile, sheet_name: str, part: str) -> None:
    """Refuse a sheet whose used range would be an enormous dense grid.

    The sheet is inflated and scanned piece by piece (bounded memory); each piece
    is scanned from the start of the last tag of the piece before, so a reference
    cut in two is still seen whole.
    """
    max_row, max_col = 99_999, 26
    carry = b""
    for piece in _inflated_chunks(checked, part):
        # The tag cut by the piece before, made whole; then the piece itself, not copied.
        end_of_cut = piece.find(b">") + 1 if carry else 0
        refs = _FAR_REF.findall(carry + piece[:end_of_cut]) if carry else []
        refs += _FAR_REF.findall(piece, end_of_cut)
        for ref in refs:
            match = _REF_PARTS.fullmatch(ref.upper())
            if match is None:
                continue
            letters, digits = match.groups()
            max_row = max(max_row, int(digits))
            if letters:
                max_col = max(max_col, _column_number(letters))
        last_tag = piece.rfind(b"<")
        carry = piece[last_tag:] if last_tag >= 0 else (carry + piece)[-_CARRY_WITHOUT_TAG:]
    if max_row * max_col > MAX_GRID_CELLS:
        raise WorkbookUnreadable(
            f"Trang “{sheet_name}” có ô ở tận {column_letter(max_col - 1)}{max_row}: vùng dữ liệu "
            "quá lớn để mở. Hãy xóa các ô thừa ở cuối trang rồi lưu lại."
        )
