"""A tokenizer for the XML tags a save patches, in every spelling XML allows.

A start tag may quote its values with ' or ", put white space around "=", list
its attributes in any order, carry a namespace prefix (``<x:row>``) and hold ">"
inside a quoted value; comments, CDATA sections and processing instructions may
sit between elements and contain anything. Files written by other programs use
all of that, so tags are parsed here, never matched as one fixed spelling. A tag
is changed in place: a value is replaced between its own quotes and every other
byte stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

NAME = rb"[A-Za-z_][\w.\-]*"
_ATTRIBUTE = rb"""[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*')"""
# Any attributes of a start tag, quotes respected (for expressions matching whole tags).
ATTRIBUTES = rb"(?:\s+" + _ATTRIBUTE + rb")*\s*"
_START_TAG = re.compile(
    rb"<(" + NAME + rb":)?(" + NAME + rb")((?:\s+" + _ATTRIBUTE + rb")*)\s*(/?)>"
)
_ATTRIBUTES = re.compile(rb"""([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ELEMENT_NAME = re.compile(rb"<[^\s/>]*")
# What may hide a "<" that is not a tag: comments, CDATA sections, processing instructions.
_MARKUP = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_MARKUP_OPENERS = (b"<!--", b"<![CDATA[", b"<?")
_MARKUP_PREFIXES = (b"<!", b"<?")  # every opener starts with one of these


class TagError(ValueError):
    """Bytes that should hold a tag do not."""


@dataclass(frozen=True, slots=True)
class StartTag:
    start: int  # offset of "<"
    end: int  # offset after ">"
    prefix: bytes  # b"x:" or b""
    name: bytes  # the local name
    empty: bool  # written "<name .../>"
    attributes_at: int  # offset where the attributes begin (after the name)
    attributes_end: int  # offset after the last attribute


def start_tag(xml: bytes, at: int) -> StartTag:
    """The start tag beginning at ``at``; TagError when none does."""
    match = _START_TAG.match(xml, at)
    if match is None:
        raise TagError(f"no start tag at {at}")
    return StartTag(
        at,
        match.end(),
        match.group(1) or b"",
        match.group(2),
        bool(match.group(4)),
        match.start(3),
        match.end(3),
    )


def start_tags(xml: bytes, local: bytes, start: int = 0) -> Iterator[StartTag]:
    """Every start tag named ``local`` (any prefix, any spelling) from ``start`` on, parsed.

    For the small parts (workbook.xml, relationships, tables); a "<name" that does not
    open a tag (inside a comment) is passed over.
    """
    pattern = re.compile(rb"<(?:" + NAME + rb":)?" + re.escape(local) + rb"(?=[\s/>])")
    for match in pattern.finditer(xml, start):
        try:
            yield start_tag(xml, match.start())
        except TagError:
            continue


def attributes(tag: bytes) -> dict[bytes, bytes]:
    """The attributes of one start tag (its bytes, the closing ">" optional), still escaped."""
    name = _ELEMENT_NAME.match(tag)
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTRIBUTES.finditer(tag, name.end() if name else 0)
    }


def tag_attributes(xml: bytes, tag: StartTag) -> dict[bytes, bytes]:
    """The attributes of ``tag`` inside ``xml``."""
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTRIBUTES.finditer(xml, tag.attributes_at, tag.attributes_end)
    }


def with_attribute(tag: bytes, name: bytes, value: bytes) -> bytes:
    """The start tag ``tag`` (its bytes) with attribute ``name`` set to ``value``.

    An attribute already there keeps its place and its quotes; a new one goes after
    the last attribute, in double quotes. ``value`` is already escaped.
    """
    parsed = start_tag(tag, 0)
    for match in _ATTRIBUTES.finditer(tag, parsed.attributes_at, parsed.attributes_end):
        if match.group(1) == name:
            group = 2 if match.group(2) is not None else 3
            quote = tag[match.start(group) - 1 : match.start(group)]
            value = value.replace(quote, b"&quot;" if quote == b'"' else b"&apos;")
            return tag[: match.start(group)] + value + tag[match.end(group) :]
    at = parsed.attributes_end
    return tag[:at] + b" " + name + b'="' + value.replace(b'"', b"&quot;") + b'"' + tag[at:]


def has_markup(xml: bytes, start: int, end: int) -> bool:
    """Whether a comment, CDATA section or processing instruction lies in ``xml[start:end]``."""
    return any(xml.find(prefix, start, end) >= 0 for prefix in _MARKUP_PREFIXES)


def markup_spans(xml: bytes, start: int, end: int) -> list[tuple[int, int]]:
    """Where the comments, CDATA sections and processing instructions in a range are."""
    return [m.span() for m in _MARKUP.finditer(xml, start, end)]


def find_end_tag(xml: bytes, closing: bytes, start: int, end: int, plain: bool) -> int:
    """Offset of ``closing`` (``</x:row>``) at or after ``start``, outside CDATA and comments.

    ``plain`` says the range holds no such markup (the fast, common case). -1 when absent.
    """
    while True:
        at = xml.find(closing, start, end)
        if plain or at < 0:
            return at
        openers = [i for i in (xml.find(o, start, at) for o in _MARKUP_OPENERS) if i >= 0]
        if not openers:
            return at
        markup = _MARKUP.match(xml, min(openers), end)
        if markup is None:
            raise TagError("a comment or CDATA section is not closed")
        start = markup.end()
