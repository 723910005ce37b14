"""The neutral intermediate every front end produces: a document as lines of cells.

A paragraph is a line with one cell; a table row is a line with several. Front ends (text now;
HTML, DOCX and PDF later) only turn bytes into a `Document`; the one recognition core in
`recognize/` turns a `Document` into a report. `blanks_reliable` says whether an empty cell is a
real blank cell (a Markdown or HTML table) or may be an artefact of text extraction (PDF tabs).

Lines and sources are named tuples: a report has hundreds of them and they are made on the hot path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Source(NamedTuple):
    """Where a cell was printed: a line in text; later also page/box, table/row/cell."""

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
