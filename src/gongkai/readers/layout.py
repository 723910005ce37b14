"""The neutral intermediate every front end produces: a document as lines of cells.

A paragraph is a line with one cell; a table row is a line with several. Front ends (text, HTML,
DOCX, PDF) only turn bytes into a `Document`; the one recognition core in `recognize/` turns a
`Document` into a report. `blanks_reliable` says whether an empty cell is a
real blank cell (a Markdown or HTML table) or may be an artefact of text extraction (PDF tabs).
Merged cells are read once: a cell spanning columns is one cell, a cell spanning rows leaves an
empty cell in the rows below it — so the values after a row's label are the cells that follow it.

Lines and sources are named tuples: a report has hundreds of them and they are made on the hot path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

Place = dict[str, Any]
"""Where a cell was printed, as the JSON says it under `extra.provenance`: {"line": 12} in text;
{"page": 3, "box": [x0, y0, x1, y1]} in a PDF (points, origin top left); {"table": 2, "row": 5,
"cell": 3} or {"paragraph": 14} in DOCX and HTML (all counted from 1)."""


class Source(NamedTuple):
    """A cell's address in the Document: `line` is unique per Line (the text line number in
    text; a running number elsewhere), `cell` the index of the cell on that line. The printed
    place of the cell is `Document.place(source)`."""

    line: int
    cell: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"line": self.line, "cell": self.cell}


class Line(NamedTuple):
    cells: tuple[str, ...]
    source: Source
    blanks_reliable: bool
    text: str  # the non-empty cells joined by spaces

    @classmethod
    def of(cls, cells: tuple[str, ...], source: Source, blanks_reliable: bool = False) -> Line:
        return cls(cells, source, blanks_reliable, " ".join(c for c in cells if c))

    @property
    def is_row(self) -> bool:
        return len(self.cells) > 1


@dataclass(frozen=True, slots=True)
class Document:
    lines: tuple[Line, ...]
    name: str = "<text>"
    meta: dict[str, str] = field(default_factory=dict)
    places: dict[Source, Place] | None = None  # per cell; None: the Source's line is the place
    notes: tuple[str, ...] = ()  # what the front end could not read, in Chinese (finding RD10)

    def place(self, source: Source) -> Place:
        if self.places is None:
            return {"line": source.line}
        return self.places.get(source) or self.places.get(Source(source.line, 0)) or {}


def join_wrapped(parts: list[str]) -> str:
    """Pieces of one text broken over lines (a label wrapped in its cell, a paragraph over
    several lines): nothing goes between them beside a Chinese character or full-width
    punctuation, so "（区分处理的，只计这一情" + "形，不计其他情形）" reads whole; Latin words and
    numbers keep one space between them."""
    out = ""
    for part in parts:
        if out and part and out[-1].isascii() and part[0].isascii() and not out[-1].isspace():
            out += " "
        out += part
    return out
