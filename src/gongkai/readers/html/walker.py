"""The single pass over the parsed tree: paragraphs as lines, data tables as rows of grid slots."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from gongkai.errors import InputError
from gongkai.readers.layout import Place, join_wrapped

MAX_TABLE_ROWS = 3000
MAX_TABLE_CELLS = 200_000
_LONG_CELL = 300  # characters: a cell this long holds running text, so its table is for layout

CHROME = frozenset(
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
_TABLE_WORDS = (
    *("本年新收", "办理结果", "予以公开", "行政复议", "行政诉讼", "结果维持", "信息内容"),
    *("规章", "规范性文件", "行政许可", "行政处罚", "申请人情况"),
)


@dataclass(slots=True)
class Rec:
    """One line before selection and numbering; `owner` is the element it was read from."""

    cells: tuple[str, ...]
    owner: Any
    link: bool = False  # a paragraph made only of link text (menus, related links)
    row: int = 0  # tr number in its table, 0 for a paragraph
    places: tuple[Place, ...] = ()  # per slot: its cell's table, row and grid column, from 1
    report: bool = False  # a row of a table with the report's row or column labels


def too_big(name: str, size: str) -> InputError:
    return InputError(
        f"{name}：网页中的表格过大（{size}），不像政府信息公开工作年度报告",
        f"年报的统计表通常不足 100 行；请确认文件，表格上限为 {MAX_TABLE_ROWS} 行、"
        f"{MAX_TABLE_CELLS} 个单元格",
    )


def drop(el: Any) -> None:
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


def squash(text: str) -> str:
    return " ".join(text.split())


class Walker:
    """The single pass over the tree. Data tables are read at their start tag and skipped;
    everything else (layout tables included) is blocks and inline text."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.out: list[Rec] = []
        self.pieces: list[str] = []  # the paragraph being read
        self.link = True  # so far only link text in `pieces`
        self.in_link = 0
        self.blocks: list[Any] = []
        self.cells = 0
        self.tables = 0  # data tables read so far

    def walk(self, root: Any) -> list[Rec]:
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
            text = squash("".join(self.pieces))
            if text:
                self.out.append(Rec((text,), self.blocks[-1], self.link))
            self.pieces = []
        self.link = True

    def table(self, el: Any) -> list[Rec] | None:
        """A table without tables inside as rows on its grid, or None when a cell holds running
        text (a layout table around the report). One slot per cell, and a "" (with the place of
        the cell) where a cell from a row above reaches down. A cell spanning columns is one
        slot: the core reads values right after a row's label, so a label's covered columns
        would shift them."""
        out: list[Rec] = []
        caption = el.find("caption")
        if caption is not None and _cell_text(caption):
            out.append(Rec((_cell_text(caption),), el))
        above: dict[int, tuple[int, int, int, int]] = {}  # column -> rows left, row, column, width
        words = False
        t = self.tables = self.tables + 1
        for r, tr in enumerate(el.iter("tr"), start=1):
            self.cells += len(tr)
            if self.cells > MAX_TABLE_CELLS:
                raise too_big(self.name, f"超过 {MAX_TABLE_CELLS} 个单元格")
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
                    raise too_big(self.name, f"超过 {MAX_TABLE_CELLS} 个单元格")
            joined = "".join(cells)
            if joined:
                out.append(Rec(tuple(cells), el, row=r, places=tuple(starts)))
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
        return squash(cell.text) if cell.text else ""
    breaks = 0
    for el in cell.iter():  # a Python loop beats iter(*tags) and find() here
        if el.tag in _BREAKS:
            breaks += 1
    if breaks <= 1 and (breaks == 0 or cell.find(".//br") is None):
        return squash(etree.tostring(cell, method="text", encoding=str, with_tail=False))
    parts: list[str] = []
    run: list[str] = [cell.text or ""]
    for event, el in etree.iterwalk(cell, events=("start", "end")):
        if el is cell:
            continue
        if el.tag in _BLOCK or el.tag == "br":
            parts.append(squash("".join(run)))
            run = []
        if event == "start" and el.text:
            run.append(el.text)
        elif event == "end" and el.tail:
            run.append(el.tail)
    parts.append(squash("".join(run)))
    return join_wrapped([p for p in parts if p])
