"""Agency, year, statistical period and publication date from the title and opening lines.

The year is the year the report covers (the title's year, else the statistical period's), not the
year it was published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.readers.layout import Document
from gongkai.readers.recognize.normalize import clean, squash

_TITLE = re.compile(r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})\s*年度?(?P<post>.*?)报告")
_AGENCY_IN_POST = re.compile(r"^(?P<agency>.+?)(?:政府信息公开|政务公开|信息公开)")
_PERIOD = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|-|~)\s*"
    r"(?P<y2>(?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
_DATE_LINE = re.compile(r"^(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_AGENCY_NOISE = re.compile(r"^(?:关于|印发|公布)|(?:关于|的)$")
_AGENCY_WORDS = (*"局委办院府部厅会署处所站镇乡室馆队", "中心", "街道")


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None
    agency: str | None
    title_year: int | None
    period_year: int | None
    published: date | None
    year: int | None


def read_meta(doc: Document, title_end: int) -> Meta:
    head = [clean(line.text) for line in doc.lines[: min(title_end, 15)]]
    title, agency, title_year = _title(head)
    opening = " ".join(clean(line.text) for line in doc.lines[: min(len(doc.lines), title_end + 8)])
    period = _PERIOD.search(opening)
    period_year = int(period["y1"]) if period else None
    year = title_year or period_year
    if year is None:
        m = _YEAR.search(" ".join(head))
        year = int(m[1]) if m else None
    return Meta(title, agency, title_year, period_year, _published(doc, title_end), year)


def _title(head: list[str]) -> tuple[str | None, str | None, int | None]:
    for i, text in enumerate(head):
        if len(text) > 80:
            continue
        m = _TITLE.match(text)
        if not m:
            continue
        agency = _agency(m["pre"]) or _agency_in_post(m["post"])
        title = text
        if agency is None:
            prev = [h for h in head[:i] if h and len(h) <= 40 and "报告" not in h]
            if prev and _agency(prev[-1]):
                agency = _agency(prev[-1])
                title = f"{prev[-1]}{text}"
        return squash(title), agency, int(m["year"])
    return None, None, None


def _agency(text: str) -> str | None:
    s = _AGENCY_NOISE.sub("", squash(text))
    if len(s) < 2 or re.search(r"\d", s) or not s.endswith(_AGENCY_WORDS):
        return None
    return s


def _agency_in_post(post: str) -> str | None:
    text = squash(post)
    if text.startswith(("政府信息公开", "政务公开", "信息公开")):
        return None
    m = _AGENCY_IN_POST.match(text)
    return _agency(m["agency"]) if m else None


def _published(doc: Document, title_end: int) -> date | None:
    """A line holding only a date, at the end (the signature) or just under the title."""
    tail = list(doc.lines[-6:]) + list(doc.lines[max(title_end - 3, 0) : title_end])
    for line in tail:
        m = _DATE_LINE.match(squash(line.text))
        if m:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                return None
    return None
