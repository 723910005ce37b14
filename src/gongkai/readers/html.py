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
from dataclasses import dataclass
from typing import Any

from lxml import etree

from gongkai.errors import InputError
from gongkai.readers.layout import Document, Line, Place, Source, join_wrapped
from gongkai.readers.text import decode, looks_binary
from gongkai.report import format as fmt

MAX_TABLE_ROWS = 3000
MAX_TABLE_CELLS = 200_000
_LONG_CELL = 300  # characters: a cell this long holds running text, so its table is for layout

_CHROME = frozenset(
    {"script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "select"}
    | {"button", "object", "embed", "svg", "head"}
)
_BLOCK = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "pre"}
    | {"section", "article", "main", "header", "footer", "blockquote", "address", "center"}
    | {"hr", "figure", "figcaption", "body", "html", "fieldset", "legend", "details", "summary"}
)
_LAYOUT = frozenset({"tr", "td", "th", "caption", "thead", "tbody", "tfoot"})  # of layout tables
_BREAKS = _BLOCK | {"br"}
_NOT_INLINE = _BREAKS | _LAYOUT | {"table", "a"}
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_:.-]+)""", re.I)
_GB = frozenset(("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "csgb2312", "gb18030"))

_KEYWORDS = {s.numeral: s.keywords for s in fmt.SECTIONS}
_HEADING = re.compile(r"^([一二三四五六])\s*[、.．，,]")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|二[〇零○O][〇零○O一二三四五六七八九]{2}年")
_TABLE_WORDS = (
    *("本年新收", "办理结果", "予以公开", "行政复议", "行政诉讼", "结果维持", "信息内容"),
    *("规章", "规范性文件", "行政许可", "行政处罚", "申请人情况"),
)
_CRUMB = re.compile(r"[>＞»]|当前位置|您的位置|所在位置")
_TRAILER = re.compile(
    r"打印|关闭|分享|收藏|扫一扫|浏览次数|访问量|阅读数|上一篇|下一篇|相关(?:链接|文章|信息|阅读)"
    r"|网站标识码|ICP|备案|版权所有|主办单位|承办单位|技术支持|字号|返回顶部|纠错"
)


@dataclass(slots=True)
class _Rec:
    """One line before selection and numbering; `owner` is the element it was read from."""

    cells: tuple[str, ...]
    owner: Any
    link: bool = False  # a paragraph made only of link text (menus, related links)
    row: int = 0  # tr number in its table, 0 for a paragraph
    places: tuple[Place, ...] = ()  # per slot: its cell's table, row and grid column, from 1
    report: bool = False  # a row of a table with the report's row or column labels


def parse_html(data: bytes, name: str = "<html>") -> Document:
    """Bytes of a web page -> Document, or an InputError in Chinese."""
    root = _parse(_decode(data, name), name)
    rows = sum(1 for _ in root.iter("tr"))
    if rows > MAX_TABLE_ROWS:
        raise _too_big(name, f"{rows} 行")
    title = root.findtext(".//title") or ""
    for el in list(root.iter("header", "footer")):  # page chrome unless part of the article
        if not any(a.tag in ("article", "main") for a in el.iterancestors()):
            _drop(el)
    for el in _PAGE_MARGINS(root):  # Word's and LibreOffice's running header and footer
        _drop(el)
    etree.strip_elements(
        root, *sorted(_CHROME), etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    records = _Walker(name).walk(root)
    if not records:
        raise _no_text(name)
    return _document(_select(records, title), name)


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


def _too_big(name: str, size: str) -> InputError:
    return InputError(
        f"{name}：网页中的表格过大（{size}），不像政府信息公开工作年度报告",
        f"年报的统计表通常不足 100 行；请确认文件，表格上限为 {MAX_TABLE_ROWS} 行、"
        f"{MAX_TABLE_CELLS} 个单元格",
    )


def _drop(el: Any) -> None:
    """Remove an element, keeping its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _squash(text: str) -> str:
    return " ".join(text.split())


class _Walker:
    """The single pass over the tree. Data tables are read at their start tag and skipped;
    everything else (layout tables included) is blocks and inline text."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.out: list[_Rec] = []
        self.pieces: list[str] = []  # the paragraph being read
        self.link = True  # so far only link text in `pieces`
        self.in_link = 0
        self.blocks: list[Any] = []
        self.cells = 0
        self.tables = 0  # data tables read so far

    def walk(self, root: Any) -> list[_Rec]:
        body = root.find("body")
        top = body if body is not None else root
        self.blocks.append(top)
        walker = etree.iterwalk(top, events=("start", "end"))
        for event, el in walker:
            tag = el.tag
            if event == "start":
                if tag in _BLOCK or tag == "br" or tag in _LAYOUT:
                    self.boundary()
                    if tag != "br":
                        self.blocks.append(el)
                        if len(el) and _plain(el):  # a paragraph of inline tags: read at once
                            self.add(
                                etree.tostring(el, method="text", encoding=str, with_tail=False)
                            )
                            walker.skip_subtree()
                            continue
                elif tag == "table":
                    self.boundary()
                    rows = None if el.find(".//table") is not None else self.table(el)
                    if rows is not None:
                        self.out.extend(rows)
                        walker.skip_subtree()
                        continue  # its end event comes next and finds it not in `blocks`
                    self.blocks.append(el)
                elif tag == "a":
                    self.in_link += 1
                if el.text:
                    self.add(el.text)
            else:
                if tag in _BLOCK or tag in _LAYOUT or (tag == "table" and self.blocks[-1] is el):
                    self.boundary()
                    self.blocks.pop()
                elif tag == "a":
                    self.in_link -= 1
                if el.tail:
                    self.add(el.tail)
        self.boundary()
        return self.out

    def add(self, text: str) -> None:
        self.pieces.append(text)
        if self.link and not self.in_link and not text.isspace():
            self.link = False

    def boundary(self) -> None:
        if self.pieces:
            text = _squash("".join(self.pieces))
            if text:
                self.out.append(_Rec((text,), self.blocks[-1], self.link))
            self.pieces = []
        self.link = True

    def table(self, el: Any) -> list[_Rec] | None:
        """A table without tables inside as rows on its grid, or None when a cell holds running
        text (a layout table around the report). One slot per cell, and a "" (with the place of
        the cell) where a cell from a row above reaches down. A cell spanning columns is one
        slot: the core reads values right after a row's label, so a label's covered columns
        would shift them."""
        out: list[_Rec] = []
        caption = el.find("caption")
        if caption is not None and _cell_text(caption):
            out.append(_Rec((_cell_text(caption),), el))
        above: dict[int, tuple[int, int, int, int]] = {}  # column -> rows left, row, column, width
        words = False
        t = self.tables = self.tables + 1
        for r, tr in enumerate(el.iter("tr"), start=1):
            self.cells += len(tr)
            if self.cells > MAX_TABLE_CELLS:
                raise _too_big(self.name, f"超过 {MAX_TABLE_CELLS} 个单元格")
            cells: list[str] = []
            starts: list[Place] = []
            col = 0
            for cell in tr.iterchildren("td", "th"):
                if col in above:
                    col = _fill(cells, starts, above, col, table=t, row_number=r)
                text = cell.text
                if len(cell):
                    text = _cell_text(cell)
                    if len(text) > _LONG_CELL:
                        return None
                elif text:
                    text = " ".join(text.split())
                    if len(text) > _LONG_CELL:
                        return None
                else:
                    text = ""
                cells.append(text)
                starts.append({"table": t, "row": r, "cell": col + 1})
                span = cell.get("rowspan")
                if span is not None and span != "1" and (rowspan := _span(span, 65534)) > 1:
                    colspan = cell.get("colspan")
                    width = 1 if colspan is None else _span(colspan, 1000)
                    above[col] = (rowspan - 1, r, col + 1, width)
                    col += width
                    continue
                colspan = cell.get("colspan")
                col += 1 if colspan is None else _span(colspan, 1000)
            if above:
                _fill(cells, starts, above, col, table=t, row_number=r, to_end=True)
                self.cells += len(cells) - len(tr)  # slots of cells from rows above count too
                if self.cells > MAX_TABLE_CELLS:
                    raise _too_big(self.name, f"超过 {MAX_TABLE_CELLS} 个单元格")
            joined = "".join(cells)
            if joined:
                out.append(_Rec(tuple(cells), el, row=r, places=tuple(starts)))
                words = words or any(w in joined for w in _TABLE_WORDS)
        if words:
            for rec in out:
                rec.report = rec.row > 0
        return out


def _fill(
    cells: list[str],
    starts: list[Place],
    above: dict[int, tuple[int, int, int, int]],
    col: int,
    *,
    table: int,
    row_number: int,
    to_end: bool = False,
) -> int:
    """Add a "" for each cell from a row above that covers `col` (or any column up to the last
    one covered); a gap before a covered slot at the end of a short row is a blank of its own."""
    stop = max(above) if to_end else -1
    while col in above or col <= stop:
        if col in above:
            left, row, start, width = above[col]
            cells.append("")
            starts.append({"table": table, "row": row, "cell": start})
            if left > 1:
                above[col] = (left - 1, row, start, width)
            else:
                del above[col]
            col += width
        else:
            cells.append("")
            starts.append({"table": table, "row": row_number, "cell": col + 1})
            col += 1
    return col


def _span(value: str | None, cap: int) -> int:
    if value is None:
        return 1
    try:
        return min(max(int(value), 1), cap)
    except ValueError:
        digits = re.match(r"\s*(\d+)", value)  # "2;" and other sloppy values
        return min(max(int(digits[1]), 1), cap) if digits else 1


def _plain(el: Any) -> bool:
    """Only inline tags inside: no block, line break, table or link."""
    return not any(d.tag in _NOT_INLINE for d in el.iterdescendants())


def _cell_text(cell: Any) -> str:
    """A cell's text: inline tags add nothing; <br> and blocks inside it separate pieces."""
    if not len(cell):
        return _squash(cell.text) if cell.text else ""
    breaks = 0
    for el in cell.iter():  # a Python loop beats iter(*tags) and find() here
        if el.tag in _BREAKS:
            breaks += 1
    if breaks <= 1 and (breaks == 0 or cell.find(".//br") is None):
        return _squash(etree.tostring(cell, method="text", encoding=str, with_tail=False))
    parts: list[str] = []
    run: list[str] = [cell.text or ""]
    for event, el in etree.iterwalk(cell, events=("start", "end")):
        if el is cell:
            continue
        if el.tag in _BLOCK or el.tag == "br":
            parts.append(_squash("".join(run)))
            run = []
        if event == "start" and el.text:
            run.append(el.text)
        elif event == "end" and el.tail:
            run.append(el.tail)
    parts.append(_squash("".join(run)))
    return join_wrapped([p for p in parts if p])


def _is_heading(text: str) -> bool:
    m = _HEADING.match(text)
    return m is not None and len(text) <= 60 and any(k in text for k in _KEYWORDS[m[1]])


def _is_title(rec: _Rec) -> bool:
    text = rec.cells[0]
    return (
        not rec.row
        and not rec.link
        and len(text) <= 80
        and "报告" in text
        and "公开" in text
        and not _CRUMB.search(text)
        and bool(_YEAR.search(text))
    )


def _select(records: list[_Rec], page_title: str) -> list[_Rec]:
    """The report out of the page: from its title to its last words, inside the smallest element
    that holds the title, the section headings and the report's tables."""
    headings = [i for i, r in enumerate(records) if not r.row and _is_heading(r.cells[0])]
    tables = [i for i, r in enumerate(records) if r.report]
    anchors = sorted(headings + tables)
    if len(anchors) < 2:
        return records
    first = anchors[0]
    title = next((i for i in range(first, -1, -1) if _is_title(records[i])), None)
    owners = [records[i].owner for i in ([title] if title is not None else []) + anchors]
    common = _common_ancestor(owners)
    memo: dict[int, bool] = {}

    def inside(rec: _Rec) -> bool:
        """Under the common ancestor; the records there are one run in document order."""
        key = id(rec.owner)
        if key not in memo:
            el = rec.owner
            memo[key] = el is common or any(a is common for a in el.iterancestors())
        return memo[key]

    begin = title if title is not None else first
    while title is None and begin > 0 and inside(records[begin - 1]):
        begin -= 1
    end = anchors[-1] + 1
    while end < len(records) and inside(records[end]):
        end += 1
    while end > anchors[-1] + 1 and _is_chrome(records[end - 1]):
        end -= 1  # print/close/share links and the like after the report
    head = [r for r in records[begin + 1 : first] if not _is_chrome(r)]  # an info bar
    kept = [*records[begin : begin + 1], *head, *records[first:end]]
    if title is None:
        heading = _page_title(page_title)
        if heading:
            kept.insert(0, _Rec((heading,), None))
    return kept


def _is_chrome(rec: _Rec) -> bool:
    return rec.link or (
        not rec.row and len(rec.cells[0]) <= 80 and bool(_TRAILER.search(rec.cells[0]))
    )


def _page_title(text: str) -> str | None:
    """The report's title from <title>, where portals add the site: "报告名_某某县人民政府"."""
    for part in re.split(r"\s*[_|｜—-]{1,2}\s*", _squash(text)):
        if "报告" in part and _YEAR.search(part):
            return part
    return None


def _common_ancestor(elements: list[Any]) -> Any:
    chains = [[el, *el.iterancestors()][::-1] for el in elements]
    common = chains[0][0]
    for level in zip(*chains, strict=False):
        if any(el is not level[0] for el in level):
            break
        common = level[0]
    return common


def _document(records: list[_Rec], name: str) -> Document:
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
