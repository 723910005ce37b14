"""The reply clock read from a timeline: restart, pauses, extension, delay, fee setting."""

from __future__ import annotations

from datetime import date

from gongkai.workbench.calendar import WorkCalendar
from gongkai.workbench.clock import ClockSettings, Step, reply_clock
from gongkai.workbench.deadlines import add_working_days
from gongkai.workbench.lifecycle import EventKind as E

CAL = WorkCalendar.packaged()
R = date(2025, 6, 3)  # a Tuesday without holidays in the next six weeks except 端午 (31 May, past)


def due(*steps: Step, settings: ClockSettings | None = None) -> date | None:
    return reply_clock(R, steps, CAL, settings).due


def test_plain_clock_is_twenty_working_days() -> None:
    assert due() == add_working_days(R, 20, CAL).due == date(2025, 7, 1)


def test_correction_stops_then_restarts_the_clock() -> None:
    waiting = reply_clock(R, [Step(E.REQUEST_CORRECTION, date(2025, 6, 4))], CAL)
    assert waiting.reply is None and not waiting.running
    assert waiting.correction_notice is not None
    assert waiting.correction_notice.due == date(2025, 6, 12)
    restarted = due(
        Step(E.REQUEST_CORRECTION, date(2025, 6, 4)), Step(E.RECEIVE_CORRECTION, date(2025, 6, 10))
    )
    assert restarted == add_working_days(date(2025, 6, 10), 20, CAL).due


def test_a_late_correction_notice_is_noted() -> None:
    clock = reply_clock(R, [Step(E.REQUEST_CORRECTION, date(2025, 6, 20))], CAL)
    assert any("晚于收到申请后第7个工作日" in n for n in clock.notes)


def test_consultation_days_do_not_count() -> None:
    # Asked on Friday 6 June, answered on Friday 13 June: 9–13 June (5 working days) paused.
    paused = due(
        Step(E.CONSULT_THIRD_PARTY, date(2025, 6, 6)), Step(E.END_CONSULTATION, date(2025, 6, 13))
    )
    assert paused == add_working_days(date(2025, 7, 1), 5, CAL).due
    same_day = due(
        Step(E.CONSULT_AGENCY, date(2025, 6, 6)), Step(E.END_CONSULTATION, date(2025, 6, 6))
    )
    assert same_day == date(2025, 7, 1)


def test_extension_counts_from_the_original_due_date() -> None:
    assert (
        due(Step(E.EXTEND, date(2025, 6, 20), working_days=20))
        == add_working_days(date(2025, 7, 1), 20, CAL).due
    )


def test_delay_sets_the_due_date() -> None:
    steps = (
        Step(E.REQUEST_REASONS, date(2025, 6, 5)),
        Step(E.SET_DELAY, date(2025, 6, 9), details={"due_on": "2025-09-30"}),
    )
    clock = reply_clock(R, steps, CAL)
    assert clock.due == date(2025, 9, 30)
    assert any("第三十五条" in line for line in clock.reply.explanation) if clock.reply else False


def test_fee_notice_pause_is_a_setting() -> None:
    steps = (Step(E.ISSUE_FEE_NOTICE, date(2025, 6, 6)), Step(E.FEE_PAID, date(2025, 6, 13)))
    assert due(*steps) == date(2025, 7, 1)  # default: the clock runs on
    assert (
        due(*steps, settings=ClockSettings(fee_notice_pauses=True))
        == add_working_days(date(2025, 7, 1), 5, CAL).due
    )
    waiting = reply_clock(R, steps[:1], CAL)
    assert (
        waiting.fee_payment is not None
        and waiting.fee_payment.due == add_working_days(date(2025, 6, 6), 20, CAL).due
    )


def test_concluded_clock_stops_and_judges_lateness() -> None:
    clock = reply_clock(R, [Step(E.DECIDE, date(2025, 7, 2))], CAL)
    assert not clock.running and clock.concluded_on == date(2025, 7, 2)
    assert clock.late(date(2025, 7, 2)) and not clock.late(date(2025, 7, 1))
