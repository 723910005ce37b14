"""A page's text as PDFium draws it -> pieces (text without a gap, with its box) on visual lines.

PDFium gives a page's text in drawing order, with a line break where the text moves to another
line and a space where it jumps ahead. Only the first and last character of each piece is
measured, which keeps reading close to the cost of PDFium's own text extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pypdfium2.raw as pdfium_c

from gongkai.readers.layout import join_wrapped

_WORD = re.compile(r"\S+")


_LINE = re.compile(r"[^\r\n]+")


class Piece(NamedTuple):
    """Text printed without a gap, with its box in PDF points (origin bottom left)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


@dataclass
class Row:
    """One visual line of a page: its pieces, and the band of the line it started with."""

    page: int
    bottom: float
    top: float
    pieces: list[Piece] = field(default_factory=list)
    slots: list[Piece | None] | None = None  # the cells on the table's columns, blanks as None

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def fragments(textpage: Any) -> list[list[Piece]]:
    """PDFium's lines, each cut into pieces at its gaps."""
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != n:  # PDFium inserted or left out characters: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(n))
    rect = pdfium_c.FS_RECTF()
    loose = pdfium_c.FPDFText_GetLooseCharBox

    def box(i: int) -> tuple[float, float, float, float]:
        loose(textpage, i, rect)
        return rect.left, rect.bottom, rect.right, rect.top

    out = []
    for line in _LINE.finditer(text):
        pieces: list[Piece] = []
        for word in _WORD.finditer(line.group()):
            s, e = line.start() + word.start(), line.start() + word.end()
            left, b1, _, t1 = box(s)
            _, b2, right, t2 = box(e - 1) if e - 1 > s else (left, b1, rect.right, t1)
            piece = Piece(word.group(), left, min(b1, b2), right, max(t1, t2))
            if pieces and _joins(pieces[-1], piece):
                pieces[-1] = join(pieces[-1], piece)
            else:
                pieces.append(piece)
        if pieces:
            out.append(pieces)
    return out


def _joins(a: Piece, b: Piece) -> bool:
    """A narrow gap (justified text, a digit beside a Chinese character) is not a cell border."""
    height = max(a.top - a.bottom, b.top - b.bottom, 1.0)
    return b.left - a.right < 0.8 * height and not (is_number(a.text) and is_number(b.text))


def is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "").isdigit()


def join(a: Piece, b: Piece) -> Piece:
    """Latin words and numbers keep a space between them; beside a Chinese character a gap
    adds none ("2024年"): a PDF does not say whether a space was typed there, Word's automatic
    spacing between Chinese and digits and a justified real space look alike."""
    return Piece(
        join_wrapped([a.text, b.text]),
        a.left,
        min(a.bottom, b.bottom),
        b.right,
        max(a.top, b.top),
    )


def visual_lines(page: int, fragments: list[list[Piece]]) -> list[Row]:
    """Fragments on one visual line (vertically overlapping by half, side by side) become one
    row; otherwise PDFium's order stands — sorting by height would put the numbers of a row
    with a label wrapped over three lines before their label."""
    rows: list[Row] = []
    for pieces in fragments:
        bottom = min(p.bottom for p in pieces)
        top = max(p.top for p in pieces)
        home = _same_line(rows, bottom, top, pieces)
        if home is None:
            rows.append(Row(page, bottom, top, list(pieces)))
        else:
            home.pieces.extend(pieces)
            home.pieces.sort(key=lambda p: p.left)
    return rows


def _same_line(rows: list[Row], bottom: float, top: float, pieces: list[Piece]) -> Row | None:
    height = top - bottom
    for row in reversed(rows[-60:]):
        overlap = min(top, row.top) - max(bottom, row.bottom)
        if overlap < 0.5 * min(height, row.top - row.bottom):
            continue
        if all(p.right <= q.left or p.left >= q.right for p in pieces for q in row.pieces):
            return row
        return None
    return None
