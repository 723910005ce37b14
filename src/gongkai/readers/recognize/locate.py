"""Find the six sections and the regions of the three tables.

Headings are matched on their numeral plus key words (never the full wording). Tables are also
found by their content, because text extraction sometimes loses a heading: a line carrying the
row labels of table 三 opens table 三 wherever it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from gongkai.readers.layout import Document
from gongkai.readers.recognize.normalize import clean, squash
from gongkai.report import format as fmt

# "一、总体情况", "第一部分 总体情况", "一 总体情况", "1. 总体情况": a numeral, then a separator or
# white space; the key words of the section must follow, so table rows ("1.属于国家秘密") never match.
_HEADING = re.compile(
    r"^(?:第([一二三四五六])部分\s*[、.,:：]?|([一二三四五六])\s*[、.,:：]|([一二三四五六])\s+"
    r"|([1-6])\s*[、.,:：]|([1-6])\s+)\s*(.*)$"
)
_STRICT = {
    "overview": "总体情况",
    "proactive": "主动公开政府信息",
    "applications": "政府信息公开申请",
    "reviews": "行政诉讼",
    "problems": "主要问题",
    "other_matters": "其他需要报告",
}
_TABLE3_SIGNS = ("本年新收", "上年结转政府信息", "勾稽关系", "申请人情况", "本年度办理结果")
_TABLE4_SIGNS = ("行政复议", "行政诉讼", "复议后起诉", "未经复议")
_TABLE_STARTS = ("第二十条第", "(本列数据", "本列数据", "行政复议行政诉讼")
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*\d+\s*-|第\s*\d+\s*页(?:\s*[,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
_SENTENCE_END = re.compile(r"[。;；!?！？]")
TABLE_KEYS = ("proactive", "applications", "reviews")


@dataclass(frozen=True, slots=True)
class Heading:
    index: int  # position in Document.lines
    key: str
    text: str
    rest: str  # content glued after the heading on the same line (flattened text)


@dataclass(frozen=True, slots=True)
class Regions:
    """Which lines belong to which section; table sections hold only table-like lines."""

    headings: tuple[Heading, ...]
    lines: dict[str, list[int]]  # section key -> line indexes
    inferred: tuple[str, ...]  # table sections found by content, not by heading
    title_end: int  # lines before this index are the title area


@lru_cache(maxsize=4096)
def heading_of(text: str) -> tuple[str, str, str] | None:
    """(section key, heading, rest) when a line opens a section."""
    t = clean(text)
    m = _HEADING.match(t)
    if m:
        numeral = next(g for g in m.groups()[:5] if g)
        section = fmt.SECTIONS[
            int(numeral) - 1 if numeral.isdigit() else "一二三四五六".index(numeral)
        ]
        body = m[6]
        head = squash(body[:30])
        # Arabic numerals also number sub-items ("2.主动公开情况" inside 一): ask for more
        strict = numeral.isdigit() and _STRICT[section.key] not in head
        if not strict and any(k in head for k in section.keywords):
            if len(squash(body)) <= 40:
                return section.key, t, ""
            cut = _heading_end(body)
            if cut:
                return section.key, f"{section.numeral}、{body[:cut]}", body[cut:]
        return None
    s = squash(t)
    for section in fmt.SECTIONS:
        if s == squash(section.heading):
            return section.key, t, ""
    return None


def _heading_end(body: str) -> int:
    for word in ("情况", "事项", "措施"):
        pos = body.find(word)
        if 0 < pos < 30:
            return pos + len(word)
    return 0


@lru_cache(maxsize=65536)
def _signals(text: str, is_row: bool) -> frozenset[tuple[str, ...]]:
    """Which tables a line could open, by their signs. A line opens a table when it is
    table-like and short, or long but made mostly of figures or starting with the table's own
    words (a flattened web table), so that a narrative line mentioning 本年新收 does not."""
    if not is_row and _SENTENCE_END.search(text):
        return frozenset()
    s = squash(text)
    if not (is_row or len(s) <= 40 or s.startswith(_TABLE_STARTS)) and (
        sum(ch.isdigit() for ch in s) < 0.15 * len(s)
    ):
        return frozenset()
    return frozenset(signs for signs in _ALL_SIGNS if any(sign in s for sign in signs))


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(clean(text)))


class _Facts(NamedTuple):
    """What locate needs to know of a line, whatever its position."""

    heading: tuple[str, str, str] | None
    signals: frozenset[tuple[str, ...]]
    is_row: bool
    in_table: bool  # may belong to a table region (table-like, not a page number)


@lru_cache(maxsize=65536)
def _facts(cells: tuple[str, ...]) -> _Facts:
    """Cached per distinct line: the same lines recur in every report."""
    is_row = len(cells) > 1
    filled = [c for c in cells if c]
    text = " ".join(filled)
    heading = heading_of(filled[0]) if len(filled) == 1 else None
    tableish = is_row or not _SENTENCE_END.search(cells[0])
    in_table = tableish and (is_row or not is_page_number(text))
    return _Facts(heading, _signals(text, is_row), is_row, in_table)


def locate(doc: Document) -> Regions:
    lines: dict[str, list[int]] = {s.key: [] for s in fmt.SECTIONS}
    headings: list[Heading] = []
    inferred: list[str] = []
    state: str | None = None
    title_end = len(doc.lines)
    seen: set[str] = set()
    for i, line in enumerate(doc.lines):
        facts = _facts(line.cells)
        if facts.heading:
            key, text, rest = facts.heading
            headings.append(Heading(i, key, text, rest))
            if state is None:
                title_end = i
            state = key
            seen.add(key)
            if rest:
                lines[key].append(i)
            continue
        switched = _switch_by_content(state, facts.signals, seen)
        if switched:
            if state is None:
                title_end = i
            state = switched
            inferred.append(switched)
            seen.add(switched)
        if state is None:
            continue
        if state in TABLE_KEYS:
            if facts.in_table:
                lines[state].append(i)
        elif not facts.is_row:
            lines[state].append(i)
    return Regions(tuple(headings), lines, tuple(inferred), title_end)


_ALL_SIGNS = (_TABLE3_SIGNS, _TABLE4_SIGNS, ("第二十条",))


def _switch_by_content(
    state: str | None, signals: frozenset[tuple[str, ...]], seen: set[str]
) -> str | None:
    """A table whose heading was lost opens where its own words first appear."""
    if (
        state == "applications"
        and "reviews" not in seen
        and _TABLE4_SIGNS in signals
        and _TABLE3_SIGNS not in signals
    ):
        return "reviews"
    if "applications" not in seen and state != "applications" and _TABLE3_SIGNS in signals:
        return "applications"
    if "proactive" not in seen and state not in TABLE_KEYS and ("第二十条",) in signals:
        return "proactive"
    return None
