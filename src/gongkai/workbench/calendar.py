"""The working-day calendar (工作日): which days count, and why.

Three layers, asked in order for each date:

1. an override table, year → holidays and make-up workdays (调休上班), loaded by an administrator
   from the State Council notice; a year in the table replaces every other source for that year;
2. the chinese-calendar package (2004–2026 in version 1.11.0);
3. a fallback for years neither knows: weekends, the fixed-date statutory holidays, the lunar ones
   from a packaged table, no make-up days. Its answers are `provisional`.

Pure: the only I/O is reading the packaged JSON data next to this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, Literal

import chinese_calendar

from gongkai.errors import GongkaiError

Kind = Literal["workday", "weekend", "holiday", "makeup_workday"]
Source = Literal["override", "library", "fallback"]

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_DEFAULT_HOLIDAY_NAME = "节假日"
_LUNAR_NAMES = {"spring_festival": "春节", "dragon_boat": "端午节", "mid_autumn": "中秋节"}


class CalendarDataError(GongkaiError):
    """An override table that cannot be read as holiday data."""


def format_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True, slots=True)
class DayInfo:
    day: date
    kind: Kind
    source: Source
    holiday_name: str | None = None

    @property
    def is_workday(self) -> bool:
        return self.kind in ("workday", "makeup_workday")

    @property
    def provisional(self) -> bool:
        return self.source == "fallback"

    @property
    def reason(self) -> str:
        """Why the day is on or off, in Chinese: 工作日, 周末, 法定节假日（春节）, 调休上班（春节）."""
        if self.kind == "weekend":
            return "周末"
        if self.kind == "holiday":
            return f"法定节假日（{self.holiday_name or _DEFAULT_HOLIDAY_NAME}）"
        if self.kind == "makeup_workday":
            return f"调休上班（{self.holiday_name}）" if self.holiday_name else "调休上班"
        return "工作日"


@dataclass(frozen=True, slots=True)
class YearTable:
    """One year of an official arrangement: every rest day besides ordinary weekends, every make-up day."""

    holidays: Mapping[date, str | None]
    workdays: Mapping[date, str | None]


@dataclass(frozen=True)
class WorkCalendar:
    overrides: Mapping[int, YearTable] = field(default_factory=dict)

    @classmethod
    def with_overrides(cls, data: Mapping[str, Any] | str) -> WorkCalendar:
        """A calendar whose override table is `data` (a dict or JSON text, years as keys)."""
        return cls(parse_overrides(data))

    @classmethod
    def packaged(cls) -> WorkCalendar:
        """The calendar with the override table shipped in `holidays/overrides.json`."""
        return cls(_packaged_overrides())

    def add_overrides(self, data: Mapping[str, Any] | str) -> WorkCalendar:
        """A new calendar: these years replace the ones already in the table."""
        return WorkCalendar({**self.overrides, **parse_overrides(data)})

    def is_workday(self, d: date) -> bool:
        return self.day(d).is_workday

    def day(self, d: date) -> DayInfo:
        table = self.overrides.get(d.year)
        if table is not None:
            return _from_table(d, table, "override")
        library = _from_library(d)
        if library is not None:
            return library
        return _from_table(d, _fallback_year(d.year), "fallback")

    def fallback_notes(self, year: int) -> tuple[str, ...]:
        """What the fallback for `year` could not know, in Chinese."""
        notes = [
            f"{year}年的节假日安排尚未载入，按周末和法定节假日的固定日期估算，未计入调休上班日；"
            "载入国务院办公厅节假日安排通知后须重新计算。"
        ]
        if str(year) not in _lunar_table():
            notes.append(f"缺少{year}年春节、端午节、中秋节的农历日期，这些节日未计入。")
        if _qingming(year)[1]:
            notes.append(f"{year}年清明节日期无法计算，按4月4日估算。")
        return tuple(notes)


def parse_overrides(data: Mapping[str, Any] | str) -> dict[int, YearTable]:
    """Read `{"2027": {"holidays": {...} or [...], "workdays": {...} or [...]}}`; keys with `_` are comments."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as err:
            raise CalendarDataError(
                f"节假日数据不是有效的 JSON（第 {err.lineno} 行）", "请检查文件格式"
            ) from err
    if not isinstance(data, Mapping):
        raise CalendarDataError(
            "节假日数据应为以年份为键的对象", '例如 {"2027": {"holidays": [...]}}'
        )
    tables: dict[int, YearTable] = {}
    for key, value in data.items():
        if str(key).startswith("_"):
            continue
        if not str(key).isdigit() or not isinstance(value, Mapping):
            raise CalendarDataError(f"节假日数据中的“{key}”不是年份", "键应为四位年份，如 2027")
        year = int(key)
        holidays = _dated(value.get("holidays", []), year, "holidays")
        workdays = _dated(value.get("workdays", []), year, "workdays")
        both = sorted(set(holidays) & set(workdays))
        if both:
            raise CalendarDataError(
                f"{format_date(both[0])}同时列为节假日和调休上班日", "请核对国务院通知"
            )
        tables[year] = YearTable(holidays, workdays)
    return tables


def _dated(entries: Any, year: int, what: str) -> dict[date, str | None]:
    pairs: Iterable[tuple[Any, Any]]
    if isinstance(entries, Mapping):
        pairs = entries.items()
    elif isinstance(entries, list):
        pairs = ((e, None) for e in entries)
    else:
        raise CalendarDataError(f"{year}年的 {what} 应为日期列表或“日期: 名称”对象")
    out: dict[date, str | None] = {}
    for raw, name in pairs:
        try:
            d = date.fromisoformat(str(raw))
        except ValueError:
            raise CalendarDataError(
                f"{year}年的 {what} 中有无效日期：{raw}", "日期格式为 年-月-日，如 2027-01-01"
            ) from None
        if d.year != year:
            raise CalendarDataError(f"{raw} 不属于{year}年", "请放到对应年份下")
        out[d] = str(name) if name else None
    return out


def _from_table(d: date, table: YearTable, source: Source) -> DayInfo:
    if d in table.workdays:
        return DayInfo(d, "makeup_workday", source, table.workdays[d])
    if d in table.holidays:
        return DayInfo(d, "holiday", source, table.holidays[d] or _DEFAULT_HOLIDAY_NAME)
    return DayInfo(d, "weekend" if d.weekday() >= 5 else "workday", source)


@cache  # the library validates every date slowly; its answers never change for a version
def _from_library(d: date) -> DayInfo | None:
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(d)
    except NotImplementedError:
        return None
    name_zh = _chinese_name(name)
    if d in chinese_calendar.workdays:
        return DayInfo(d, "makeup_workday", "library", name_zh)
    if is_holiday:
        return DayInfo(d, "holiday" if name else "weekend", "library", name_zh)
    return DayInfo(d, "workday", "library")


def _chinese_name(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return str(chinese_calendar.Holiday(name).chinese)
    except ValueError:
        return name


@cache
def _fallback_year(year: int) -> YearTable:
    """Statutory holidays since 2025 on their fixed or lunar dates; no extended blocks, no make-up days."""
    holidays: dict[date, str | None] = {date(year, 1, 1): "元旦"}
    holidays[_qingming(year)[0]] = "清明节"
    holidays |= {date(year, 5, 1): "劳动节", date(year, 5, 2): "劳动节"}
    holidays |= {date(year, 10, day): "国庆节" for day in (1, 2, 3)}
    for key, text in _lunar_table().get(str(year), {}).items():
        first = date.fromisoformat(text)
        name = _LUNAR_NAMES[key]
        if key == "spring_festival":  # 除夕 and 正月初一 to 初三
            for offset in range(-1, 3):
                holidays[first + timedelta(days=offset)] = name
        else:
            holidays[first] = name
    return YearTable(holidays, {})


@cache
def _qingming(year: int) -> tuple[date, bool]:
    """清明 from the solar terms, and whether that failed and 4 April was assumed."""
    try:
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
    except (NotImplementedError, ValueError, KeyError, IndexError):
        terms = []
    for day, name in terms:
        if name == "清明":
            return day, False
    return date(year, 4, 4), True


@cache
def _lunar_table() -> dict[str, dict[str, str]]:
    data: dict[str, Any] = json.loads(_read_data("lunar.json"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@cache
def _packaged_overrides() -> dict[int, YearTable]:
    return parse_overrides(_read_data("overrides.json"))


def _read_data(name: str) -> str:
    return (resources.files("gongkai.workbench") / "holidays" / name).read_text(encoding="utf-8")
