"""The small workbook-level edits a save may need, each done on the part's bytes.

- ``calcPr fullCalcOnLoad="1"`` in workbook.xml, so Excel recalculates formulas
  that read the cells we changed (left alone when it is already there);
- a new worksheet (the audit sheet): workbook.xml, its relationships and
  [Content_Types].xml, only the first time;
- dropping calcChain.xml when a formula cell was overwritten (Excel rebuilds it;
  a chain naming a cell that no longer holds a formula makes Excel repair the file);
- growing a table's range when records are appended right below it.
"""

from __future__ import annotations

import html
import posixpath
import re

from antq_tui.workbook.cellxml import attributes
from antq_tui.workbook.package import NS_REL, resolve_target

WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CALC_CHAIN_TYPE_END = "/calcChain"
# Elements that follow calcPr in CT_Workbook: a new calcPr goes before the first present.
_AFTER_CALC = (
    b"oleSize", b"customWorkbookViews", b"pivotCaches", b"smartTagPr", b"smartTagTypes",
    b"webPublishing", b"fileRecoveryPr", b"webPublishObjects", b"extLst",
)  # fmt: skip
_REF = re.compile(rb'(\sref=")([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})(")')


def _root_prefix(xml: bytes, local: bytes) -> bytes:
    match = re.search(rb"<(\w+:)?" + local + rb"[\s>]", xml)
    return (match.group(1) or b"") if match else b""


def ensure_full_calc(workbook_xml: bytes) -> bytes:
    """workbook.xml asking Excel to recalculate on open (unchanged if it already does)."""
    p = _root_prefix(workbook_xml, b"workbook")
    calc = re.search(rb"<" + re.escape(p) + rb"calcPr\b[^>]*?/?>", workbook_xml)
    if calc is not None:
        tag = calc.group(0)
        flag = attributes(tag).get(b"fullCalcOnLoad")
        if flag in (b"1", b"true"):
            return workbook_xml
        if flag is not None:
            new_tag = re.sub(rb'(\sfullCalcOnLoad=)"[^"]*"', rb'\1"1"', tag, count=1)
        else:
            head = len(tag) - (2 if tag.endswith(b"/>") else 1)
            new_tag = tag[:head].rstrip() + b' fullCalcOnLoad="1"' + tag[head:]
        return workbook_xml[: calc.start()] + new_tag + workbook_xml[calc.end() :]
    new = b"<" + p + b'calcPr fullCalcOnLoad="1"/>'
    positions = [
        m.start()
        for name in _AFTER_CALC
        if (m := re.search(rb"<" + re.escape(p) + name + rb"[\s>/]", workbook_xml))
    ]
    at = min(positions) if positions else workbook_xml.rindex(b"</" + p + b"workbook>")
    return workbook_xml[:at] + new + workbook_xml[at:]


def new_worksheet_part(names: set[str]) -> str:
    number = 1
    while f"xl/worksheets/sheet{number}.xml" in names:
        number += 1
    return f"xl/worksheets/sheet{number}.xml"


def add_sheet(
    workbook_xml: bytes, rels_xml: bytes, types_xml: bytes, name: str, part: str
) -> tuple[bytes, bytes, bytes]:
    """Register a new worksheet ``part`` called ``name``, at the end of the tab list."""
    ids = {m.group(1) for m in re.finditer(rb'\sId="([^"]*)"', rels_xml)}
    number = len(ids) + 1
    while f"rId{number}".encode() in ids:
        number += 1
    rel_id = f"rId{number}".encode()
    target = posixpath.relpath(part, "xl").encode()
    rel_p = _root_prefix(rels_xml, b"Relationships")
    relationship = (
        b"<" + rel_p + b'Relationship Id="' + rel_id + b'" Type="' + WORKSHEET_TYPE.encode()
        + b'" Target="' + target + b'"/>'
    )  # fmt: skip
    close = rels_xml.rindex(b"</" + rel_p + b"Relationships>")
    rels_xml = rels_xml[:close] + relationship + rels_xml[close:]

    p = _root_prefix(workbook_xml, b"workbook")
    sheet_ids = [int(m.group(1)) for m in re.finditer(rb'\ssheetId="(\d+)"', workbook_xml)]
    r_prefix = re.search(rb'\sxmlns:(\w+)="' + re.escape(NS_REL.encode()) + b'"', workbook_xml)
    root = re.search(rb"<" + re.escape(p) + rb"workbook\b[^>]*>", workbook_xml)
    if r_prefix is not None and root is not None and r_prefix.start() < root.end():
        r_attr = r_prefix.group(1) + b':id="' + rel_id + b'"'
    else:  # declare the namespace on the element itself (openpyxl does so for every sheet)
        r_attr = b'xmlns:r="' + NS_REL.encode() + b'" r:id="' + rel_id + b'"'
    sheet = (
        b"<" + p + b'sheet name="' + html.escape(name).encode() + b'" sheetId="'
        + str(max(sheet_ids, default=0) + 1).encode() + b'" ' + r_attr + b"/>"
    )  # fmt: skip
    close = workbook_xml.index(b"</" + p + b"sheets>")
    workbook_xml = workbook_xml[:close] + sheet + workbook_xml[close:]

    types_p = _root_prefix(types_xml, b"Types")
    override = (
        b"<" + types_p + b'Override PartName="/' + part.encode() + b'" ContentType="'
        + WORKSHEET_CONTENT.encode() + b'"/>'
    )  # fmt: skip
    close = types_xml.rindex(b"</" + types_p + b"Types>")
    types_xml = types_xml[:close] + override + types_xml[close:]
    return workbook_xml, rels_xml, types_xml


def drop_calc_chain(rels_xml: bytes, types_xml: bytes) -> tuple[bytes, bytes, str | None]:
    """Remove the calcChain relationship and content type; returns the part to delete."""
    part = None
    for match in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*?/>", rels_xml):
        attrs = attributes(match.group(0))
        if attrs.get(b"Type", b"").decode().endswith(CALC_CHAIN_TYPE_END):
            part = resolve_target("xl/workbook.xml", html.unescape(attrs[b"Target"].decode()))
            rels_xml = rels_xml[: match.start()] + rels_xml[match.end() :]
            break
    if part is None:
        return rels_xml, types_xml, None
    for match in re.finditer(rb"<(?:\w+:)?Override\b[^>]*?/>", types_xml):
        if attributes(match.group(0)).get(b"PartName", b"").lstrip(b"/") == part.encode():
            types_xml = types_xml[: match.start()] + types_xml[match.end() :]
            break
    return rels_xml, types_xml, part


def sheet_rels_part(sheet_part: str) -> str:
    folder, name = posixpath.split(sheet_part)
    return posixpath.join(folder, "_rels", name + ".rels")


def table_parts(sheet_part: str, rels_xml: bytes | None) -> list[str]:
    if not rels_xml:
        return []
    parts = []
    for match in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*?/>", rels_xml):
        attrs = attributes(match.group(0))
        if attrs.get(b"Type", b"").endswith(b"/table") and attrs.get(b"TargetMode") != b"External":
            parts.append(resolve_target(sheet_part, html.unescape(attrs[b"Target"].decode())))
    return parts


def _grow_ref(tag: bytes, last: int, new_end: bytes) -> bytes:
    """``tag`` with its ref="A1:J<last>" reaching row ``new_end`` instead."""

    def grow(ref: re.Match[bytes]) -> bytes:
        if int(ref.group(5)) != last:
            return ref.group(0)
        return (
            ref.group(1)
            + ref.group(2)
            + ref.group(3)
            + b":"
            + ref.group(4)
            + new_end
            + ref.group(6)
        )

    return _REF.sub(grow, tag, count=1)


def grow_table(table_xml: bytes, first_new_row: int, last_new_row: int) -> bytes | None:
    """The table grown down to ``last_new_row`` when the new rows start right below it.

    None when the table is left alone (rows not adjacent, or a totals row at its foot).
    """
    root = re.search(rb"<(\w+:)?table\b[^>]*>", table_xml)
    if root is None:
        return None
    attrs = attributes(root.group(0))
    if attrs.get(b"totalsRowCount", b"0") not in (b"0", b""):
        return None
    match = _REF.search(root.group(0))
    if match is None:
        return None
    last = int(match.group(5))
    if last + 1 != first_new_row:
        return None
    new_end = str(last_new_row).encode()
    head = _grow_ref(root.group(0), last, new_end)
    rest = table_xml[root.end() :]
    auto = re.search(rb"<(?:\w+:)?autoFilter\b[^>]*>", rest)
    if auto is not None:
        rest = rest[: auto.start()] + _grow_ref(auto.group(0), last, new_end) + rest[auto.end() :]
    return table_xml[: root.start()] + head + rest


def grow_sheet_filter(
    sheet_xml: bytes, first_new_row: int, last_new_row: int
) -> tuple[bytes, int] | None:
    """The sheet's own AutoFilter grown down when the new rows start right below it.

    Returns the sheet and the filter's old last row (for ``grow_filter_name``), or None.
    """
    end = sheet_xml.rfind(b"sheetData>")
    auto = re.compile(rb"<(?:\w+:)?autoFilter\b[^>]*>").search(sheet_xml, max(end, 0))
    if auto is None:
        return None
    match = _REF.search(auto.group(0))
    if match is None or int(match.group(5)) + 1 != first_new_row:
        return None
    last = int(match.group(5))
    grown = _grow_ref(auto.group(0), last, str(last_new_row).encode())
    return sheet_xml[: auto.start()] + grown + sheet_xml[auto.end() :], last


def sheet_position(workbook_xml: bytes, rel_id: str) -> int | None:
    """The 0-based place of a sheet in workbook.xml, as localSheetId counts."""
    for index, match in enumerate(re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", workbook_xml)):
        attrs = attributes(match.group(0))
        if any(k.endswith(b":id") and v.decode() == rel_id for k, v in attrs.items()):
            return index
    return None


def grow_filter_name(workbook_xml: bytes, position: int, last: int, new_last: int) -> bytes:
    """Keep Excel's hidden _xlnm._FilterDatabase name on the sheet's grown AutoFilter."""
    name = re.compile(
        rb"(<(?:\w+:)?definedName\b[^>]*\bname=\"_xlnm\._FilterDatabase\"[^>]*>)([^<]*)(<)"
    )
    for match in name.finditer(workbook_xml):
        if attributes(match.group(1)).get(b"localSheetId") != str(position).encode():
            continue
        text = match.group(2)
        end = re.search(rb"(\$?)(\d+)$", text)
        if end is None or int(end.group(2)) != last:
            return workbook_xml
        text = text[: end.start(2)] + str(new_last).encode()
        return workbook_xml[: match.start(2)] + text + workbook_xml[match.end(2) :]
    return workbook_xml
