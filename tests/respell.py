"""Re-spell a workbook's XML the other ways XML allows, meaning kept.

Excel writes ``<row r="3" spans="1:9">``; XML equally allows ``<x:row spans = '1:9'
r='3'>`` (single quotes, white space around "=", another attribute order, the
SpreadsheetML namespace under a prefix) and comments between elements. The parts
are read with expat (the standard library's parser, not the code under test) and
written back in the spelling asked for. Where each ``<row>`` of a worksheet landed
is recorded, so a test can check that a save left the rows it did not edit byte
for byte.
"""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# The parts a save may read or patch.
RESPELLED = re.compile(
    r"xl/(workbook|styles|sharedStrings)\.xml|xl/worksheets/[^/]+\.xml|xl/_rels/workbook\.xml\.rels"
    r"|\[Content_Types\]\.xml"
)


@dataclass(frozen=True)
class Spelling:
    single_quotes: bool = False  # r='3'
    spaces: bool = False  # r = "3", attributes on new lines
    shuffled: bool = False  # attributes in another order
    prefix: bool = False  # <x:row> with xmlns:x=
    comments: bool = False  # <!-- --> between rows and cells
    seed: int = 0


@dataclass
class Respelled:
    xml: bytes
    rows: dict[int, bytes] = field(default_factory=dict)  # row number -> its bytes


def _attribute_value(value: str, quote: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    value = value.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    return value.replace(quote, "&quot;" if quote == '"' else "&apos;")


def _text(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;")


def respell_part(xml: bytes, spelling: Spelling) -> Respelled:
    """One XML part in ``spelling``."""
    rng = random.Random(spelling.seed)
    out: list[str] = []
    size = [0]  # characters written so far, for row offsets
    row_starts: list[tuple[int, int]] = []  # (row number, offset) of open rows
    rows: dict[int, tuple[int, int]] = {}
    stack: list[tuple[str, bool]] = []  # (written name, has content)
    defaults: list[str | None] = [None]
    declared = set(re.findall(rb"xmlns:([\w.\-]+)\s*=", xml))
    prefix = "x" if b"x" not in declared else "ssml"

    def emit(text: str) -> None:
        out.append(text)
        size[0] += len(text.encode("utf-8"))

    def close_start() -> None:
        if stack and not stack[-1][1]:
            emit(">")
            stack[-1] = (stack[-1][0], True)

    def start(name: str, attributes: list[str]) -> None:
        close_start()
        pairs = list(zip(attributes[::2], attributes[1::2], strict=True))
        default = defaults[-1]
        for key, value in pairs:
            if key == "xmlns":
                default = value
        defaults.append(default)
        written = name
        if spelling.prefix and ":" not in name and default == MAIN:
            written = f"{prefix}:{name}"
            pairs = [(f"xmlns:{prefix}" if k == "xmlns" and v == MAIN else k, v) for k, v in pairs]
        if spelling.shuffled:
            rng.shuffle(pairs)
        if spelling.comments and name in ("row", "c") and rng.random() < 0.3:
            emit('<!-- <row r="1"><c r="A1"> -->')
        if name == "row":
            number = dict(pairs).get("r")
            row_starts.append((int(number) if number else -1, size[0]))
        emit("<" + written)
        for key, value in pairs:
            quote = "'" if spelling.single_quotes and rng.random() < 0.8 else '"'
            gap = rng.choice([" ", "\n  ", "\t"]) if spelling.spaces else " "
            equals = rng.choice([" = ", "=", "\t=\n"]) if spelling.spaces else "="
            emit(f"{gap}{key}{equals}{quote}{_attribute_value(value, quote)}{quote}")
        if spelling.spaces and rng.random() < 0.5:
            emit(" ")
        stack.append((written, False))

    def end(name: str) -> None:
        written, has_content = stack.pop()
        defaults.pop()
        if has_content:
            emit(f"</{written}>")
        elif rng.random() < 0.5:
            emit(f"></{written}>")
        else:
            emit("/>")
        if name == "row":
            number, offset = row_starts.pop()
            rows[number] = (offset, size[0])

    def data(text: str) -> None:
        close_start()
        emit(_text(text))

    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.Parse(xml, True)
    written = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + "".join(out)).encode()
    head = len(written) - size[0]
    return Respelled(written, {n: written[head + a : head + b] for n, (a, b) in rows.items()})


def respell_workbook(source: Path, target: Path, spelling: Spelling) -> dict[str, Respelled]:
    """Copy ``source`` to ``target`` with its SpreadsheetML parts re-spelled."""
    parts: dict[str, Respelled] = {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if RESPELLED.fullmatch(info.filename):
                parts[info.filename] = respell_part(data, spelling)
                data = parts[info.filename].xml
            dst.writestr(info.filename, data)
    return parts
