"""隐私排查: find personal data in a document's text before it is released (条例 第十五条).

The reviewers of the sample reports describe checking every release for 身份证号码, 手机号码 and
bank card numbers; this module does the mechanical part. It reports where each item is and a
masked excerpt (never the full number), so that the hit list itself can be stored and shown.

Matching is done on a folded copy of the text in which full-width and other compatibility forms of
ASCII letters, digits and punctuation (NFKC) are replaced one character for one character, so the
offsets of a hit are offsets in the original text. Pure and I/O-free.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class HitKind(StrEnum):
    ID_CARD = "id_card"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return HIT_NAMES[self]


HIT_NAMES: Mapping[HitKind, str] = {
    HitKind.ID_CARD: "身份证号码",
    HitKind.MOBILE: "手机号码",
    HitKind.BANK_CARD: "银行卡号",
    HitKind.EMAIL: "个人电子邮箱",
}


@dataclass(frozen=True, slots=True)
class Hit:
    """One item of personal data: what it is, where (`text[start:end]`), and a masked excerpt."""

    kind: HitKind
    label: str
    start: int
    end: int
    excerpt: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for storing the hit list with the document."""
        return {
            "kind": self.kind.value,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
        }


# ---------------------------------------------------------------- folding (offset-preserving NFKC)

# Blocks that hold compatibility forms of ASCII characters: Latin-1, letterlike symbols, the
# full-width forms, small forms, mathematical alphanumerics and segmented digits. Scanning these
# few thousand code points at import is cheap; scanning all of Unicode would not be.
_FOLD_RANGES = (
    (0x80, 0x2C00),
    (0x3000, 0x3001),
    (0xFE00, 0x10000),
    (0x1D400, 0x1D800),
    (0x1FBF0, 0x1FBFA),
)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for low, high in _FOLD_RANGES:
        for cp in range(low, high):
            ch = chr(cp)
            # Circled and superscript numbers (category No) are list and footnote markers, not
            # digits of a number: folding them would glue "①" onto the number that follows.
            if unicodedata.category(ch) == "No":
                continue
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) == 1 and folded.isascii() and folded != ch:
                table[cp] = folded
    return table


_FOLD = _fold_table()


_FOLD_CHARS = frozenset(chr(cp) for cp in _FOLD)


def fold(text: str) -> str:
    """`text` with compatibility forms of ASCII (e.g. full-width digits) as ASCII, same length."""
    if text.isascii():
        return text
    # A set intersection and a few replace() calls run in C; most texts fold nothing at all.
    for ch in _FOLD_CHARS.intersection(text):
        text = text.replace(ch, _FOLD[ord(ch)])
    return text


# ---------------------------------------------------------------- patterns and checks

_ANYTHING = re.compile(r"[0-9@]")
# Each pattern starts with its first character class and only then looks behind: the regex engine
# skips quickly to candidate characters instead of trying a lookbehind at every position.
_ID18 = re.compile(
    r"(?P<region>[1-8](?<![0-9A-Za-z].)[0-9]{5})(?P<sep>[ -]?)(?P<birth>(?:18|19|20)[0-9]{6})"
    r"(?P=sep)(?P<tail>[0-9]{3}[0-9Xx])(?![0-9A-Za-z])"
)
_ID15 = re.compile(
    r"(?P<region>[1-8](?<![0-9A-Za-z].)[0-9]{5})(?P<birth>[0-9]{6})[0-9]{3}(?![0-9A-Za-z])"
)
_BANK = re.compile(
    r"[3-68](?<![0-9A-Za-z].)"
    r"(?:[0-9]{15,18}|[0-9]{3}(?P<sep>[ -])[0-9]{4}(?P=sep)[0-9]{4}(?P=sep)[0-9]{4}(?:(?P=sep)[0-9]{1,3})?)"
    r"(?![0-9A-Za-z])"
)
# A mobile number written as 11 digits or 3-4-4; a country code before it is taken along.
# An 11-digit amount ("13500000000元") is not a phone number.
_MOBILE = re.compile(r"1[3-9][0-9](?P<sep>[ -]?)[0-9]{4}(?P=sep)[0-9]{4}(?![0-9元万亿])")
_COUNTRY_CODE = re.compile(r"(?<![0-9])(?:\+|00)?86[ -]?\Z")
# Addresses at the free mail services people use privately; an office's own domain is not flagged.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@"
    r"(?P<domain>(?:vip\.)?(?:qq|foxmail|163|126|yeah|139|188|189|wo|sina|sohu|aliyun|gmail|"
    r"hotmail|outlook|live|msn|yahoo|icloud|me)\.(?:com\.cn|com|cn|net))"
    r"(?![A-Za-z0-9-])",
    re.IGNORECASE,
)

# First two digits of a 居民身份证号码: the province-level codes of GB/T 2260 (71 台湾, 81/82 港澳,
# 83 台湾居民居住证). 统一社会信用代码 start with 1, 5, 9 or a letter followed by a type digit,
# so they rarely reach the check digit test.
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Card-scheme prefixes of cards issued in China: UnionPay 62/60/65/81, Visa 4, Mastercard 51-55
# (16 digits only), JCB 35. Other long numbers (serials, codes) are left alone.
_CARD_PREFIXES = ("62", "60", "65", "81", "4", "35")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a 居民身份证号码."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check that bank card numbers carry."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _valid_date(yyyymmdd: str) -> bool:
    try:
        date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return True


_DIGITS = frozenset("0123456789")


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch not in " -+")


def _mask(value: str, keep_start: int, keep_end: int) -> str:
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end :]


# ---------------------------------------------------------------- finders


def _id_cards(text: str) -> Iterator[Hit]:
    for m in _ID18.finditer(text):
        if int(m["region"][:2]) not in _PROVINCES or not _valid_date(m["birth"]):
            continue
        number = (m["region"] + m["birth"] + m["tail"]).upper()
        if id_check_digit(number[:17]) != number[17]:
            continue
        yield _hit(HitKind.ID_CARD, m, _mask(number, 4, 4))
    for m in _ID15.finditer(text):
        if int(m["region"][:2]) not in _PROVINCES or not _valid_date("19" + m["birth"]):
            continue
        yield _hit(HitKind.ID_CARD, m, _mask(m.group(), 4, 3))


def _bank_cards(text: str) -> Iterator[Hit]:
    for m in _BANK.finditer(text):
        number = _digits(m.group())
        if not (16 <= len(number) <= 19) or not luhn_valid(number):
            continue
        mastercard = len(number) == 16 and "51" <= number[:2] <= "55"
        if not (mastercard or number.startswith(_CARD_PREFIXES)):
            continue
        yield _hit(HitKind.BANK_CARD, m, _mask(number, 4, 4))


def _mobiles(text: str) -> Iterator[Hit]:
    for m in _MOBILE.finditer(text):
        start = m.start()
        country = _COUNTRY_CODE.search(text, max(0, start - 5), start)
        if country is not None:
            start = country.start()
        elif start and text[start - 1] in _DIGITS:
            continue  # part of a longer run of digits
        excerpt = _mask(_digits(m.group()), 3, 4)
        yield Hit(HitKind.MOBILE, HitKind.MOBILE.label, start, m.end(), excerpt)


def _emails(text: str) -> Iterator[Hit]:
    if "@" not in text:
        return
    for m in _EMAIL.finditer(text):
        local = m["local"]
        excerpt = (local[0] if len(local) > 1 else "") + "***@" + m["domain"].lower()
        yield _hit(HitKind.EMAIL, m, excerpt)


def _hit(kind: HitKind, m: re.Match[str], excerpt: str) -> Hit:
    return Hit(kind, kind.label, m.start(), m.end(), excerpt)


# In priority order: an 18-digit 身份证号码 is not also reported as a bank card, and so on.
_FINDERS: tuple[Callable[[str], Iterator[Hit]], ...] = (_id_cards, _bank_cards, _mobiles, _emails)


def screen(text: str) -> tuple[Hit, ...]:
    """Personal data in `text`, in order of position; offsets refer to `text` as given."""
    folded = fold(text)
    if _ANYTHING.search(folded) is None:
        return ()
    starts: list[int] = []  # accepted hits never overlap, so sorted starts locate neighbours
    taken: list[Hit] = []
    for finder in _FINDERS:
        for hit in finder(folded):
            i = bisect.bisect_left(starts, hit.start)
            if (i and taken[i - 1].end > hit.start) or (
                i < len(taken) and taken[i].start < hit.end
            ):
                continue
            starts.insert(i, hit.start)
            taken.insert(i, hit)
    return tuple(taken)
