"""Cell styles: which ones show dates, and adding a date style when one is missing.

styles.xml is patched as bytes: a number format and a cell format may be
appended (with their counts updated); everything else in the part is kept as
it was. The part is only rewritten when something was added.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from antq_tui.model.errors import SaveFailed
from antq_tui.workbook.write.xmltags import (
    ATTRIBUTES,
    NAME,
    attributes,
    start_tag,
    tag_attributes,
    with_attribute,
)

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
FIRST_CUSTOM_FORMAT = 164
# Built-in number formats that show dates or times (ECMA-376 part 1, 18.8.30).
_BUILTIN_DATE_FORMATS = (
    frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
    | frozenset(range(27, 37))
    | frozenset(range(50, 59))
)
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_DATE_LETTERS = re.compile(r"[dmyhs]", re.I)
_NUMFMT = re.compile(rb"<(" + NAME + rb":)?numFmt(?=[\s/>])" + ATTRIBUTES + rb"/?>")
_SECTION = {
    name: re.compile(rb"<(" + NAME + rb":)?" + name + rb"(?=[\s/>])(" + ATTRIBUTES + rb")(/?)>")
    for name in (b"numFmts", b"cellXfs", b"styleSheet")
}
_XF = re.compile(
    rb"<(?:" + NAME + rb":)?xf(?=[\s/>])" + ATTRIBUTES + rb"(?:/>|>.*?</(?:" + NAME + rb":)?xf>)",
    re.S,
)


class StyleError(SaveFailed):
    """The workbook's styles cannot take the format a value needs."""


def is_date_format(code: str) -> bool:
    """True when a number format code shows a date or time."""
    if code.lower() == "general":
        return False
    bare = _QUOTED.sub("", code.split(";")[0])
    return bool(_DATE_LETTERS.search(bare))


@dataclass
class StyleBook:
    """The cell formats of one styles.xml, and what was added to them."""

    xml: bytes
    prefix: bytes = b""
    formats: dict[int, str] = field(default_factory=dict)  # custom numFmtId -> code
    xfs: list[bytes] = field(default_factory=list)  # cellXfs <xf> elements, in order
    added_formats: list[tuple[int, str]] = field(default_factory=list)
    added_xfs: list[bytes] = field(default_factory=list)
    _variants: dict[tuple[int, str], int] = field(default_factory=dict)
    _dates: dict[int, bool] = field(default_factory=dict)  # is_date by style, once asked

    @classmethod
    def parse(cls, xml: bytes | None) -> StyleBook:
        book = cls(xml or b"")
        if not xml:
            return book
        root = _SECTION[b"styleSheet"].search(xml)
        book.prefix = (root.group(1) or b"") if root else b""
        for match in _NUMFMT.finditer(xml):
            attrs = attributes(match.group(0))
            try:
                book.formats[int(attrs.get(b"numFmtId", b""))] = html.unescape(
                    attrs.get(b"formatCode", b"").decode("utf-8")
                )
            except ValueError:
                continue
        span = book._span(b"cellXfs")
        if span is not None:
            book.xfs = [m.group(0) for m in _XF.finditer(xml, span[0], span[1])]
        return book

    def _span(self, section: bytes) -> tuple[int, int] | None:
        """Start and end of a section's content (between its tags)."""
        match = _SECTION[section].search(self.xml)
        if match is None or match.group(3):
            return None
        prefix = match.group(1) or b""
        end = self.xml.find(b"</" + prefix + section + b">", match.end())
        return (match.end(), end) if end >= 0 else None

    @property
    def changed(self) -> bool:
        return bool(self.added_formats or self.added_xfs)

    def _xf(self, index: int) -> bytes:
        every = self.xfs + self.added_xfs
        return (
            every[index] if 0 <= index < len(every) else b"<" + self.prefix + b'xf numFmtId="0"/>'
        )

    def format_code(self, style: int) -> str:
        xf = self._xf(style)
        attrs = tag_attributes(xf, start_tag(xf, 0))
        try:
            number_format = int(attrs.get(b"numFmtId", b"0"))
        except ValueError:
            return "General"
        if number_format in _BUILTIN_DATE_FORMATS:
            return DATE_FORMAT if number_format == 14 else f"builtin:{number_format}"
        return self.formats.get(number_format, "General")

    def is_date(self, style: int) -> bool:
        known = self._dates.get(style)
        if known is None:
            code = self.format_code(style)
            known = self._dates[style] = code.startswith("builtin:") or is_date_format(code)
        return known

    def with_format(self, style: int, code: str) -> int:
        """The index of a cell format like ``style`` but showing ``code`` (added if needed)."""
        if self.format_code(style) == code:
            return style
        if not self.xml:
            raise StyleError(
                "Sổ không có phần định dạng ô (styles.xml) nên không ghi được ngày; hãy mở sổ "
                "bằng Excel hoặc LibreOffice, lưu lại rồi thử lại."
            )
        key = (style, code)
        if key in self._variants:
            return self._variants[key]
        format_id = self._format_id(code)
        base = self._xf(style)
        tag = start_tag(base, 0)
        head = with_attribute(base[: tag.end], b"numFmtId", str(format_id).encode())
        head = with_attribute(head, b"applyNumberFormat", b"1")
        variant = head + base[tag.end :]
        every = self.xfs + self.added_xfs
        if variant in every:
            index = every.index(variant)
        else:
            self.added_xfs.append(variant)
            index = len(every)
        self._variants[key] = index
        return index

    def _format_id(self, code: str) -> int:
        for format_id, existing in self.formats.items():
            if existing == code:
                return format_id
        format_id = max([FIRST_CUSTOM_FORMAT - 1, *self.formats]) + 1
        self.formats[format_id] = code
        self.added_formats.append((format_id, code))
        return format_id

    def render(self) -> bytes:
        """styles.xml with the added formats; the original bytes when nothing was added."""
        xml = self.xml
        if not self.changed:
            return xml
        p = self.prefix
        if self.added_xfs:
            span = self._span(b"cellXfs")
            if span is None:
                raise ValueError("styles.xml has no cellXfs")
            xml = xml[: span[1]] + b"".join(self.added_xfs) + xml[span[1] :]
            xml = self._recount(xml, b"cellXfs", len(self.xfs) + len(self.added_xfs))
        if self.added_formats:
            new = b"".join(
                b"<" + p + b'numFmt numFmtId="' + str(i).encode() + b'" formatCode="'
                + html.escape(code).encode() + b'"/>'
                for i, code in self.added_formats
            )  # fmt: skip
            match = _SECTION[b"numFmts"].search(xml)
            if match is not None and not match.group(3):
                end = xml.find(b"</" + p + b"numFmts>", match.end())
                xml = xml[:end] + new + xml[end:]
                xml = self._recount(xml, b"numFmts", len(self.formats))
            else:
                if match is not None:  # an empty <numFmts/>
                    xml = xml[: match.start()] + xml[match.end() :]
                root = _SECTION[b"styleSheet"].search(xml)
                assert root is not None
                block = (
                    b"<" + p + b'numFmts count="' + str(len(self.added_formats)).encode() + b'">'
                )
                xml = xml[: root.end()] + block + new + b"</" + p + b"numFmts>" + xml[root.end() :]
        return xml

    @staticmethod
    def _recount(xml: bytes, section: bytes, count: int) -> bytes:
        match = _SECTION[section].search(xml)
        assert match is not None
        tag = match.group(0)
        new_tag = with_attribute(tag, b"count", str(count).encode())
        return xml[: match.start()] + new_tag + xml[match.end() :]
