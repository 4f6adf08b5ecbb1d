"""Hostile and broken files: one Vietnamese sentence, exit 2, no traceback, bounded.

Each file is checked through the real command line in a child process whose
address space is capped, so a parser that runs away fails the test instead of
the machine.
"""

from __future__ import annotations

import io
import random
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from antq_tui.model.errors import WorkbookUnreadable
from antq_tui.validate.checks import validate
from antq_tui.workbook import reader, safety
from antq_tui.workbook.reader import load
from tests.conftest import SAMPLE
from tests.tools import soffice_convert

MEMORY_CAP = 2 * 1024**3
ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def run_validate(path: Path) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [sys.executable, "-m", "antq_tui", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=cap,
    )


def assert_refused(path: Path, *words: str) -> str:
    result = run_validate(path)
    assert result.returncode == 2, result.stderr + result.stdout
    message = result.stderr.strip()
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr
    assert len(message.splitlines()) == 1, message
    for word in words:
        assert word in message, message
    return message


def rezip(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    """Copy a workbook, replacing (or, with None, dropping) some parts."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = replace.get(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)
        for name, data in replace.items():
            if name not in zin.namelist() and data is not None:
                zout.writestr(name, data)
    return target


def incidents_part(source: Path = SAMPLE) -> str:
    with zipfile.ZipFile(source) as zf:
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        workbook = zf.read("xl/workbook.xml").decode()
    rel_id = workbook.split('name="Vụ việc"')[1].split('r:id="')[1].split('"')[0]
    target = rels.split(f'Id="{rel_id}"')[0].rsplit("Target=", 1)[1].split('"')[1]
    return "xl/" + target.lstrip("/").removeprefix("xl/")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Đây là tệp văn bản, không phải sổ.", encoding="utf-8")
    assert_refused(path, "notes.xlsx", "không phải sổ Excel")


def test_truncated(tmp_path: Path) -> None:
    path = tmp_path / "half.xlsx"
    data = SAMPLE.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, "bị hỏng hoặc chưa chép xong")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert_refused(path, "không phải sổ Excel")


def test_old_xls_made_by_libreoffice(tmp_path: Path) -> None:
    xls = soffice_convert(SAMPLE, tmp_path, "xls")
    assert_refused(xls, "phải có đuôi .xlsx", "lưu lại dưới dạng .xlsx")  # by its name
    renamed = xls.rename(xls.with_suffix(".xlsx"))
    assert_refused(renamed, ".xls", "mật khẩu")  # by its content


def test_encrypted_workbook_container(tmp_path: Path) -> None:
    # Encrypted .xlsx files are OLE compound files, like .xls: same signature.
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert_refused(path, "mật khẩu")


@pytest.mark.parametrize("part", ["xl/workbook.xml", "[Content_Types].xml"])
def test_part_missing(tmp_path: Path, part: str) -> None:
    path = rezip(SAMPLE, tmp_path / "missing.xlsx", {part: None})
    assert_refused(path, part)


def test_sheet_part_missing(tmp_path: Path) -> None:
    path = rezip(SAMPLE, tmp_path / "nosheet.xlsx", {incidents_part(): None})
    assert_refused(path, "bị hỏng")


def test_broken_workbook_xml(tmp_path: Path) -> None:
    path = rezip(SAMPLE, tmp_path / "broken.xlsx", {"xl/workbook.xml": b"<workbook><sheets>"})
    assert_refused(path, "xl/workbook.xml")


def test_broken_sheet_xml(tmp_path: Path) -> None:
    path = rezip(
        SAMPLE, tmp_path / "brokensheet.xlsx", {incidents_part(): b"<worksheet><sheetData><row"}
    )
    assert_refused(path, "bị hỏng")


def shared_strings_workbook(path: Path) -> Path:
    """A workbook with a shared-strings part, as Excel and LibreOffice write them."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Vụ việc").write_row(0, 0, ["STT", "Ngày xảy ra", "Thôn"])
    wb.close()
    return path


@pytest.mark.parametrize("part", ["xl/workbook.xml", "sheet", "xl/sharedStrings.xml"])
def test_entity_bombs(tmp_path: Path, part: str) -> None:
    source = SAMPLE
    name = incidents_part() if part == "sheet" else part
    if part == "xl/sharedStrings.xml":
        source = shared_strings_workbook(tmp_path / "strings.xlsx")
    with zipfile.ZipFile(source) as zf:
        original = zf.read(name)
    bombed = ENTITY_BOMB + original.split(b"?>", 1)[-1]
    bombed = bombed.replace(b"<t>", b"<t>&lol9;", 1) if b"<t>" in bombed else bombed
    path = rezip(source, tmp_path / "bomb.xlsx", {name: bombed})
    message = assert_refused(path)
    assert "XML" in message or "bị hỏng" in message


def test_zip_bomb_declared(tmp_path: Path) -> None:
    # 400 MB of one byte compresses to about 400 KB: refused before inflating.
    part = incidents_part()
    buffer = io.BytesIO()
    with zipfile.ZipFile(SAMPLE) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            if name != part:
                zout.writestr(name, zin.read(name))
        with zout.open(part, "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            block = b" " * (1024 * 1024)
            for _ in range(400):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    path = tmp_path / "zipbomb.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 2 * 1024 * 1024
    assert_refused(path, "bom nén")


def test_zip_bomb_with_lying_sizes(tmp_path: Path) -> None:
    """A part that declares a small size but inflates to 200 MB."""
    part = incidents_part()
    payload = b"<worksheet><sheetData>" + b" " * (200 * 1024 * 1024) + b"</sheetData></worksheet>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflated = compressor.compress(payload) + compressor.flush()
    lie = 1000
    buffer = io.BytesIO()
    with zipfile.ZipFile(SAMPLE) as zin, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            if name != part:
                zout.writestr(name, zin.read(name))
    data = bytearray(buffer.getvalue())
    # Append the lying member by hand: local header, data, then a new central directory.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        infos = zf.infolist()
        cd_offset = struct.unpack_from("<I", data, len(data) - 22 + 16)[0]
    body = bytes(data[:cd_offset])
    name = part.encode()
    crc = zlib.crc32(payload[:lie])
    local = struct.pack(
        "<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), lie, len(name), 0
    )
    offset = len(body)
    body += local + name + deflated
    central = bytes(data[cd_offset : len(data) - 22])
    central += struct.pack(
        "<4s6H3I5H2I",
        b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(deflated), lie, len(name), 0, 0, 0, 0, 0, offset,
    ) + name  # fmt: skip
    end = struct.pack(
        "<4s4H2IH", b"PK\x05\x06", 0, 0, len(infos) + 1, len(infos) + 1, len(central), len(body), 0
    )
    path = tmp_path / "liar.xlsx"
    path.write_bytes(body + central + end)
    assert_refused(path, "không khớp")


def test_corrupt_compressed_sheet(tmp_path: Path) -> None:
    """Bytes flipped inside a sheet's deflate stream (a bad disk, a cut copy)."""
    part = incidents_part()
    data = bytearray(SAMPLE.read_bytes())
    with zipfile.ZipFile(SAMPLE) as zf:
        info = zf.getinfo(part)
    name_len, extra_len = struct.unpack_from("<2H", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    middle = start + info.compress_size // 2
    data[middle : middle + 64] = b"\xff" * 64
    path = tmp_path / "hong.xlsx"
    path.write_bytes(bytes(data))
    assert_refused(path, "hong.xlsx", "hỏng")


def test_declared_huge_dimension_is_harmless(tmp_path: Path) -> None:
    """Only the <dimension> lies (as in files from Google Sheets): read the real data."""
    part = incidents_part()
    with zipfile.ZipFile(SAMPLE) as zf:
        xml = zf.read(part)
    start = xml.index(b"<dimension")
    end = xml.index(b"/>", start) + 2
    lying = xml[:start] + b'<dimension ref="A1:XFD1048576"/>' + xml[end:]
    path = rezip(SAMPLE, tmp_path / "dimension.xlsx", {part: lying})
    result = run_validate(path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "ref", [b"XFD1048576", b"xfd1048576", b"A1048576", b"AAA900000", b"rR50", b"rrr900000"]
)
def test_cell_far_out_is_refused(tmp_path: Path, ref: bytes) -> None:
    """A real cell at the far corner would make a dense reader allocate terabytes."""
    part = incidents_part()
    with zipfile.ZipFile(SAMPLE) as zf:
        xml = zf.read(part)
    far = b'<row r="%s"><c r = \'%s\' t="n"><v>1</v></c></row>' % (
        ref.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        ref,
    )
    hostile = xml.replace(b"</sheetData>", far + b"</sheetData>")
    path = rezip(SAMPLE, tmp_path / "far.xlsx", {part: hostile})
    assert_refused(path, "Vụ việc", "quá lớn")


@pytest.mark.parametrize("cut_at", [1, 10, 16, 19, 21, 23, 25])
def test_far_cell_cut_between_two_pieces_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut_at: int
) -> None:
    """The sheet is scanned piece by piece as it inflates; a reference cut in two is found.

    Where the inflater cuts depends on how the data compresses, so the test cuts the
    real sheet itself: the scan is fed two pieces, the first ending ``cut_at`` bytes
    into the far row (on the "<", the "r=", or inside the reference).
    """
    part = incidents_part()
    with zipfile.ZipFile(SAMPLE) as zf:
        xml = zf.read(part)
    far = b'<row r="500"><c r="XFD500" t="n"><v>1</v></c></row>'  # ref at bytes 19-25
    body = xml.replace(b"</sheetData>", far + b"</sheetData>")
    cut = body.index(far) + cut_at
    path = rezip(SAMPLE, tmp_path / "far.xlsx", {part: body})
    monkeypatch.setattr(safety, "_inflated_chunks", lambda *_: iter([body[:cut], body[cut:]]))
    with pytest.raises(WorkbookUnreadable, match="XFD99999"):  # far column, any row
        safety.check_sheet_grid(safety.open_checked(path), "Vụ việc", part)


def test_scan_of_a_clean_sheet_passes_many_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    part = incidents_part()
    with zipfile.ZipFile(SAMPLE) as zf:
        xml = zf.read(part)
    pieces = [xml[i : i + 7] for i in range(0, len(xml), 7)]
    monkeypatch.setattr(safety, "_inflated_chunks", lambda *_: iter(pieces))
    safety.check_sheet_grid(safety.open_checked(SAMPLE), "Vụ việc", part)


def test_directory_and_missing_file(tmp_path: Path) -> None:
    assert_refused(tmp_path, "thư mục")
    assert_refused(tmp_path / "khong-co.xlsx", "Không tìm thấy")


def test_workbook_xml_with_a_bad_checksum(tmp_path: Path) -> None:
    """xl/workbook.xml whose bytes no longer match its CRC: zipfile raises BadZipFile."""
    data = bytearray(SAMPLE.read_bytes())
    with zipfile.ZipFile(SAMPLE) as zf:
        info = zf.getinfo("xl/workbook.xml")
    crc_at = info.header_offset + 14  # the local header's CRC-32 field
    struct.pack_into("<I", data, crc_at, info.CRC ^ 1)
    central = data.index(struct.pack("<I", info.CRC), data.index(b"PK\x01\x02"))
    struct.pack_into("<I", data, central, info.CRC ^ 1)
    path = tmp_path / "crc.xlsx"
    path.write_bytes(bytes(data))
    assert_refused(path, "workbook.xml", "hỏng")


def test_directory_claiming_a_future_zip_version(tmp_path: Path) -> None:
    data = bytearray(SAMPLE.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 99  # "version needed to extract": 9.9
    path = tmp_path / "version.xlsx"
    path.write_bytes(bytes(data))
    assert_refused(path, "version.xlsx", "hỏng")


def test_randomly_damaged_files_are_read_or_refused_never_crash(tmp_path: Path) -> None:
    """Bytes flipped anywhere in the file (a bad disk, a cut download), with a fixed seed:
    every variant loads and validates, or is refused with WorkbookUnreadable."""
    source = SAMPLE.read_bytes()
    rng = random.Random(20261129)
    refused = 0
    for number in range(120):
        data = bytearray(source)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"hong-{number}.xlsx"
        path.write_bytes(bytes(data))
        try:
            validate(load(path).workbook)
        except WorkbookUnreadable:
            refused += 1
        path.unlink()
    assert refused > 60  # most flips break the zip: the test does reach the refusals


@pytest.fixture(scope="module")
def big_strings_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with a shared-strings part of 9,000 different notes, big enough to be
    parsed by calamine while the sheets' grids are checked."""
    notes = b"".join(
        b"<si><t>Ghi ch\xc3\xa9p %d: h\xe1\xbb\x8dp d\xc3\xa2n, tu\xe1\xba\xa7n tra</t></si>" % n
        + b"<si><t>"
        + b"x" * 100
        + b"%d</t></si>" % n
        for n in range(9_000)
    )
    with zipfile.ZipFile(SAMPLE) as zf:
        types = zf.read("[Content_Types].xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    main = b"application/vnd.openxmlformats-officedocument.spreadsheetml"
    types = types.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s.sharedStrings+xml"/></Types>'
        % main,
    )
    rels = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="18000" uniqueCount="18000">%s</sst>' % notes
    )
    path = tmp_path_factory.mktemp("strings") / "nhieu-chuoi.xlsx"
    rezip(
        SAMPLE,
        path,
        {
            "[Content_Types].xml": types,
            "xl/_rels/workbook.xml.rels": rels,
            "xl/sharedStrings.xml": strings,
        },
    )
    assert len(strings) >= reader._OPEN_BESIDE_CHECKS_ABOVE  # else this tests the other path
    return path


def test_big_shared_strings_read_like_the_sample(big_strings_sample: Path) -> None:
    got, want = load(big_strings_sample).workbook, load(SAMPLE).workbook
    assert got.incidents == want.incidents and got.teams == want.teams
    assert got.settings == want.settings and got.sections == want.sections


def test_far_cell_beside_big_shared_strings_is_refused(
    big_strings_sample: Path, tmp_path: Path
) -> None:
    """The grids are checked while calamine parses the shared strings, still before any sheet."""
    part = incidents_part(big_strings_sample)
    with zipfile.ZipFile(big_strings_sample) as zf:
        xml = zf.read(part)
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
    hostile = xml.replace(b"</sheetData>", far + b"</sheetData>")
    path = rezip(big_strings_sample, tmp_path / "far.xlsx", {part: hostile})
    assert_refused(path, "Vụ việc", "quá lớn")
