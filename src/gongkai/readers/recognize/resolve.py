"""Settle rows of table 三 that can be read several ways, with the table's own identities.

A row whose digits ran together, or that lost a cell, may have several readings (`fit.Fit`).
Table 三 says which ones can be right: for every column, 一 + 二 = （七）总计 + 四 (R10) and
（七）总计 = the sum of the result rows (R11). A reading is kept when some choice of readings for
all the other rows satisfies every identity that can be checked (a column is checked only where
every cell involved is a printed number). The result rows are searched as a walk over running
column sums, forward and back, so that 21 open rows cost no more than their distinct sums.
When the identities cannot all hold (the report's own arithmetic is wrong) they are not used.
"""

from __future__ import annotations

from itertools import product
from math import prod

from gongkai.readers.recognize.cells import CellValue
from gongkai.readers.recognize.shape import Cells
from gongkai.report import format as fmt

FRAME = ("new", "carried_over", "results_total", "carried_forward")
MAX_FRAMES = 20_000
MAX_STATES = 200_000
Vector = tuple[int, ...]


class TooMany(Exception):
    """The search would be too large; the caller then decides nothing."""


Options = dict[str, tuple[Cells, ...]]
Frame = tuple[Cells | None, ...]  # readings of 一, 二, （七）, 四 (None: the row is absent)


def feasible(options: Options, undivided: bool) -> Options | None:
    """The readings of each row that take part in at least one reading of the whole table that
    satisfies the identities; None when the search is too large to make."""
    try:
        frames = _frames(options)
        kept = {k: options[k] for k in fmt.result_keys(undivided) if k in options}
        columns = _r11_columns(options, undivided)
        if columns:
            walked = _walk([options[k] for k in kept], columns, frames)
            if walked is not None:  # else R11 cannot hold at all: it is not used
                rows, reached = walked
                kept = dict(zip(kept, rows, strict=True))
                frames = [f for f in frames if _vector(f[2], columns) in reached]
    except TooMany:
        return None
    for i, key in enumerate(FRAME):
        if key in options:
            kept[key] = tuple(dict.fromkeys(c for f in frames if (c := f[i]) is not None))
    return kept


def _number(cell: CellValue | None) -> int | None:
    n = None if cell is None else cell.number
    return n if isinstance(n, int) and n >= 0 else None


def _columns(rows: list[tuple[Cells, ...]]) -> list[int]:
    """Columns where every reading of every row shows a number."""
    return [
        c
        for c in range(fmt.N_APPLICANT_COLUMNS)
        if all(_number(o[c]) is not None for opts in rows for o in opts)
    ]


def _vector(cells: Cells | None, columns: list[int]) -> Vector:
    return tuple(_number(cells[c]) or 0 for c in columns) if cells is not None else ()


def _frames(options: Options) -> list[Frame]:
    """Readings of 一, 二, （七） and 四 together that satisfy R10 where it can be checked."""
    present = [options.get(k) for k in FRAME]
    choices: list[tuple[Cells | None, ...]] = [o if o is not None else (None,) for o in present]
    if prod(len(c) for c in choices) > MAX_FRAMES:
        raise TooMany
    combos: list[Frame] = list(product(*choices))
    if any(o is None for o in present):
        return combos
    columns = _columns([o for o in present if o is not None])
    holding: list[Frame] = []
    for combo in combos:
        new, over, total, forward = [_vector(c, columns) for c in combo]
        if all(a + b == c + d for a, b, c, d in zip(new, over, total, forward, strict=True)):
            holding.append(combo)
    return holding or combos  # R10 cannot hold at all: it is not used


def _r11_columns(options: Options, undivided: bool) -> list[int]:
    keys = [*fmt.result_keys(undivided), "results_total"]
    if any(k not in options for k in keys):
        return []
    return _columns([options[k] for k in keys])


def _walk(
    rows: list[tuple[Cells, ...]], columns: list[int], frames: list[Frame]
) -> tuple[list[tuple[Cells, ...]], set[Vector]] | None:
    """The readings of the result rows that add up to the （七）总计 of some frame (R11), and the
    totals so reached; None when no reading adds up to any of them."""
    targets = {_vector(f[2], columns) for f in frames}
    ceiling = tuple(max(t[j] for t in targets) for j in range(len(columns)))
    steps = [[_vector(o, columns) for o in opts] for opts in rows]
    reach: list[set[Vector]] = [{(0,) * len(columns)}]
    for step in steps:
        nxt = set()
        for here in reach[-1]:
            for v in step:
                s = _add(here, v)
                if all(x <= m for x, m in zip(s, ceiling, strict=True)):
                    nxt.add(s)
        if len(nxt) > MAX_STATES:
            raise TooMany
        reach.append(nxt)
    reached = reach[-1] & targets
    if not reached:
        return None
    good = reached
    kept: list[tuple[Cells, ...]] = []
    for i in range(len(rows) - 1, -1, -1):
        usable = [any(_add(s, v) in good for s in reach[i]) for v in steps[i]]
        kept.append(tuple(o for o, ok in zip(rows[i], usable, strict=True) if ok))
        good = {s for s in reach[i] for v in steps[i] if _add(s, v) in good}
    return kept[::-1], reached


def _add(a: Vector, b: Vector) -> Vector:
    return tuple(x + y for x, y in zip(a, b, strict=True))
