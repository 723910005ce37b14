"""Agency, year, statistical period and publication date from the title and opening lines.

The year is the year the report covers (the title's year, else the statistical period's), not the
year it was published.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from gongkai.readers.layout import Document
from gongkai.readers.recognize.normalize import clean, squash

_CN_DIGITS = "〇一二三四五六七八九"
_CN_YEAR = "[二][〇零○O][〇零○O一二三四五六七八九]{2}"
_TITLE = re.compile(rf"^(?P<pre>.*?)(?P<year>(?:19|20)\d{{2}}|{_CN_YEAR})\s*年度?(?P<post>.*?)报告")
_AGENCY_IN_POST = re.compile(r"^(?P<agency>.+?)(?:政府信息公开|政务公开|信息公开)")
_PERIOD = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|-|~)\s*"
    r"(?P<y2>(?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
_DATE_LINE = re.compile(
    rf"^(?:(?:发布|印发|成文)?(?:日期|时间)[:：]?)?(?:"
    rf"(?P<y>(?:19|20)\d{{2}})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日"
    rf"|(?P<iy>(?:19|20)\d{{2}})[-./](?P<im>\d{{1,2}})[-./](?P<id>\d{{1,2}})"
    rf"|(?P<cy>{_CN_YEAR})年(?P<cm>[一二三四五六七八九十]{{1,2}})月(?P<cd>[一二三四五六七八九十]{{1,3}})日"
    rf")$"
)
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
    agency = agency or signature_agency(doc)
    opening = " ".join(clean(line.text) for line in doc.lines[: min(len(doc.lines), title_end + 8)])
    period = _PERIOD.search(opening)
    period_year = int(period["y1"]) if period else None
    year = title_year or period_year
    if year is None:
        m = _YEAR.search(" ".join(head))
        year = int(m[1]) if m else None
    return Meta(title, agency, title_year, period_year, _published(doc, title_end), year)


def _title(head: list[str]) -> tuple[str | None, str | None, int | None]:
    found = _title_in(head)
    if found[0] is None:  # a title printed over two lines ("…政府信息公开" / "工作年度报告")
        pairs = [a + b if len(a) + len(b) <= 80 else "" for a, b in itertools.pairwise(head)]
        found = _title_in(pairs)
    return found


def _title_in(head: list[str]) -> tuple[str | None, str | None, int | None]:
    for i, text in enumerate(head):
        if len(text) > 80:
            continue
        m = _TITLE.match(text)
        if not m:
            continue
        agency = _agency(m["pre"]) or _agency_in_post(m["post"])
        title = text
        if agency is None:
            # the name on a line of its own, above the title or (after "关于…的公告") below it
            before = [h for h in head[:i] if h and len(h) <= 40 and "报告" not in h][-1:]
            after = [h for h in head[i + 1 : i + 2] if h and len(h) <= 40 and "报告" not in h]
            for line in (*before, *after):
                if _agency(line):
                    agency = _agency(line)
                    title = f"{line}{text}" if line in before else text
                    break
        return squash(title), agency, _year_number(m["year"])
    return None, None, None


def _year_number(text: str) -> int:
    """2023, or 二〇二三 written with Chinese digits."""
    if text.isdigit() and text.isascii():
        return int(text)
    return int("".join(str(_CN_DIGITS.index(ch)) if ch in _CN_DIGITS else "0" for ch in text))


def _cn_number(text: str) -> int:
    """一 … 三十一, as printed in dates."""
    if "十" not in text:
        return _CN_DIGITS.index(text)
    tens, _, units = text.partition("十")
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(units) if units else 0)


def signature_agency(doc: Document) -> str | None:
    """The signing body: a short line just above the closing date."""
    tail = [squash(line.text) for line in doc.lines[-4:]]
    for i, text in enumerate(tail):
        if _DATE_LINE.match(text) and i > 0:
            return _agency(tail[i - 1])
    return None


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


def is_date_line(text: str) -> bool:
    """A (squashed) line holding only a date, as under a title or in a 落款."""
    return _DATE_LINE.match(text) is not None


def _published(doc: Document, title_end: int) -> date | None:
    """A line holding only a date, at the end (the signature) or just under the title."""
    tail = list(doc.lines[-6:]) + list(doc.lines[max(title_end - 3, 0) : title_end])
    for line in tail:
        m = _DATE_LINE.match(squash(line.text))
        if m:
            try:
                if m["y"]:
                    return date(int(m["y"]), int(m["m"]), int(m["d"]))
                if m["iy"]:
                    return date(int(m["iy"]), int(m["im"]), int(m["id"]))
                return date(_year_number(m["cy"]), _cn_number(m["cm"]), _cn_number(m["cd"]))
            except ValueError:
                return None
    return None
