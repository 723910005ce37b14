"""Figures the narrative states about tables 三 and 四 (for R40), and the years it names.

"2023年收到政府信息公开申请12件", "未收到政府信息公开申请", "行政复议三件": each kind of figure has a
literal anchor (申请, 行政复议, 行政诉讼); `str.find` locates the anchors and the regular expressions
run only on the sentences around them, because a regex scan of a whole 10 kB text costs more than
the rest of the checker together.

The aim is precision, not recall: a figure is kept only when its sentence is about this year (no
other year, no 上年/同比) and about the whole agency (no 其中, channel, applicant type or 全市/各部门
total), because a finding raised on somebody else's number is worse than a figure missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from gongkai.report import format as fmt
from gongkai.report.model import Narrative

Quantity = Literal["applications", "reconsideration", "litigation"]


@dataclass(frozen=True, slots=True)
class Figure:
    quantity: Quantity
    value: int
    sentence: str
    section: str  # key under `text`


_NUM = r"(\d+|[零〇一二两三四五六七八九十百千]+)"
_COUNT = (
    r"(?:共计|共|合计|总计|总数|数量|数)?(?:为|达|是)?\s*[:：]?\s*"
    + _NUM
    + r"\s*(?:件|起|宗|个|份)"
)
_FILL = r"[^，,。；;：:、\n\d]{0,15}?"
_ZERO = r"(?:(?:未|没有)(?:发生|收到|出现|产生|接到|涉及|被提起|被申请|被|有)|没有)"
_ZERO_FILL = r"[^，,。；;\n\d]{0,20}?"
_NO_NUMBER_AFTER = r"(?![^，,。；;\n]{0,4}?\d)"


@dataclass(frozen=True, slots=True)
class _Kind:
    quantity: Quantity
    anchor: str
    stated: re.Pattern[str]  # captures the number
    none: re.Pattern[str]  # says there was none


KINDS: tuple[_Kind, ...] = (
    _Kind(
        "applications",
        "申请",
        re.compile(r"(?:收到|受理|新收|接收|接到)" + _FILL + r"申请(?:书)?" + _COUNT),
        re.compile(r"(?:未|没有)(?:收到|受理|接到|接收)" + _FILL + r"申请(?![的人])"),
    ),
    _Kind(
        "reconsideration",
        "行政复议",
        re.compile(r"行政复议(?:案件|申请)?" + _COUNT),
        re.compile(_ZERO + _ZERO_FILL + r"行政复议" + _NO_NUMBER_AFTER),
    ),
    _Kind(
        "litigation",
        "行政诉讼",
        re.compile(r"行政诉讼(?:案件)?" + _COUNT),
        re.compile(_ZERO + _ZERO_FILL + r"行政诉讼" + _NO_NUMBER_AFTER),
    ),
)

_SENTENCE_ENDS = "。；\n"  # ！？ and ASCII stops are too rare in these reports to pay for
_OTHER_SCOPE = re.compile(
    r"其中|上年|去年|上一年|前年|同比|历年|以来|累计|近[一二两三四五\d]+年|上半年|下半年|季度"
    r"|全省|全市|全县|全区|全州|全旗|全盟|全镇|全乡|各部门|各单位|各地|各级|各乡|各镇|各街道|系统"
    r"|网上|网络|信函|当面|邮寄|传真|邮件|现场|自然人|法人|企业|律师|组织"
    r"|审结|结案|维持|纠正|撤销|驳回|败诉|胜诉|违法"  # one outcome of table 四, not the total
)
_NOT_APPLICATIONS = ("复议", "诉讼")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def number(text: str) -> int:
    """An Arabic or Chinese numeral (12, 三, 十二, 二十, 一百零五) as an int."""
    if text.isdigit():
        return int(text)
    total = digit = 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + digit


def years(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """The years written "2023年" or "2023 年" in `text[start:end]`, in order (20xx only)."""
    stop = len(text) if end is None else end
    found: list[int] = []
    i = text.find("20", start, stop)
    while i != -1:
        j = i + 4
        digits = text[i:j]
        if digits.isdigit() and not (i and text[i - 1].isdigit()):
            k = j
            while k < stop and text[k] == " ":
                k += 1
            if k < stop and text[k] == "年":
                found.append(int(digits))
        i = text.find("20", i + 1, stop)
    return found


_LONGEST = 300  # a longer "sentence" is a run of text without stops; cut it there


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    low, high = max(start - _LONGEST, 0), min(end + _LONGEST, len(text))
    left = max(max(text.rfind(ch, low, start) for ch in _SENTENCE_ENDS) + 1, low)
    stops = [i for ch in _SENTENCE_ENDS if (i := text.find(ch, end, high)) != -1]
    return left, min(stops) + 1 if stops else high


def _in_scope(text: str, left: int, m: re.Match[str], year: int | None) -> bool:
    if m.start() and text[m.start() - 1] == "尚":  # 尚未审结: pending, not "none"
        return False
    if _OTHER_SCOPE.search(text, left, m.end()):
        return False
    said = years(text, left, m.end())
    return not said or (year is not None and said[-1] == year)


def _sentences(text: str, anchor: str) -> Iterator[tuple[int, int]]:
    """The sentences of `text` that contain `anchor`, each once."""
    end = 0
    i = text.find(anchor)
    while i != -1:
        if i >= end:
            start, end = _sentence(text, i, i + len(anchor))
            yield start, end
        i = text.find(anchor, max(i + 1, end))


def _figures(key: str, text: str, year: int | None) -> Iterator[Figure]:
    for kind in KINDS:
        for left, right in _sentences(text, kind.anchor):
            sentence = text[left:right].strip()
            for pattern in (kind.stated, kind.none):
                for m in pattern.finditer(text, left, right):
                    if kind.quantity == "applications" and any(
                        w in m.group(0) for w in _NOT_APPLICATIONS
                    ):
                        continue
                    if _in_scope(text, left, m, year):
                        value = number(m.group(1)) if pattern is kind.stated else 0
                        yield Figure(kind.quantity, value, sentence, key)


def find_figures(text: Narrative | None, year: int | None) -> list[Figure]:
    """Every figure about this year's applications, 行政复议 or 行政诉讼 stated in the narrative."""
    if text is None:
        return []
    found: list[Figure] = []
    for key in fmt.TEXT_KEYS:
        section = text.get(key)
        if section:
            found.extend(_figures(key, section, year))
    return found
