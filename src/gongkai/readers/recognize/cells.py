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
    """What one printed cell says: `number` (None for a placeholder) and how it was printed.

    `sign`, `digits`, `frac` and `unit` are the printed parts of a number, kept so that a run of
    glued digits ("39+83", "3251000元", "352.15") can be cut into cells again.
    """

    number: int | Decimal | None
    printed: str
    unit: str | None = None
    note: str | None = None
    digits: str | None = None  # the digits before any decimal point; None with "1,234"
    sign: str = ""  # "+", "-", "增", "减" as printed before the digits
    frac: str = ""  # ".15" of "52.15"
    derived: bool = False  # not printed: the value a missing cell must have for the sums to hold

    @property
    def placeholder(self) -> bool:
        return self.number is None

    @property
    def negative(self) -> bool:
        return self.sign.startswith(("-", "减"))

    @property
    def plain(self) -> bool:
        """Bare digits only: a cell that may be half of a number split over two cells."""
        return bool(self.digits) and not (self.sign or self.frac or self.unit or self.note)


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
    frac = m["frac"] or ""
    number: int | Decimal
    if frac:
        try:
            number = Decimal(num + frac)
        except InvalidOperation:  # pragma: no cover - the regex admits only digits
            return None
    else:
        number = int(num)
    if sign.startswith(("-", "减")):
        number = -number
    digits = None if "," in m["num"] else num
    return CellValue(number, text, m["unit"], m["note"], digits, sign, frac)
