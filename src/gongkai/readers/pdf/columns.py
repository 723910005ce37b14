"""Blank cells back in their columns: a PDF prints nothing for a blank cell."""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable

from gongkai.readers.pdf.lines import Piece, Row
from gongkai.readers.recognize.cells import parse_value
from gongkai.readers.recognize.normalize import clean

_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")


def place_blank_cells(rows: list[Row]) -> None:
    """A PDF prints nothing for a blank cell, so a row with blanks has fewer numbers than its
    table has columns. Where a row of the same table shows every column (the most numbers of
    any row there), the numbers of the shorter row are set on those columns by their position
    and the blanks become cells."""
    values = [[p for p in r.pieces if _value_like(p.text)] for r in rows]
    for start, end in _tables(rows, values):
        widest = max(len(values[i]) for i in range(start, end))
        full = [i for i in range(start, end) if len(values[i]) == widest]
        if widest >= 5:  # a wide table of one layout (三): its columns are where numbers stand
            clustered = _clustered([p for v in values[start:end] for p in v])
            full_columns = [clustered] if len(clustered) >= widest else []
        else:  # table 二 is several small tables with their own columns: only full rows count
            full_columns = []
        for i in range(start, end):
            k = len(values[i])
            if k == 0:
                continue
            row = rows[i]
            first = row.pieces.index(values[i][0])
            last = row.pieces.index(values[i][-1])
            heads = _header_columns(
                rows, values, start, i, row.pieces[first - 1] if first else None
            )
            nearest_full = [values[j] for j in sorted(full, key=lambda j: abs(j - i))]
            # a wide table by where its numbers stand; a small one by its column heads, which
            # name every column even when no row fills them all
            columns = full_columns if widest >= 5 else heads
            columns += nearest_full if k < widest else []
            for candidate in columns:
                slots = _on_columns(values[i], candidate)
                if slots is not None:
                    row.slots = [*row.pieces[:first], *slots, *row.pieces[last + 1 :]]
                    break


def _tables(rows: list[Row], values: list[list[Piece]]) -> list[tuple[int, int]]:
    """Stretches of rows that hold numbers, between section headings and paragraphs."""
    out, start = [], 0
    for i, row in enumerate(rows):
        if len(row.pieces) == 1 and not values[i] and _breaks_table(row.text):
            if any(values[start:i]):
                out.append((start, i))
            start = i + 1
    if any(values[start:]):
        out.append((start, len(rows)))
    return out


def _breaks_table(text: str) -> bool:
    """A section heading ("四、政府信息公开行政复议、行政诉讼情况") or a paragraph."""
    return (bool(_SECTION.match(text)) and "情况" in text) or len(text) >= 40


_ALIGNMENTS: tuple[Callable[[Piece], float], ...] = (
    lambda p: (p.left + p.right) / 2,
    lambda p: p.right,
    lambda p: p.left,
)


def _clustered(pieces: list[Piece]) -> list[Piece]:
    """The columns the numbers of a table stand in: numbers aligned alike (centred, or flush
    left or right) within half a character, whichever alignment gives the fewest columns."""
    if not pieces:
        return []
    tolerance = 0.5 * statistics.median(p.top - p.bottom for p in pieces)
    best: list[Piece] = []
    for key in _ALIGNMENTS:
        groups: list[list[Piece]] = []
        for p in sorted(pieces, key=key):
            if groups and key(p) - key(groups[-1][-1]) <= tolerance:
                groups[-1].append(p)
            else:
                groups.append([p])
        columns = [
            Piece(
                "",
                statistics.fmean(p.left for p in g),
                0.0,
                statistics.fmean(p.right for p in g),
                0.0,
            )
            for g in groups
        ]
        if not best or len(columns) < len(best):
            best = columns
    return best


def _header_columns(
    rows: list[Row], values: list[list[Piece]], start: int, i: int, label: Piece | None
) -> list[list[Piece]]:
    """The column heads of the nearest header row above (no numbers, several cells): in a
    table of one row per part ("行政事业性收费  30" under "信息内容 上一年项目数量 本年增/减")
    they are the only sign of which column a lone number is in."""
    for j in range(i - 1, max(start, i - 6) - 1, -1):
        if values[j]:
            continue  # another row of the same small table
        if len(rows[j].pieces) >= 2:
            edge = label.right if label is not None else float("-inf")
            heads = [p for p in rows[j].pieces if (p.left + p.right) / 2 > edge]
            return [heads] if heads else []
    return []


def _on_columns(pieces: list[Piece], columns: list[Piece]) -> list[Piece | None] | None:
    """`pieces` set on the columns `columns` print in, in order, or None if one fits none."""
    out: list[Piece | None] = [None] * len(columns)
    at = 0
    for piece in pieces:
        tolerance = 0.6 * max(piece.top - piece.bottom, 1.0)
        while at < len(columns) and not _same_column(piece, columns[at], tolerance):
            at += 1
        if at == len(columns):
            return None
        out[at] = piece
        at += 1
    return out


def _same_column(a: Piece, b: Piece, tolerance: float) -> bool:
    """Centred, left- or right-aligned in the same column."""
    return (
        abs((a.left + a.right) - (b.left + b.right)) / 2 <= tolerance
        or abs(a.left - b.left) <= tolerance
        or abs(a.right - b.right) <= tolerance
    )


def _value_like(text: str) -> bool:
    return parse_value(clean(text)) is not None
