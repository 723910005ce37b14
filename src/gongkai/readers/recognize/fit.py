"""Fit the printed items of a row to the cells the format expects.

Text extraction drops blank cells, adds empty ones, and web pages glue digits together. A row's
items (values, blanks, runs of digits) are fitted to its `Shape` — the number of cells and the
sums the row must satisfy (table 三: the six applicant columns add up to 总计; table 四: each group
of four adds up to its 总计). When several fits are possible the caller gets them all and decides
with the whole table; nothing is guessed silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from gongkai.readers.recognize.cells import CellValue, split_digits
from gongkai.readers.recognize.tokens import Kind, Token

Sum = tuple[tuple[int, ...], int]  # (indexes of the parts, index of their total)
Cells = tuple[CellValue | None, ...]
MAX_OPTIONS = 2000


@dataclass(frozen=True, slots=True)
class Shape:
    size: int
    sums: tuple[Sum, ...] = ()

    def holds(self, cells: Cells) -> bool:
        """True when every sum whose cells are all numbers holds."""
        for parts, total in self.sums:
            values = [cells[i] for i in (*parts, total)]
            if any(v is None or v.number is None for v in values):
                continue
            if sum(v.number for v in values[:-1]) != values[-1].number:  # type: ignore[union-attr,misc]
                return False
        return True


APPLICATION_SHAPE = Shape(7, (((0, 1, 2, 3, 4, 5), 6),))
REVIEW_SHAPE = Shape(
    15, (((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14))
)


@dataclass(frozen=True, slots=True)
class Fit:
    options: tuple[Cells, ...]  # one when the row is clear, several when ambiguous, none if unreadable
    note: str | None = None  # Chinese, what was assumed
    code: str | None = None  # reader finding code for the note


def fit_row(tokens: list[Token], shape: Shape) -> Fit:
    items = [t for t in tokens if t.kind is not Kind.LABEL]
    filled = [t for t in items if t.kind is not Kind.BLANK]
    n = shape.size
    if not filled:
        return Fit(((None,) * n,), "整行为空白", "RD01") if items else Fit(())
    if len(filled) == n:
        return Fit((tuple(t.value for t in filled),))
    spread = _with_blanks(items, n)
    if spread is not None:
        return Fit((spread,))
    if len(filled) < n:
        splits = _splits(filled, shape)
        if splits:
            return Fit(tuple(splits), None if len(splits) == 1 else "连写数字有多种拆分", "RD03")
        return _short(filled, shape)
    if len(filled) > n:
        return _surplus(filled, shape)
    return Fit((tuple(t.value for t in filled),))


def _with_blanks(items: list[Token], n: int) -> Cells | None:
    """Reliable blank cells (Markdown, HTML) count as cells; extraction blanks only inside a row."""
    lines = {t.line for t in items if t.kind is not Kind.BLANK}
    if len(lines) != 1:
        return None
    (line,) = lines
    on_line = [t for t in items if t.line == line]
    first = next(i for i, t in enumerate(on_line) if t.kind is not Kind.BLANK)
    last = max(i for i, t in enumerate(on_line) if t.kind is not Kind.BLANK)
    inner = on_line[first : last + 1]
    if len(inner) == n:
        return tuple(None if t.kind is Kind.BLANK else t.value for t in inner)
    if on_line[0].reliable and len(on_line[: last + 1]) == n:
        return tuple(None if t.kind is Kind.BLANK else t.value for t in on_line[: last + 1])
    return None


def _splits(filled: list[Token], shape: Shape) -> list[Cells]:
    """Every way of cutting multi-digit items into cells so that the row has `size` cells and
    its sums hold."""
    n = shape.size
    choices: list[list[tuple[CellValue, ...]]] = []
    for t in filled:
        v = t.value
        digits = v.digits if v is not None else None
        if v is None or digits is None or len(digits) < 2:
            choices.append([(v,)] if v is not None else [])
            continue
        options = [(v,)]
        for parts in range(2, min(len(digits), n) + 1):
            options.extend(
                tuple(CellValue(x, str(x), digits=str(x)) for x in cut)
                for cut in split_digits(digits, parts)
            )
        choices.append(options)
    if any(not c for c in choices):
        return []
    out: list[Cells] = []
    _combine(choices, 0, (), n, shape, out)
    return out


def _combine(
    choices: list[list[tuple[CellValue, ...]]],
    k: int,
    acc: tuple[CellValue, ...],
    n: int,
    shape: Shape,
    out: list[Cells],
) -> None:
    if len(out) >= MAX_OPTIONS or len(acc) > n:
        return
    if k == len(choices):
        if len(acc) == n and shape.holds(acc):
            out.append(acc)
        return
    # each remaining item takes at least one cell
    if len(acc) + (len(choices) - k) > n:
        return
    for option in choices[k]:
        _combine(choices, k + 1, acc + option, n, shape, out)


def _short(filled: list[Token], shape: Shape) -> Fit:
    """Fewer cells than the row has: the missing cell is taken to be the last (the 总计 column
    when it is table 三), unless the numbers show the 总计 is there and an applicant column is not."""
    values = [t.value for t in filled]
    n = shape.size
    cells: list[CellValue | None] = [*values, *([None] * (n - len(values)))]
    note = f"本行只有 {len(values)} 个单元格（应为 {n} 个），缺少的单元格按空白处理"
    if shape.sums and len(values) == n - 1:
        parts, total = shape.sums[0]
        if total == n - 1 and len(parts) == n - 1:
            head, last = values[:-1], values[-1]
            numbers = [v.number for v in head if v is not None]
            if (
                last is not None
                and isinstance(last.number, int)
                and last.number > 0
                and len(numbers) == len(head)
                and sum(numbers) == last.number  # type: ignore[arg-type]
            ):
                cells = [*head, None, last]
                note = f"本行只有 {n - 1} 个单元格，末格等于其余之和，视为总计；缺少的申请人列按空白处理"
    return Fit((tuple(cells),), note, "RD01")


def _surplus(filled: list[Token], shape: Shape) -> Fit:
    """More cells than the row has: drop the extra ones that keep the sums true, else the tail."""
    values = tuple(t.value for t in filled)
    n = shape.size
    extra = len(values) - n
    if extra <= 3:
        fitting = []
        for drop in combinations(range(len(values)), extra):
            kept = tuple(v for i, v in enumerate(values) if i not in drop)
            if shape.holds(kept):
                fitting.append(kept)
        fitting.extend(_joins(values, shape) if extra == 1 else [])
        distinct = list(dict.fromkeys(tuple(_plain(c) for c in f) for f in fitting))
        if len(distinct) == 1:
            return Fit((fitting[0],), f"本行多出 {extra} 个单元格，已按勾稽关系处理", "RD02")
    return Fit((values[:n],), f"本行多出 {extra} 个单元格，只取前 {n} 个", "RD02")


def _joins(values: Cells, shape: Shape) -> list[Cells]:
    """One number printed across two cells ("1" and "2" for 12): join neighbours if sums then hold."""
    out = []
    for i in range(len(values) - 1):
        a, b = values[i], values[i + 1]
        if a is None or b is None or a.digits is None or b.digits is None or a.digits == "0":
            continue
        digits = a.digits + b.digits
        joined = CellValue(int(digits), f"{a.printed}|{b.printed}", digits=digits)
        cells = (*values[:i], joined, *values[i + 2 :])
        if shape.holds(cells):
            out.append(cells)
    return out


def _plain(v: CellValue | None) -> object:
    return None if v is None else v.number
