"""Fit the printed items of a row to the cells the format expects.

Text extraction drops blank cells, adds empty ones, and web pages glue digits together. A row's
items (values, blanks, runs of digits) are fitted to its `Shape` — the number of cells, the sums
the row must satisfy (table 三: the six applicant columns add up to 总计; table 四: each group of
four adds up to its 总计) and the columns that may carry a sign. When several fits are possible
the caller gets them all and decides with the whole table; nothing is guessed silently.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations

from gongkai.readers.layout import Source
from gongkai.readers.recognize.cells import CellValue
from gongkai.readers.recognize.glued import cut_glued
from gongkai.readers.recognize.shape import Cells, Shape
from gongkai.readers.recognize.tokens import Kind, Token


class Grid:
    """Cells on a line -> index of the first value cell (reliable blanks only), learnt from the
    table's full rows the first time a row needs it: most rows never do."""

    def __init__(self, tokens: list[Token], n: int) -> None:
        self._tokens, self._n = tokens, n
        self._starts: dict[int, int] | None = None

    def get(self, width: int) -> int | None:
        if self._starts is None:
            self._starts = learn_grid(self._tokens, self._n)
        return self._starts.get(width)


@dataclass(frozen=True, slots=True)
class Fit:
    """The ways a row's items can be its cells: one when the row is clear, several when only the
    table can tell (`code` RD03: glued digits; RD01: a missing cell), none if unreadable."""

    options: tuple[Cells, ...]
    note: str | None = None  # Chinese, what was assumed
    code: str | None = None  # reader finding code for the note
    complete: bool = True  # False when there were too many options to list them all
    sources: tuple[Source | None, ...] | None = None  # of the one option's cells, when known


def fit_row(
    tokens: list[Token], shape: Shape, grid: Grid | None = None, label: Token | None = None
) -> Fit:
    """Fit the tokens that follow a row's `label` to the row's cells."""
    items = [t for t in tokens if t.kind is not Kind.LABEL]
    filled = [t for t in items if t.kind is not Kind.BLANK]
    n = shape.size
    if not filled:
        return Fit(((None,) * n,), "整行为空白", "RD01") if items else Fit(())
    if len(filled) == n:  # the common case: every cell printed, blanks are extraction noise
        return Fit((tuple(t.value for t in filled),), sources=tuple(t.source for t in filled))
    grid_start = grid.get(items[0].width) if grid else None
    label_start = label.source.cell + 1 if label else None
    # Values on the label's own line start right after it (a merged value cell may leave blank
    # covered slots behind them); on a line of their own, where the table's full rows put them.
    own_line = label is not None and all(t.line == label.line for t in filled)
    starts = [label_start, grid_start] if own_line else [grid_start, label_start]
    window = _with_blanks(items, n, starts)
    if window is not None:
        cells = tuple(None if t.kind is Kind.BLANK else t.value for t in window)
        return Fit((cells,), sources=tuple(t.source for t in window))
    if len(filled) < n:
        # a cell of a real table (Markdown, HTML) is one cell: only text runs are cut
        splits, complete = cut_glued(tuple(_cuttable(t) for t in filled), shape)
        if splits:
            note = None if len(splits) == 1 else "连写数字有多种拆分"
            return Fit(tuple(splits), note, "RD03", complete)
        if any(t.kind is Kind.RUN for t in filled):
            why = "连写数字无法拆分为本行的单元格" if complete else "连写数字过长，拆分方式过多"
            return Fit((), why, "RD03", complete)
        return _short(filled, shape)
    return _surplus(filled, shape)


def learn_grid(tokens: list[Token], n: int) -> dict[int, int]:
    """Where the values start on reliable lines of each width, from lines that show all `n`.

    A Markdown table keeps its grid, so a row with blank cells at its edges is read by the
    position its values have on the full rows; widths with conflicting positions are left out.
    """
    lines: dict[int, list[Token]] = {}
    for t in tokens:
        if t.reliable:
            lines.setdefault(t.line, []).append(t)
    starts: dict[int, set[int]] = {}
    for on_line in lines.values():
        data = [t for t in on_line if t.kind is not Kind.LABEL and t.kind is not Kind.BLANK]
        if len(data) != n or any(t.kind is not Kind.VALUE for t in data):
            continue
        first = data[0].source.cell
        if [t.source.cell for t in data] == list(range(first, first + n)):
            starts.setdefault(data[0].width, set()).add(first)
    return {w: s.pop() for w, s in starts.items() if len(s) == 1}


def _with_blanks(items: list[Token], n: int, starts: list[int | None]) -> list[Token] | None:
    """Blank cells that count as cells: on reliable lines (Markdown, HTML) the `n` cells from
    where the values start (by the table's grid, else right after the label), elsewhere only
    between the first and the last value of the line. Returns the row's `n` tokens."""
    lines = {t.line for t in items if t.kind is not Kind.BLANK}
    if len(lines) != 1:
        return None
    (line,) = lines
    on_line = [t for t in items if t.line == line]
    filled = [t for t in on_line if t.kind is not Kind.BLANK]
    if on_line[0].reliable:
        if len(on_line) == n:
            starts = [*starts, on_line[0].source.cell]
        for start in starts:
            if start is None:
                continue
            window = [t for t in on_line if start <= t.source.cell < start + n]
            inside = sum(t.kind is not Kind.BLANK for t in window)
            kinds = {t.kind for t in window}
            if len(window) == n and inside == len(filled) and kinds <= {Kind.VALUE, Kind.BLANK}:
                return window
    first = next(i for i, t in enumerate(on_line) if t.kind is not Kind.BLANK)
    last = max(i for i, t in enumerate(on_line) if t.kind is not Kind.BLANK)
    inner = on_line[first : last + 1]
    if len(inner) == n and all(t.kind is not Kind.RUN for t in inner):
        return inner
    return None


def _cuttable(t: Token) -> CellValue | None:
    if t.reliable and t.kind is Kind.VALUE and t.value is not None:
        return replace(t.value, digits=None)
    return t.value


# ------------------------------------------------------------------ too few, too many


def _short(filled: list[Token], shape: Shape) -> Fit:
    """Fewer cells than the row has. With one cell missing from a row with sums, each place it
    may have been is an option, its value derived from the sum it belongs to; the table then
    decides. Otherwise the missing cells are taken to be the last ones."""
    values = [t.value for t in filled]
    n = shape.size
    note = f"本行只有 {len(values)} 个单元格（应为 {n} 个），缺少的单元格按空白处理"
    if shape.sums and len(values) == n - 1:
        options = _missing_one(values, shape)
        if len(options) == 1:
            k = next(i for i, c in enumerate(options[0]) if c is not None and c.derived)
            note = f"本行只有 {n - 1} 个单元格（应为 {n} 个），缺少的第 {k + 1} 列按空白处理"
            return Fit(tuple(options), note, "RD01")
        if options:
            return Fit(tuple(options), f"本行只有 {n - 1} 个单元格（应为 {n} 个）", "RD01")
    return Fit(((*values, *([None] * (n - len(values)))),), note, "RD01")


def _missing_one(values: list[CellValue | None], shape: Shape) -> list[Cells]:
    if all(v is not None and v.number == 0 for v in values):  # zeros: wherever it was, it is 0
        return [(*values, CellValue(0, "", derived=True))]
    options: dict[tuple[object, ...], Cells] = {}
    for k in range(shape.size - 1, -1, -1):
        cells: list[CellValue | None] = [*values[:k], None, *values[k:]]
        derived = _derive(cells, k, shape)
        if derived is None:
            continue
        cells[k] = derived
        key = tuple(_number(c) for c in cells)
        options.setdefault(key, tuple(cells))  # same numbers: the later column (总计) is kept
    return list(options.values())


def _derive(cells: list[CellValue | None], k: int, shape: Shape) -> CellValue | None:
    """The value of the missing cell `k` from the sum it belongs to (never negative)."""
    for parts, total in shape.sums:
        if k not in (*parts, total):
            continue
        others = [cells[i] for i in (*parts, total) if i != k]
        numbers = [c.number for c in others if c is not None and isinstance(c.number, int)]
        if len(numbers) != len(others):
            return None
        total_value = numbers[-1] if k != total else sum(numbers)
        value = total_value - sum(numbers[:-1]) if k != total else total_value
        if value < 0:
            return None
        derived = CellValue(value, "", derived=True)
        if len(shape.sums) == 1:
            return derived
        trial = tuple(derived if i == k else c for i, c in enumerate(cells))
        return derived if shape.holds(trial) else None  # the other sums, on the cells shifted
    return None


def _surplus(filled: list[Token], shape: Shape) -> Fit:
    """More cells than the row has: drop the extra ones whose removal (or the joining of a number
    split over two cells) leaves the sums true, when that is one reading; a row with sums is
    otherwise left null, a row without sums keeps its first cells."""
    values = tuple(t.value for t in filled)
    n = shape.size
    extra = len(values) - n
    if extra <= 3 and shape.sums:
        fitting = []
        for drop in combinations(range(len(values)), extra):
            kept = tuple(v for i, v in enumerate(values) if i not in drop)
            if shape.holds(kept):
                fitting.append(kept)
        fitting.extend(_joins(values, shape) if extra == 1 else [])
        readings = {tuple(_number(c) for c in f): f for f in fitting}
        if len(readings) == 1:
            return Fit((fitting[0],), f"本行多出 {extra} 个单元格，已按勾稽关系处理", "RD02")
        if readings:  # several: the table's column identities may single one out
            return Fit(tuple(readings.values()), f"本行多出 {extra} 个单元格", "RD02")
    if shape.sums:
        return Fit((), f"本行多出 {extra} 个单元格，无法按勾稽关系确定多出的是哪些", "RD02")
    return Fit((values[:n],), f"本行多出 {extra} 个单元格，只取前 {n} 个", "RD02")


def _joins(values: Cells, shape: Shape) -> list[Cells]:
    """One number printed across two cells ("1" and "2" for 12): join neighbours if sums then hold."""
    out = []
    for i in range(len(values) - 1):
        a, b = values[i], values[i + 1]
        if a is None or b is None or not (a.plain and b.plain) or a.digits == "0":
            continue
        digits = f"{a.digits}{b.digits}"
        joined = CellValue(int(digits), f"{a.printed}|{b.printed}", digits=digits)
        cells = (*values[:i], joined, *values[i + 2 :])
        if shape.holds(cells):
            out.append(cells)
    return out


def _number(v: CellValue | None) -> object:
    return None if v is None else v.number
