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

from antq_tui.workbook.package import NS_REL, resolve_target
from antq_tui.workbook.write.xmltags import StartTag, attributes, start_tags, with_attribute

WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CALC_CHAIN_TYPE_END = "/calcChain"
# Elements that follow calcPr in CT_Workbook: a new calcPr goes before the first present.
_AFTER_CALC = (
    b"oleSize", b"customWorkbookViews", b"pivotCaches", b"smartTagPr", b"smartTagTypes",
    b"webPublishing", b"fileRecoveryPr", b"webPublishObjects", b"extLst",
)  # fmt: skip
_RANGE = re.compile(rb"\s*(\$?[A-Za-z]{1,3}\$?[0-9]{1,7}):(\$?[A-Za-z]{1,3}\$?)([0-9]{1,7})\s*")


def _root_prefix(xml: bytes, local: bytes) -> bytes:
    tag = next(start_tags(xml, local), None)
    return tag.prefix if tag else b""


def _text(xml: bytes, tag: StartTag) -> bytes:
    return xml[tag.start : tag.end]


def _element_end(xml: bytes, tag: StartTag) -> int:
    """Where the element opened by ``tag`` ends (after its end tag when it has one)."""
    if tag.empty:
        return tag.end
    closing = b"</" + tag.prefix + tag.name + b">"
    at = xml.find(closing, tag.end)
    return tag.end if at < 0 else at + len(closing)


def ensure_full_calc(workbook_xml: bytes) -> bytes:
    """workbook.xml asking Excel to recalculate on open (unchanged if it already does)."""
    p = _root_prefix(workbook_xml, b"workbook")
    calc = next(start_tags(workbook_xml, b"calcPr"), None)
    if calc is not None:
        tag = _text(workbook_xml, calc)
        if attributes(tag).get(b"fullCalcOnLoad", b"").strip() in (b"1", b"true"):
            return workbook_xml
        new_tag = with_attribute(tag, b"fullCalcOnLoad", b"1")
        return workbook_xml[: calc.start] + new_tag + workbook_xml[calc.end :]
    new = b"<" + p + b'calcPr fullCalcOnLoad="1"/>'
    positions = [
        t.start for name in _AFTER_CALC if (t := next(start_tags(workbook_xml, name), None))
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
    ids = {attributes(_text(rels_xml, t)).get(b"Id") for t in start_tags(rels_xml, b"Relationship")}
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
    sheet_ids = [
        int(value)
        for t in start_tags(workbook_xml, b"sheet")
        if (value := attributes(_text(workbook_xml, t)).get(b"sheetId", b"").strip()).isdigit()
    ]
    root = next(start_tags(workbook_xml, b"workbook"), None)
    declared = attributes(_text(workbook_xml, root)) if root is not None else {}
    r_prefix = next(
        (k[6:] for k, v in declared.items() if k.startswith(b"xmlns:") and v == NS_REL.encode()),
        None,
    )
    if r_prefix is not None:
        r_attr = r_prefix + b':id="' + rel_id + b'"'
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
    for tag in start_tags(rels_xml, b"Relationship"):
        attrs = attributes(_text(rels_xml, tag))
        if attrs.get(b"Type", b"").decode().strip().endswith(CALC_CHAIN_TYPE_END):
            part = resolve_target("xl/workbook.xml", html.unescape(attrs[b"Target"].decode()))
            rels_xml = rels_xml[: tag.start] + rels_xml[_element_end(rels_xml, tag) :]
            break
    if part is None:
        return rels_xml, types_xml, None
    for tag in start_tags(types_xml, b"Override"):
        if attributes(_text(types_xml, tag)).get(b"PartName", b"").lstrip(b"/") == part.encode():
            types_xml = types_xml[: tag.start] + types_xml[_element_end(types_xml, tag) :]
            break
    return rels_xml, types_xml, part


def sheet_rels_part(sheet_part: str) -> str:
    folder, name = posixpath.split(sheet_part)
    return posixpath.join(folder, "_rels", name + ".rels")


def table_parts(sheet_part: str, rels_xml: bytes | None) -> list[str]:
    if not rels_xml:
        return []
    parts = []
    for tag in start_tags(rels_xml, b"Relationship"):
        attrs = attributes(_text(rels_xml, tag))
        if attrs.get(b"Type", b"").endswith(b"/table") and attrs.get(b"TargetMode") != b"External":
            parts.append(resolve_target(sheet_part, html.unescape(attrs[b"Target"].decode())))
    return parts


def _grow_ref(tag: bytes, last: int, new_end: bytes) -> bytes:
    """``tag`` with its ref="A1:J<last>" reaching row ``new_end`` instead."""
    match = _RANGE.fullmatch(attributes(tag).get(b"ref", b""))
    if match is None or int(match.group(3)) != last:
        return tag
    return with_attribute(tag, b"ref", match.group(1) + b":" + match.group(2) + new_end)


def _ref_last_row(tag: bytes) -> int | None:
    match = _RANGE.fullmatch(attributes(tag).get(b"ref", b""))
    return None if match is None else int(match.group(3))


def grow_table(table_xml: bytes, first_new_row: int, last_new_row: int) -> bytes | None:
    """The table grown down to ``last_new_row`` when the new rows start right below it.

    None when the table is left alone (rows not adjacent, or a totals row at its foot).
    """
    root = next(start_tags(table_xml, b"table"), None)
    if root is None:
        return None
    head = _text(table_xml, root)
    if attributes(head).get(b"totalsRowCount", b"0").strip() not in (b"0", b""):
        return None
    last = _ref_last_row(head)
    if last is None or last + 1 != first_new_row:
        return None
    new_end = str(last_new_row).encode()
    grown = _grow_ref(head, last, new_end)
    rest = table_xml[root.end :]
    auto = next(start_tags(rest, b"autoFilter"), None)
    if auto is not None:
        rest = rest[: auto.start] + _grow_ref(_text(rest, auto), last, new_end) + rest[auto.end :]
    return table_xml[: root.start] + grown + rest


def grow_sheet_filter(
    sheet_xml: bytes, first_new_row: int, last_new_row: int
) -> tuple[bytes, int] | None:
    """The sheet's own AutoFilter grown down when the new rows start right below it.

    Returns the sheet and the filter's old last row (for ``grow_filter_name``), or None.
    """
    end = sheet_xml.rfind(b"sheetData>")
    auto = next(start_tags(sheet_xml, b"autoFilter", max(end, 0)), None)
    if auto is None:
        return None
    tag = _text(sheet_xml, auto)
    last = _ref_last_row(tag)
    if last is None or last + 1 != first_new_row:
        return None
    grown = _grow_ref(tag, last, str(last_new_row).encode())
    return sheet_xml[: auto.start] + grown + sheet_xml[auto.end :], last


def sheet_position(workbook_xml: bytes, rel_id: str) -> int | None:
    """The 0-based place of a sheet in workbook.xml, as localSheetId counts."""
    for index, tag in enumerate(start_tags(workbook_xml, b"sheet")):
        attrs = attributes(_text(workbook_xml, tag))
        if any(k.endswith(b":id") and v.decode() == rel_id for k, v in attrs.items()):
            return index
    return None


def grow_filter_name(workbook_xml: bytes, position: int, last: int, new_last: int) -> bytes:
    """Keep Excel's hidden _xlnm._FilterDatabase name on the sheet's grown AutoFilter."""
    for tag in start_tags(workbook_xml, b"definedName"):
        attrs = attributes(_text(workbook_xml, tag))
        if attrs.get(b"name") != b"_xlnm._FilterDatabase" or tag.empty:
            continue
        if attrs.get(b"localSheetId", b"").strip() != str(position).encode():
            continue
        text_end = workbook_xml.find(b"<", tag.end)
        text = workbook_xml[tag.end : text_end]
        end = re.search(rb"(\$?)(\d+)\s*$", text)
        if end is None or int(end.group(2)) != last:
            return workbook_xml
        text = text[: end.start(2)] + str(new_last).encode() + text[end.end(2) :]
        return workbook_xml[: tag.end] + text + workbook_xml[text_end:]
    return workbook_xml
