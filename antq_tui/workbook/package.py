"""The .xlsx package: which zip part holds which sheet, and the workbook's flags.

Only the small parts (workbook.xml and its relationships) are parsed here, with
defusedxml so that entity tricks are refused.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from antq_tui.model.errors import WorkbookUnreadable

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKBOOK_PART = "xl/workbook.xml"
CONTENT_TYPES_PART = "[Content_Types].xml"
# The officeDocument relationship from _rels/.rels usually names xl/workbook.xml;
# we accept only that location, as Excel and LibreOffice always write it.


@dataclass
class SheetPart:
    name: str
    part: str  # zip member name, e.g. "xl/worksheets/sheet1.xml"
    rel_id: str
    state: str = "visible"


@dataclass
class PackageInfo:
    sheets: list[SheetPart] = field(default_factory=list)
    shared_strings: str | None = None
    styles: str | None = None
    date1904: bool = False

    def sheet(self, name: str) -> SheetPart | None:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        return None


def _parse(zf: zipfile.ZipFile, part: str) -> Element:
    try:
        root: Element = SafeET.fromstring(zf.read(part))
    except KeyError as exc:
        raise WorkbookUnreadable(
            f"Tệp không phải sổ Excel hợp lệ: thiếu thành phần {part}."
        ) from exc
    except DefusedXmlException as exc:
        raise WorkbookUnreadable(
            f"Tệp chứa cấu trúc XML nguy hiểm ({part}) nên không được mở."
        ) from exc
    except SafeET.ParseError as exc:
        raise WorkbookUnreadable(f"Tệp bị hỏng: thành phần {part} không đọc được.") from exc
    # zipfile's ways of saying the bytes are damaged: a checksum, the deflate stream,
    # a local header that disagrees with the directory, an unknown compression.
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise WorkbookUnreadable(f"Tệp bị hỏng: thành phần {part} không giải nén được.") from exc
    return root


def resolve_target(base_part: str, target: str) -> str:
    """A relationship target as a zip member name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def read_package(zf: zipfile.ZipFile) -> PackageInfo:
    names = set(zf.namelist())
    for required in (CONTENT_TYPES_PART, WORKBOOK_PART):
        if required not in names:
            raise WorkbookUnreadable(
                f"Tệp không phải sổ Excel hợp lệ: thiếu thành phần {required}."
            )
    workbook = _parse(zf, WORKBOOK_PART)
    rels_part = "xl/_rels/workbook.xml.rels"
    rels = _parse(zf, rels_part)
    targets: dict[str, tuple[str, str]] = {}
    for rel in rels.iter(f"{{{NS_PKG_REL}}}Relationship"):
        rel_type = rel.get("Type", "").rsplit("/", 1)[-1]
        targets[rel.get("Id", "")] = (
            rel_type,
            resolve_target(WORKBOOK_PART, rel.get("Target", "")),
        )

    info = PackageInfo()
    pr = workbook.find(f"{{{NS_MAIN}}}workbookPr")
    if pr is not None:
        info.date1904 = pr.get("date1904", "0").lower() in ("1", "true")
    for sheet in workbook.iter(f"{{{NS_MAIN}}}sheet"):
        rel_id = sheet.get(f"{{{NS_REL}}}id", "")
        rel_type, part = targets.get(rel_id, ("", ""))
        if rel_type != "worksheet":
            continue  # chart sheets and dialog sheets hold no data for us
        info.sheets.append(
            SheetPart(sheet.get("name", ""), part, rel_id, sheet.get("state", "visible"))
        )
    for rel_type, part in targets.values():
        if rel_type == "sharedStrings":
            info.shared_strings = part
        elif rel_type == "styles":
            info.styles = part
    return info
