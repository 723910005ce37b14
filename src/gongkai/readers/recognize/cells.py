"""Cell text -> value: integers, signed changes, decimals, placeholders; never a guessed 0.

A placeholder ("/", "—", "-", "无") and a blank cell both read as None; the printed text is kept by
the caller so that the JSON can say what was there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

PLACEHOLDERS = frozenset({"/", "//", "-", "--", "---", "无", "空", "\\", "×", "x", "X", "_", "__"})

# A number, optionally signed (+1036, -2, 增3, 减4), with thousands separators, an optional unit
# and an optional parenthesised annotation: "22（其中修订16件）", "251000元", "1,234".
_VALUE = re.compile(
    r"^(?P<sign>[+\-]|增加?|减少?)?\s*(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?\s*"
    r"(?P<unit>万元|元|件|个|项|条|次|人次|宗|起)?\s*(?P<note>\(.*\))?$"
)


@dataclass(frozen=True, slots=True)
class CellValue:
    """What one printed cell says: `number` (None for a placeholder) and how it was printed."""

    number: int | Decimal | None
    printed: str
    unit: str | None = None
    note: str | None = None
    digits: str | None = None  # the bare digit string, for undoing run-together cells

    @property
    def placeholder(self) -> bool:
        return self.number is None


@lru_cache(maxsize=16384)
def parse_value(text: str) -> CellValue | None:
    """Read a cleaned cell as a value, or None when it is not a value at all (a label)."""
    if text in PLACEHOLDERS or (text and set(text) <= {"-", "/"}):
        return CellValue(None, text)
    m = _VALUE.match(text)
    if m is None:
        return None
    num = m["num"].replace(",", "")
    sign = m["sign"] or ""
    negative = sign.startswith(("-", "减"))
    number: int | Decimal
    if m["frac"]:
        try:
            number = Decimal(num + m["frac"])
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            return None
    else:
        number = int(num)
    if negative:
        number = -number
    plain = not sign and not m["frac"] and "," not in m["num"]
    return CellValue(number, text, m["unit"], m["note"], num if plain else None)


def split_digits(digits: str, parts: int) -> list[tuple[int, ...]]:
    """Every way to cut a digit string into `parts` numbers without leading zeros."""
    out: list[tuple[int, ...]] = []

    def walk(start: int, left: int, acc: list[int]) -> None:
        rest = len(digits) - start
        if left == 1:
            piece = digits[start:]
            if piece and (piece == "0" or piece[0] != "0"):
                out.append((*acc, int(piece)))
            return
        # a number is "0" alone or starts with a non-zero digit; leave one digit per part left
        max_len = 1 if digits[start] == "0" else rest - (left - 1)
        for length in range(1, max_len + 1):
            acc.append(int(digits[start : start + length]))
            walk(start + length, left - 1, acc)
            acc.pop()

    if parts <= len(digits):
        walk(0, parts, [])
    return out
