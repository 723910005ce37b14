"""A printable document: what every backend draws, whatever it came from.

Builders turn domain data into a `Document` (`annual.py` a report, `comparison.py` two reports,
the workbench's letters an application); backends (`docx_backend`, `html_backend`,
`pdf_backend`, `text_backend`) turn a `Document` into bytes. So the official merged cells of
the three tables are laid out once, and a Word file, a web page and a PDF cannot disagree.

A table is a full grid: every row has the same width, a merged cell sits in its top-left slot
with its spans, and the slots it covers hold None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right", "justify"]
Mark = Literal["changed", "error"]  # a highlighted cell: changed since last year, offending
ParagraphStyle = Literal["body", "lead", "signature", "note", "quote", "addressee"]
Kind = Literal["report", "comparison", "letter"]

# C0/C1 control characters other than tab and newline: invisible, and not allowed in DOCX XML.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text as it can be printed: CRLF folded, control characters dropped, nothing else touched."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True, slots=True)
class Cell:
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # a label or column heading (th), not a value
    align: Align = "center"
    mark: Mark | None = None
    note: str | None = None  # a second, smaller line: "上年 12" in a comparison


Row = tuple[Cell | None, ...]


@dataclass(frozen=True, slots=True)
class Table:
    grid: tuple[Row, ...]
    widths: tuple[float, ...]  # relative column widths, one per grid column
    header_rows: int = 0  # rows repeated at the top of each page
    caption: str | None = None
    key: str | None = None  # proactive | applications | reviews for the report's tables

    def __post_init__(self) -> None:
        """Every slot is either one cell's top-left corner or covered by exactly one span."""
        width = len(self.widths)
        covered: set[tuple[int, int]] = set()
        for r, row in enumerate(self.grid):
            if len(row) != width:
                raise ValueError(f"row {r} has {len(row)} slots, the table {width}")
            for c, cell in enumerate(row):
                if cell is None:
                    if (r, c) not in covered:
                        raise ValueError(f"slot ({r}, {c}) is empty but no span covers it")
                    continue
                if (r, c) in covered:
                    raise ValueError(f"slot ({r}, {c}) is covered by a span and has a cell")
                if r + cell.rowspan > len(self.grid) or c + cell.colspan > width:
                    raise ValueError(f"the cell at ({r}, {c}) spans past the table")
                covered.update(
                    (r + dr, c + dc)
                    for dr in range(cell.rowspan)
                    for dc in range(cell.colspan)
                    if dr or dc
                )

    @property
    def width(self) -> int:
        return len(self.widths)

    def cells(self) -> list[tuple[int, int, Cell]]:
        """The real cells with their top-left grid position, row by row."""
        return [
            (r, c, cell)
            for r, row in enumerate(self.grid)
            for c, cell in enumerate(row)
            if cell is not None
        ]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 1: 一、总体情况; 2: （一）主动公开情况


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: ParagraphStyle = "body"  # body: 首行缩进两字; signature: 落款 on the right;
    # addressee: a letter's "张三：", flush left
    align: Align | None = None  # None: the style's own


Block = Heading | Paragraph | Table


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    kind: Kind = "report"
    subtitle: str | None = None  # a line under the title: a letter's 文号, a comparison's years
    page_numbers: bool = True
    landscape: bool = False
    meta: dict[str, str] = field(default_factory=dict)  # author, subject… for file properties

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]\s*\S{1,30}$")


def paragraphs(text: str | None) -> list[Block]:
    """Narrative text -> blocks: one paragraph per line; a short "（一）主动公开" line is a sub-heading."""
    if not text:
        return []
    blocks: list[Block] = []
    for raw in clean(text).split("\n"):
        line = raw.strip()
        if not line:
            continue
        if _SUBHEADING.match(line) and not line.endswith(("。", "；", "：")):
            blocks.append(Heading(line, 2))
        else:
            blocks.append(Paragraph(line))
    return blocks
