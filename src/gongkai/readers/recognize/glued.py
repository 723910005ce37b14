"""Cut runs of glued digits into a row's cells ("801000081" -> 80 | 1 | 0 | 0 | 0 | 0 | 81).

Flattened web text prints a row's cells with no separator. Every cut into the row's cells
without leading zeros is a candidate; the row's sums, its signed columns and the digits left
for each total prune the search, and a cut that is not the only one is left to the table.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from gongkai.readers.recognize.cells import CellValue
from gongkai.readers.recognize.shape import Cells, Shape

MAX_OPTIONS = 500
MAX_STEPS = 5_000  # cells tried in cutting one row of glued digits before giving up


@lru_cache(maxsize=4096)
def cut_glued(values: tuple[CellValue | None, ...], shape: Shape) -> tuple[tuple[Cells, ...], bool]:
    """Every way of cutting the items' digits into `size` cells (no leading zeros) such that the
    row's sums hold and signs stand in signed columns. Returns the cuts and whether the list is
    complete. When the row ends with a total (table 三's 总计, table 四's last 总计), its digits
    are the end of the last item: each such ending is tried, and the parts before it must add up
    to it, which keeps the search small."""
    if any(v is None for v in values):
        return (), True
    items: list[CellValue] = [v for v in values if v is not None]
    n = shape.size
    last_sum = next((s for s in shape.sums if s[1] == n - 1), None)
    tail = items[-1]
    if last_sum is None or not tail.digits or tail.frac or tail.sign or tail.number is None:
        cutter = _Cutter(items, shape, n, None, [MAX_STEPS])
        return tuple(cutter.cuts), cutter.complete
    out: list[Cells] = []
    complete = True
    budget = [MAX_STEPS]  # shared by the endings tried
    digits = tail.digits
    for k in range(1, len(digits) + 1):
        ending = digits[-k:]
        if len(ending) > 1 and ending[0] == "0":
            continue
        head = [*items[:-1], _piece(tail, 0, digits[:-k])] if k < len(digits) else items[:-1]
        if not head:
            continue
        cutter = _Cutter(head, shape, n - 1, (last_sum[0], int(ending)), budget)
        total = _piece(tail, len(digits) - k, ending)
        out.extend((*cut, total) for cut in cutter.cuts)
        complete = complete and cutter.complete
    return tuple(out[:MAX_OPTIONS]), complete and len(out) < MAX_OPTIONS


class _Cutter:
    """Cut `items` into `size` cells; with a `target` (parts, total) the parts add up to total.

    The search works on plain numbers and checks each cell as it is placed: a sign only in a
    signed column, a total equal to its parts, a total still able to hold its parts so far."""

    def __init__(
        self,
        items: list[CellValue],
        shape: Shape,
        size: int,
        target: tuple[tuple[int, ...], int] | None,
        budget: list[int],
    ) -> None:
        self.items, self.shape, self.size, self.target = items, shape, size, target
        self.budget = budget  # cells that may still be tried, shared with other cutters
        self.totals = {total: parts for parts, total in shape.sums if total < size}
        self.groups = {i: (parts[0], total) for parts, total in shape.sums for i in parts}
        self.room = [0] * (len(items) + 1)  # digits (cells at most) of the items from i on
        self.least = [[0] for _ in range(len(items) + 1)]  # [i][pos]: sum of the digits left,
        for i in range(len(items) - 1, -1, -1):  # the least they can add up to however cut
            self.room[i] = self.room[i + 1] + self._capacity(items[i])
            digits = [int(d) for d in items[i].digits or "0"]
            after = self.least[i + 1][0]
            self.least[i] = [sum(digits[p:]) + after for p in range(len(digits) + 1)]
        self.cuts: list[Cells] = []
        self.nums: list[int | None] = []  # the cells placed so far, as numbers
        self.spans: list[tuple[int, int, int]] = []  # (item, start, end) of each cell
        self.dead: set[tuple[int, int, int, int | None]] = set()
        self._walk(0, 0)
        self.complete = len(self.cuts) < MAX_OPTIONS and budget[0] >= 0

    @staticmethod
    def _capacity(v: CellValue) -> int:
        return len(v.digits) if v.digits and v.number is not None else 1

    def _walk(self, i: int, pos: int) -> None:
        """Go on from item `i` at digit `pos`. What can follow depends only on where we are and
        on the sum of the group being filled, so a place that led nowhere is not tried again."""
        if len(self.cuts) >= MAX_OPTIONS or self.budget[0] < 0:
            return
        j = len(self.nums)
        group = self.groups.get(j - 1) if j else None
        open_sum = None
        if group is not None and j - 1 < group[1]:
            values = self.nums[group[0] : j]
            open_sum = sum(values) if None not in values else -1  # type: ignore[arg-type]
        key = (i, pos, j, open_sum)
        if key in self.dead:
            return
        found = len(self.cuts)
        self._step(i, pos)
        if len(self.cuts) == found:
            self.dead.add(key)

    def _step(self, i: int, pos: int) -> None:
        if i == len(self.items):
            if len(self.nums) == self.size and self._on_target(0, 0, final=True):
                self.cuts.append(self._cells())
            return
        v = self.items[i]
        digits = v.digits
        if not digits or v.number is None:
            self._place(i, 0, 0, _int(v.number))
            return
        rest = len(digits) - pos
        longest = 1 if digits[pos] == "0" else rest
        placed = len(self.nums) + 1
        for size in range(1, longest + 1):
            if placed + (len(self.items) - i - 1) > self.size:
                break  # each later item needs a cell of its own
            if placed + (rest - size) + self.room[i + 1] < self.size:
                continue  # too few digits left to make the row
            end = pos + size
            if end == len(digits) and v.frac:
                number = None
            else:
                number = int(digits[pos:end])
                number = -number if pos == 0 and v.negative else number
            self._place(i, pos, end, number)

    def _place(self, i: int, start: int, end: int, number: int | None) -> None:
        self.budget[0] -= 1
        j = len(self.nums)
        v = self.items[i]
        if j >= self.size or (start == 0 and v.sign and j not in self.shape.signed):
            return
        self.nums.append(number)
        self.spans.append((i, start, end))
        whole = not v.digits or v.number is None or end == len(v.digits)
        nxt, pos = (i + 1, 0) if whole else (i, end)
        left, least = 0, self.least[nxt][pos]
        if nxt < len(self.items):
            left = self._capacity(self.items[nxt]) - pos + self.room[nxt + 1]
        if self._total_holds(j) and self._total_room(j, left) and self._on_target(left, least):
            self._walk(nxt, pos)
        self.nums.pop()
        self.spans.pop()

    def _total_holds(self, j: int) -> bool:
        parts = self.totals.get(j)
        if parts is None:
            return True
        values = [self.nums[p] for p in parts]
        total = self.nums[j]
        return total is None or any(x is None for x in values) or sum(values) == total  # type: ignore[arg-type]

    def _total_room(self, j: int, left: int) -> bool:
        """The total of the sum `j` belongs to is still to come: it must be able to hold the
        parts so far with the digits that will be left for it."""
        group = self.groups.get(j)
        if group is None or group[1] >= self.size:
            return True
        first, total = group
        values = [x for x in self.nums[first : j + 1] if x is not None and x >= 0]
        if len(values) < j + 1 - first:
            return True
        digits_for_total = left - (total - j - 1) - (self.size - 1 - total)
        return len(str(sum(values))) <= digits_for_total

    def _on_target(self, left: int, least: int = 0, final: bool = False) -> bool:
        """The parts of the target sum stay within its total, and the `left` digits (adding at
        least `least`, their sum) can make the remaining parts, each no longer than the total."""
        if self.target is None:
            return True
        parts, total = self.target
        if len(self.nums) <= parts[0] and not final:
            return True
        values = self.nums[parts[0] :]
        if any(x is None for x in values):
            return True
        so_far = sum(values)  # type: ignore[arg-type]
        if final:
            return so_far == total
        remaining = self.size - len(self.nums)
        if so_far + least > total or left > remaining * len(str(total)):
            return False
        # the most the remaining parts can add: one long part and the rest single digits
        most = 10 ** (left - remaining + 1) + 9 * remaining if remaining else 0
        return so_far + most >= total

    def _cells(self) -> Cells:
        out = []
        for i, start, end in self.spans:
            v = self.items[i]
            out.append(_piece(v, start, v.digits[start:end]) if v.digits else v)
        return tuple(out)


def _int(number: int | Decimal | None) -> int | None:
    return number if isinstance(number, int) else None


def _piece(v: CellValue, pos: int, digits: str) -> CellValue:
    """The cell cut from `v` at `pos`: the first piece takes the sign, the last the decimals and
    the unit; a piece that is the whole item is the item itself."""
    first, last = pos == 0, pos + len(digits) == len(v.digits or "")
    if first and last:
        return v
    sign = v.sign if first else ""
    frac = v.frac if last else ""
    unit = v.unit if last else None
    number: int | Decimal = Decimal(digits + frac) if frac else int(digits)
    number = -number if sign and v.negative else number
    return CellValue(number, f"{sign}{digits}{frac}{unit or ''}", unit, None, digits, sign, frac)
