"""OPML subscription lists, as feed readers import and export them.

:func:`read_opml` takes every ``<outline>`` with an ``xmlUrl`` (nested folders included) and
its ``text`` or ``title`` as the name; :func:`write_opml` writes a flat list back. The XML
parser resolves no entity and fetches nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import lxml.etree

from storyline.errors import InputError

__all__ = ["OpmlOutline", "read_opml", "write_opml"]


@dataclass(frozen=True, slots=True)
class OpmlOutline:
    """One subscription of an OPML file."""

    url: str
    name: str | None = None


def read_opml(content: bytes, path: str = "OPML") -> list[OpmlOutline]:
    """The subscriptions of an OPML document; InputError naming ``path`` when it is not one."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(content, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise InputError(f"not valid OPML (XML error: {exc})", path) from None
    if root.tag != "opml":
        raise InputError(f"not OPML: the root element is <{root.tag}>, not <opml>", path)
    outlines: list[OpmlOutline] = []
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if url:
            name = (node.get("text") or node.get("title") or "").strip() or None
            outlines.append(OpmlOutline(url, name))
    return outlines


def write_opml(outlines: Iterable[OpmlOutline], title: str = "Storyline sources") -> bytes:
    """An OPML 2.0 document listing ``outlines``."""
    root = lxml.etree.Element("opml", version="2.0")
    head = lxml.etree.SubElement(root, "head")
    lxml.etree.SubElement(head, "title").text = title
    body = lxml.etree.SubElement(root, "body")
    for outline in outlines:
        name = outline.name or outline.url
        lxml.etree.SubElement(
            body, "outline", type="rss", text=name, title=name, xmlUrl=outline.url
        )
    out: bytes = lxml.etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    return out
