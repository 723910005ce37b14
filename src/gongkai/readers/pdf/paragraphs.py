"""Paragraphs as written: justified lines kept whole, wrapped lines and two-line titles joined."""

from __future__ import annotations

import itertools
import re

from gongkai.readers.pdf.lines import Piece, Row, is_number, join

_HEADING = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十]+[）)、.．]|[（(]?\d+[）)、.．]|第[一二三四五六七八九十]+)"
)


_LATIN = "0-9A-Za-z.,%‰+\\-/:"


_LEAD = re.compile(
    rf"[（(〔【《“‘\[]*(?:[{_LATIN}]+[）)〕】》”’\]]*)+|[（(〔【《“‘\[]*.[，。、；：？！）》」』”’〕】]*"
)


def justified_lines_whole(rows: list[Row]) -> list[Row]:
    """A justified line of a paragraph stretches its spaces ("保证了  2023  年政府…") until
    they look like cell borders: a line of words that runs from margin to margin is one piece."""
    bounds = _text_bounds(rows)
    if not bounds:
        return rows
    left = min(b[0] for b in bounds.values())
    right = max(b[1] for b in bounds.values())
    out = []
    for row in rows:
        pieces = row.pieces
        if len(pieces) > 1:
            first, last = pieces[0], pieces[-1]
            size = max(p.top - p.bottom for p in pieces)
            if (
                first.left <= left + 2.5 * size
                and last.right >= right - size
                and _words(first.text)
                and _words(last.text)
                and all(b.left - a.right < 1.6 * size for a, b in itertools.pairwise(pieces))
            ):
                whole = pieces[0]
                for piece in pieces[1:]:
                    whole = join(whole, piece)
                out.append(Row(row.page, row.bottom, row.top, [whole]))
                continue
        out.append(row)
    return out


def _words(text: str) -> bool:
    return not is_number(text) and any(ord(c) > 0x2E80 for c in text)


def reflow(rows: list[Row], widths: list[float]) -> list[Row]:
    """Lines of a paragraph wrapped at the right margin become one paragraph again: a line that
    reaches the margin goes on in the next one when that starts at the margin without indent
    (a new paragraph is indented, a heading says what it is); a centred title wrapped over two
    lines is one title. Table rows are never joined."""
    bounds = _text_bounds(rows)
    heights = sorted(r.top - r.bottom for r in rows if len(r.pieces) == 1 and len(r.text) >= 8)
    body = heights[len(heights) // 2] if heights else 0.0  # the size of the running text
    out: list[Row] = []
    last: Piece | None = None  # the last line of out[-1], when it is a paragraph
    for row in rows:
        line = row.pieces[0] if len(row.pieces) == 1 else None
        if (
            last is not None
            and line is not None
            and (
                _goes_on(last, row, bounds)
                or _title_goes_on(last, line, widths[row.page - 1], body)
            )
        ):
            a = out[-1].pieces[0]
            joined = Piece(
                join(a, line).text,
                min(a.left, line.left),
                min(a.bottom, line.bottom),
                max(a.right, line.right),
                max(a.top, line.top),
            )
            out[-1] = Row(out[-1].page, joined.bottom, joined.top, [joined])
        else:
            out.append(row)
        last = line
    return out


def _title_goes_on(a: Piece, b: Piece, width: float, body: float) -> bool:
    """Two centred lines in the same type, larger than the running text, one right under the
    other: a title over two lines."""
    size_a, size_b = a.top - a.bottom, b.top - b.bottom
    if size_a < 1.15 * body:
        return False
    centred = all(abs((p.left + p.right) / 2 - width / 2) < size_a for p in (a, b))
    same_type = abs(size_a - size_b) < 0.2 * size_a  # digits make a line's box a little taller
    return centred and same_type and 0 <= a.bottom - b.top < 0.8 * size_a


def _text_bounds(rows: list[Row]) -> dict[int, tuple[float, float]]:
    """Per page, the left and right edges of its running text (single pieces of 8+ characters)."""
    bounds: dict[int, tuple[float, float]] = {}
    for row in rows:
        if len(row.pieces) == 1 and len(row.pieces[0].text) >= 8:
            p = row.pieces[0]
            left, right = bounds.get(row.page, (p.left, p.right))
            bounds[row.page] = (min(left, p.left), max(right, p.right))
    return bounds


def _goes_on(a: Piece, row: Row, bounds: dict[int, tuple[float, float]]) -> bool:
    """`a`, the last line so far of a paragraph, ended because what starts `row` did not fit
    (ragged right: a number or a character with its punctuation moves to the next line as a
    whole); `row` starts at the left margin without indent and is no heading."""
    if _HEADING.match(row.text) or not bounds:
        return False
    b = row.pieces[0]
    size = max(a.top - a.bottom, b.top - b.bottom, 1.0)
    right = max(r for _, r in bounds.values())
    return a.right + _first_word(b.text) * size > right - 0.3 * size and (
        b.left <= min(left for left, _ in bounds.values()) + 0.6 * size
    )


def _first_word(text: str) -> float:
    """The width in ems of what cannot be broken at the start of a line: a number or Latin
    word with its brackets ("〔2020〕109"), or a character with the punctuation after it."""
    word = _LEAD.match(text)
    if word is None:
        return 1.0
    return sum(0.55 if c.isascii() else 1.0 for c in word.group())
