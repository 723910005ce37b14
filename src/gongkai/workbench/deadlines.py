"""The statutory clock: N working days after an event, with the reasons for every day skipped.

The event day is day 0 and is not counted; the deadline is the N-th working day strictly after it
(domain.md section 6). So a fee notice received on day R must be paid by the 20th working day after R
("20 个工作日, from the day after receipt" says the same thing). Time is always an argument here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.errors import GongkaiError
from gongkai.workbench.calendar import WEEKDAYS_ZH, DayInfo, WorkCalendar, format_date

REPLY_DAYS = 20  # 第三十三条
EXTENSION_DAYS = 20  # 第三十三条: at most 20 more, counted from the original due date
CORRECTION_NOTICE_DAYS = 7  # 第三十条
CONSULTATION_DAYS = 15  # 第三十二条 / 第三十四条
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DeadlineError(GongkaiError):
    """A date or period the clock cannot count from."""


@dataclass(frozen=True, slots=True)
class Pause:
    """Days `start`..`end` (inclusive) that do not count, e.g. while a third party is consulted."""

    start: date
    end: date
    reason: str = "暂停计算"


@dataclass(frozen=True, slots=True)
class Deadline:
    start: date
    days: int
    due: date
    provisional: bool
    explanation: tuple[str, ...]


def parse_date(text: str) -> date:
    """A date written 年-月-日 (2025-01-25), or a DeadlineError in Chinese."""
    hint = "日期格式为 年-月-日，例如 2025-01-25"
    if not _ISO_DATE.fullmatch(text.strip()):
        raise DeadlineError(f"无法识别的日期：{text}", hint)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DeadlineError(f"不存在的日期：{text}", hint) from None


def add_working_days(
    start: date, n: int, calendar: WorkCalendar, pauses: Iterable[Pause] = ()
) -> Deadline:
    if n < 1:
        raise DeadlineError(f"工作日数应为正整数，收到 {n}")
    pauses = tuple(pauses)
    for p in pauses:
        if p.end < p.start:
            raise DeadlineError(
                f"暂停期间的结束日 {format_date(p.end)} 早于开始日 {format_date(p.start)}"
            )
    skipped: list[DayInfo] = []
    makeup: list[DayInfo] = []
    paused: dict[Pause, int] = {}
    provisional_years: set[int] = set()
    d, counted = start, 0
    while counted < n:
        d += timedelta(days=1)
        info = calendar.day(d)
        if info.provisional:
            provisional_years.add(d.year)
        pause = next((p for p in pauses if p.start <= d <= p.end), None)
        if pause is not None:
            paused[pause] = paused.get(pause, 0) + info.is_workday
        elif info.is_workday:
            counted += 1
            if info.kind == "makeup_workday":
                makeup.append(info)
        else:
            skipped.append(info)

    lines = [
        f"起算日：{_day(start)}，当日不计入，自次日起计算。",
        f"期限：{n} 个工作日。",
    ]
    lines += [f"跳过{_span(run)}：{run[0].reason}。" for run in _runs(skipped)]
    lines += [
        f"调休上班日计入：{format_date(m.day)}（{WEEKDAYS_ZH[m.day.weekday()]}，{m.reason}）。"
        for m in makeup
    ]
    lines += [
        f"暂停计算：{_span_dates(p.start, p.end)}（{p.reason}），其间 {paused.get(p, 0)} 个工作日不计入。"
        for p in pauses
        if p.start <= d and p.end > start
    ]
    for year in sorted(provisional_years):
        lines += [f"注意：{note}" for note in calendar.fallback_notes(year)]
    status = "（暂定）" if provisional_years else ""
    lines.append(f"结果：第 {n} 个工作日为 {_day(d)}{status}。")
    return Deadline(start, n, d, bool(provisional_years), tuple(lines))


def deadline_from_text(
    start: str, n: int, overrides_json: str | None = None, calendar: WorkCalendar | None = None
) -> Deadline:
    """What `gongkai deadline` prints: a typed-in date, the packaged calendar plus an optional table."""
    calendar = calendar or WorkCalendar.packaged()
    if overrides_json is not None:
        calendar = calendar.add_overrides(overrides_json)
    return add_working_days(parse_date(start), n, calendar)


def reply_due(received: date, calendar: WorkCalendar, pauses: Iterable[Pause] = ()) -> Deadline:
    """答复期限: 20 working days after the receipt date (or after a corrected application's receipt)."""
    return add_working_days(received, REPLY_DAYS, calendar, pauses)


def extended_due(
    original_due: date, calendar: WorkCalendar, pauses: Iterable[Pause] = ()
) -> Deadline:
    """延期答复: at most 20 more working days after the original due date."""
    return add_working_days(original_due, EXTENSION_DAYS, calendar, pauses)


def correction_notice_due(received: date, calendar: WorkCalendar) -> Deadline:
    """补正告知: the notice must go out within 7 working days of receipt."""
    return add_working_days(received, CORRECTION_NOTICE_DAYS, calendar)


def consultation_due(sent: date, calendar: WorkCalendar) -> Deadline:
    """征求意见: the third party or other agency has 15 working days after being asked."""
    return add_working_days(sent, CONSULTATION_DAYS, calendar)


def fee_payment_due(notice_received: date, calendar: WorkCalendar) -> Deadline:
    """缴费期限: 20 working days counted from the day after the applicant received the fee notice."""
    return add_working_days(notice_received, FEE_PAYMENT_DAYS, calendar)


def _runs(days: list[DayInfo]) -> list[list[DayInfo]]:
    """Consecutive days with the same reason, as one run each."""
    runs: list[list[DayInfo]] = []
    for info in days:
        last = runs[-1][-1] if runs else None
        if last and last.reason == info.reason and last.day + timedelta(days=1) == info.day:
            runs[-1].append(info)
        else:
            runs.append([info])
    return runs


def _span(run: list[DayInfo]) -> str:
    first, last = run[0].day, run[-1].day
    count = f"（{len(run)} 天）" if len(run) > 1 else ""
    return f"{_span_dates(first, last)}{count}"


def _span_dates(first: date, last: date) -> str:
    if first == last:
        return _day(first)
    end = f"{last.month}月{last.day}日" if last.year == first.year else format_date(last)
    return f"{format_date(first)}至{end}"


def _day(d: date) -> str:
    return f"{format_date(d)}（{WEEKDAYS_ZH[d.weekday()]}）"
