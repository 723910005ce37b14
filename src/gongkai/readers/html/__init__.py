"""HTML -> Document: web pages, portal articles and Word's "save as web page".

One pass over the parsed tree turns block elements into paragraph lines and each `<tr>` of a
data table into a line of grid slots (rowspan/colspan expanded, a merged cell's text in its
first slot, "" in the slots it covers). A table that holds another table, or a cell with a long
text, is a layout table: its cells are read as paragraphs. Portal chrome is dropped by tag, and
the report is cut out of the page as the smallest element holding its title, section headings
and tables. Every cell gets its printed place ({"table", "row", "cell"} or {"paragraph"}).
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from lxml import etree

from gongkai.errors import InputError
from gongkai.readers.html.portal import select
from gongkai.readers.html.walker import (
    CHROME,
    MAX_TABLE_CELLS,
    MAX_TABLE_ROWS,
    Rec,
    Walker,
    drop,
    too_big,
)
from gongkai.readers.layout import Document, Line, Place, Source
from gongkai.readers.text import decode, looks_binary

__all__ = ["MAX_TABLE_CELLS", "MAX_TABLE_ROWS", "parse_html"]

_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.-]+)""", re.I)
_GB = frozenset(("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "csgb2312", "gb18030"))


def parse_html(data: bytes, name: str = "<html>") -> Document:
    """Bytes of a web page -> Document, or an InputError in Chinese."""
    root = _parse(_decode(data, name), name)
    rows = sum(1 for _ in root.iter("tr"))
    if rows > MAX_TABLE_ROWS:
        raise too_big(name, f"{rows} 行")
    title = root.findtext(".//title") or ""
    for el in list(root.iter("header", "footer")):  # page chrome unless part of the article
        if not any(a.tag in ("article", "main") for a in el.iterancestors()):
            drop(el)
    for el in _PAGE_MARGINS(root):  # Word's and LibreOffice's running header and footer
        drop(el)
    etree.strip_elements(
        root, *sorted(CHROME), etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    records = Walker(name).walk(root)
    if not records:
        raise _no_text(name)
    return _document(select(records, title), name)


_PAGE_MARGINS = etree.XPath(
    "//div[@title='header' or @title='footer' or contains(@style, 'mso-element:header')"
    " or contains(@style, 'mso-element:footer')]"
)


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(f"{name}：文件为空", "请确认选择了正确的年报网页文件")
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data, name)
    head = data[:4096]
    if looks_binary(head):
        raise InputError(
            f"{name}：这不是网页文件（含有二进制内容）",
            "请确认文件是年报网页（.html）；Word、PDF 文件请按原扩展名保存后再读取",
        )
    try:  # GBK text is practically never valid UTF-8, so valid UTF-8 wins over a declaration
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = _XML_DECL.search(head) or _CHARSET.search(head)
    if found:
        declared = found[1].decode("ascii").lower()
        encoding = "gb18030" if declared in _GB else declared
        try:
            return data.decode(codecs.lookup(encoding).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: try what the text reader tries
    return decode(data, name)


def _parse(text: str, name: str) -> Any:
    """The tree (plain lxml elements: no lxml.html classes to look up on every access). libxml2
    stops reading at 256 levels of nesting and drops the rest: refuse rather than read half."""
    if text.lstrip().startswith("<?xml"):
        text = text[text.find("?>") + 2 :]
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True)  # one per call: its log
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    if root is None:
        raise _no_text(name)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise InputError(
            f"{name}：网页的标签嵌套过深（超过 255 层），无法完整读取",
            "年报网页不会嵌套这么多层，请确认文件；可在浏览器中打开后另存为网页或复制正文为文本再读取",
        )
    return root


def _no_text(name: str) -> InputError:
    return InputError(
        f"{name}：网页中没有可读的文字内容", "请确认网页已完整保存（含正文），而不是空白页面"
    )


def _document(records: list[Rec], name: str) -> Document:
    """Number the lines from 1 and give every cell its printed place; tables are numbered
    again only when some before the report were left out."""
    lines: list[Line] = []
    places: dict[Source, Place] = {}
    tables: dict[int, int] = {}
    paragraph = 0
    new = tuple.__new__  # Line and Source are named tuples; this is the hot path
    for number, rec in enumerate(records, start=1):
        cells = rec.cells
        if rec.row:
            first = rec.places[0]["table"]
            t = tables.setdefault(first, len(tables) + 1)
            for i, place in enumerate(rec.places):
                places[new(Source, (number, i))] = place if t == first else {**place, "table": t}
            text = " ".join(filter(None, cells))
            lines.append(new(Line, (cells, new(Source, (number, 0)), True, text)))
        else:
            source = new(Source, (number, 0))
            if rec.owner is not None:
                paragraph += 1
                places[source] = {"paragraph": paragraph}
            lines.append(new(Line, (cells, source, False, cells[0])))
    return Document(tuple(lines), name, places=places)
