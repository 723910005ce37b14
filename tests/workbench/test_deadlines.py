"""The working-day calendar and the statutory clock, on real 2025 arrangements and on unknown years."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gongkai.cli import EXIT_INPUT, main
from gongkai.workbench.calendar import CalendarDataError, WorkCalendar
from gongkai.workbench.deadlines import (
    DeadlineError,
    Pause,
    add_working_days,
    consultation_due,
    correction_notice_due,
    extended_due,
    fee_payment_due,
    parse_date,
    reply_due,
)

CAL = WorkCalendar.packaged()

# An invented 2027 arrangement (not the official one): 春节 block 2-5..2-11, make-up Saturday 2-20.
OVERRIDE_2027 = {
    "2027": {
        "holidays": {f"2027-02-{day:02d}": "春节" for day in range(5, 12)} | {"2027-01-01": "元旦"},
        "workdays": {"2027-02-20": "春节"},
    }
}


def test_2025_makeup_days_are_workdays_and_say_why() -> None:
    for d in ("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"):
        info = CAL.day(date.fromisoformat(d))
        assert info.is_workday
        assert info.kind == "makeup_workday"
        assert info.reason.startswith("调休上班")
        assert not info.provisional


def test_reasons_for_days_off() -> None:
    assert CAL.day(date(2025, 1, 29)).reason == "法定节假日（春节）"
    assert CAL.day(date(2025, 10, 1)).reason == "法定节假日（国庆节）"
    assert CAL.day(date(2025, 3, 1)).reason == "周末"
    assert CAL.day(date(2025, 3, 3)).reason == "工作日"


def test_saturday_event_is_day_zero_not_rolled_to_monday() -> None:
    # domain.md: find_workday(20, 2025-01-25) gives 2025-02-28; the statutory count gives 02-27.
    result = add_working_days(date(2025, 1, 25), 20, CAL)
    assert result.due == date(2025, 2, 27)
    assert not result.provisional
    text = "\n".join(result.explanation)
    assert "跳过2025年1月28日至2月4日（8 天）：法定节假日（春节）" in text
    assert "调休上班日计入：2025年1月26日（星期日，调休上班（春节））" in text
    assert "调休上班日计入：2025年2月8日" in text
    assert result.explanation[-1] == "结果：第 20 个工作日为 2025年2月27日（星期四）。"


def test_across_national_day_2025_counts_both_makeup_weekends() -> None:
    result = reply_due(date(2025, 9, 20), CAL)
    assert result.due == date(2025, 10, 23)
    text = "\n".join(result.explanation)
    assert "2025年9月28日" in text and "2025年10月11日" in text
    assert "法定节假日（国庆节）" in text


def test_one_working_day_after_friday_before_a_makeup_saturday() -> None:
    assert add_working_days(date(2025, 10, 10), 1, CAL).due == date(2025, 10, 11)


def test_pause_days_are_not_counted() -> None:
    plain = reply_due(date(2025, 3, 3), CAL)
    assert plain.due == date(2025, 3, 31)
    consulted = reply_due(
        date(2025, 3, 3), CAL, [Pause(date(2025, 3, 10), date(2025, 3, 14), "征求第三方意见")]
    )
    assert consulted.due == date(2025, 4, 8)  # 5 working days later (4-4 清明 is off)
    assert any(
        "暂停计算：2025年3月10日至3月14日（征求第三方意见），其间 5 个工作日不计入" in line
        for line in consulted.explanation
    )


def test_statutory_periods() -> None:
    received = date(2025, 3, 3)  # Monday
    assert correction_notice_due(received, CAL).due == date(2025, 3, 12)
    assert consultation_due(received, CAL).due == date(2025, 3, 24)
    # Paid within 20 working days counted from the day after receipt: the same as 20 after receipt.
    assert fee_payment_due(received, CAL).due == date(2025, 3, 31)
    # 4-4 清明 is off; Sunday 4-27 is a make-up workday and counts.
    assert extended_due(date(2025, 3, 31), CAL).due == date(2025, 4, 28)


def test_year_without_data_is_provisional_not_a_crash() -> None:
    result = add_working_days(date(2026, 12, 10), 20, CAL)
    assert result.due == date(2027, 1, 8)
    assert result.provisional
    assert any("2027年的节假日安排尚未载入" in line for line in result.explanation)
    assert result.explanation[-1].endswith("（暂定）。")
    # Not weekdays-only: the fallback knows 元旦 and 春节 (除夕 + 初一..初三) of 2027.
    assert CAL.day(date(2027, 1, 1)).reason == "法定节假日（元旦）"
    assert CAL.day(date(2027, 2, 5)).reason == "法定节假日（春节）"
    assert CAL.day(date(2027, 10, 1)).reason == "法定节假日（国庆节）"


def test_fallback_outside_every_table_still_answers() -> None:
    info = CAL.day(date(2040, 5, 1))
    assert info.reason == "法定节假日（劳动节）" and info.provisional
    assert CAL.day(date(2003, 1, 1)).provisional  # before the library's range too
    assert any("缺少2040年春节" in n for n in CAL.fallback_notes(2040))


def test_override_year_changes_the_result_and_clears_provisional() -> None:
    start = date(2027, 1, 20)
    before = add_working_days(start, 20, CAL)
    loaded = CAL.add_overrides(json.dumps(OVERRIDE_2027))
    after = add_working_days(start, 20, loaded)
    assert before.provisional and not after.provisional
    assert before.due == date(2027, 2, 19)
    assert after.due == date(2027, 2, 23)
    assert loaded.day(date(2027, 2, 20)).reason == "调休上班（春节）"
    assert WorkCalendar.with_overrides(OVERRIDE_2027).day(date(2027, 2, 9)).source == "override"


def test_override_is_checked_before_the_library() -> None:
    cal = WorkCalendar.with_overrides({"2025": {"holidays": ["2025-03-03"], "workdays": []}})
    assert cal.day(date(2025, 3, 3)).reason == "法定节假日（节假日）"
    assert cal.day(date(2025, 1, 26)).kind == "weekend"  # the year's table replaces the library's


@pytest.mark.parametrize(
    "data",
    [
        "{not json",
        {"二〇二七": {}},
        {"2027": {"holidays": ["2027-02-30"]}},
        {"2027": {"holidays": ["2028-01-01"]}},
        {"2027": {"holidays": ["2027-02-20"], "workdays": ["2027-02-20"]}},
    ],
)
def test_bad_override_data_is_a_chinese_error(data: object) -> None:
    with pytest.raises(CalendarDataError):
        WorkCalendar.with_overrides(data)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["2025-02-30", "abc", "2025/01/25", ""])
def test_parse_date_rejects_bad_dates(text: str) -> None:
    with pytest.raises(DeadlineError):
        parse_date(text)


def test_zero_days_is_refused() -> None:
    with pytest.raises(DeadlineError):
        add_working_days(date(2025, 1, 1), 0, CAL)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_deadline_prints_due_date_and_explanation() -> None:
    result = run("deadline", "2025-01-25")
    assert result.exit_code == 0
    assert result.stdout.startswith("截止日期：2025-02-27\n")
    assert "法定节假日（春节）" in result.stdout


def test_cli_deadline_days_option() -> None:
    result = run("deadline", "2025-03-03", "--days", "7")
    assert result.exit_code == 0
    assert "截止日期：2025-03-12" in result.stdout


def test_cli_deadline_with_holiday_file(tmp_path: Path) -> None:
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(OVERRIDE_2027, ensure_ascii=False), encoding="utf-8")
    assert "（暂定）" in run("deadline", "2027-01-20").stdout
    result = run("deadline", "2027-01-20", "--holidays", str(path))
    assert result.exit_code == 0
    assert result.stdout.startswith("截止日期：2027-02-23\n")


@pytest.mark.parametrize("text", ["2025-02-30", "abc"])
def test_cli_deadline_bad_date_exits_2_in_chinese(text: str) -> None:
    result = run("deadline", text)
    assert result.exit_code == EXIT_INPUT
    assert "日期" in result.stderr and "2025-01-25" in result.stderr
