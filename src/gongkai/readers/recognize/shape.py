"""The shape of a table row: how many cells, which of them add up, which may carry a sign.

Table 三: the six applicant columns add up to 总计; table 四: each group of four adds up to its
总计; table 二 has no sums, and 2019's 本年增/减 column may be signed.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.readers.recognize.cells import CellValue

Sum = tuple[tuple[int, ...], int]  # (indexes of the parts, index of their total)
Cells = tuple[CellValue | None, ...]


@dataclass(frozen=True, slots=True)
class Shape:
    size: int
    sums: tuple[Sum, ...] = ()
    signed: frozenset[int] = frozenset()  # columns where "+3"/"减4" may stand

    def holds(self, cells: Cells) -> bool:
        """True when every sum whose cells are all numbers holds."""
        return all(self._sum_holds(s, cells) for s in self.sums)

    @staticmethod
    def _sum_holds(s: Sum, cells: Cells) -> bool:
        parts, total = s
        values = [cells[i] for i in (*parts, total)]
        numbers = [v.number for v in values if v is not None and v.number is not None]
        return len(numbers) < len(values) or sum(numbers[:-1]) == numbers[-1]


APPLICATION_SHAPE = Shape(7, (((0, 1, 2, 3, 4, 5), 6),))
REVIEW_SHAPE = Shape(15, (((0, 1, 2, 3), 4), ((5, 6, 7, 8), 9), ((10, 11, 12, 13), 14)))
