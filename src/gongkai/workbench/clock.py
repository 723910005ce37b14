"""The reply clock of one application, read from its timeline (domain.md section 3).

The clock runs 20 working days from the receipt date; a correction received restarts it from that
day; a consultation stops it from the day after the request until the answer (or the end of the
15 days the other side has); an approved extension adds its days to the original due date; a
第三十五条 delay replaces the due date with the one the agency set. While a correction is awaited
the reply clock does not run, and whether a fee notice stops it is a setting (default: no).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from gongkai.workbench.calendar import WorkCalendar, format_date
from gongkai.workbench.deadlines import (
    CONSULTATION_DAYS,
    Deadline,
    Pause,
    add_working_days,
    consultation_due,
    correction_notice_due,
    fee_payment_due,
    reply_due,
)
from gongkai.workbench.lifecycle import EventKind

_E = EventKind
_CONSULTATIONS = (_E.CONSULT_THIRD_PARTY, _E.CONSULT_AGENCY)
_CONCLUDING = frozenset(
    {
        _E.ANSWER_ON_SPOT,
        _E.DECIDE,
        _E.CORRECTION_EXPIRED,
        _E.FEE_EXPIRED,
        _E.WITHDRAW,
    }
)


@dataclass(frozen=True, slots=True)
class Step:
    """What the clock needs of one timeline entry."""

    kind: EventKind
    on: date
    working_days: int | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ClockSettings:
    # Open point (domain.md section 7): whether an outstanding fee notice stops the reply clock.
    fee_notice_pauses: bool = False


@dataclass(frozen=True, slots=True)
class Clock:
    """Where an application stands against its deadlines."""

    reply: Deadline | None  # None while the clock does not run (awaiting a correction)
    running: bool  # False once concluded, or while stopped
    concluded_on: date | None
    notes: tuple[str, ...]  # why the clock stands where it does, in Chinese
    correction_notice: Deadline | None = None  # the 7-day duty for a 补正 notice
    consultation: Deadline | None = None  # the other side's 15 days, while consulting
    fee_payment: Deadline | None = None  # the applicant's 20 days, while a fee is due

    @property
    def due(self) -> date | None:
        return self.reply.due if self.reply is not None else None

    @property
    def provisional(self) -> bool:
        return self.reply is not None and self.reply.provisional

    def late(self, on: date) -> bool:
        """Whether a reply on `on` misses the deadline."""
        return self.due is not None and on > self.due


def reply_clock(
    received_on: date,
    steps: Sequence[Step],
    calendar: WorkCalendar,
    settings: ClockSettings | None = None,
) -> Clock:
    settings = settings or ClockSettings()
    start = received_on
    pauses: list[Pause] = []
    notes: list[str] = []
    open_pause: tuple[date, str] | None = None
    awaiting_correction = False
    extension: int | None = None
    delay_to: date | None = None
    concluded_on: date | None = None
    correction_notice: Deadline | None = None
    fee_payment: Deadline | None = None
    consultation: Deadline | None = None
    for step in steps:
        kind = step.kind
        if kind is _E.REQUEST_CORRECTION:
            awaiting_correction = True
            correction_notice = correction_notice_due(received_on, calendar)
            if step.on > correction_notice.due:
                notes.append(
                    f"补正告知于{format_date(step.on)}发出，晚于收到申请后第7个工作日"
                    f"（{format_date(correction_notice.due)}）。"
                )
        elif kind is _E.RECEIVE_CORRECTION:
            awaiting_correction = False
            start = step.on
            notes.append(f"申请人于{format_date(step.on)}补正，答复期限自该日重新计算。")
        elif kind in _CONSULTATIONS:
            reason = "征求第三方意见" if kind is _E.CONSULT_THIRD_PARTY else "征求其他机关意见"
            open_pause = (step.on, reason)
            consultation = consultation_due(step.on, calendar)
        elif kind is _E.END_CONSULTATION and open_pause is not None:
            pauses += _pause(open_pause, step.on)
            open_pause = None
            consultation = None
        elif kind is _E.ISSUE_FEE_NOTICE:
            received = _date(step.details.get("notice_received_on")) or step.on
            fee_payment = fee_payment_due(received, calendar)
            if settings.fee_notice_pauses:
                open_pause = (step.on, "等待缴纳信息处理费")
        elif kind in (_E.FEE_PAID, _E.FEE_EXPIRED):
            fee_payment = None
            if settings.fee_notice_pauses and open_pause is not None:
                pauses += _pause(open_pause, step.on)
                open_pause = None
        elif kind is _E.EXTEND:
            extension = step.working_days
        elif kind is _E.SET_DELAY:
            delay_to = _date(step.details.get("due_on"))
        if kind in _CONCLUDING:
            concluded_on = step.on

    if awaiting_correction and concluded_on is None:
        notes.append("等待申请人补正，答复期限暂不计算；收到补正之日起重新计算20个工作日。")
        return Clock(None, False, None, tuple(notes), correction_notice=correction_notice)
    if open_pause is not None:
        # Still consulting: count as if the other side uses all of its time, and say so.
        assumed_end = consultation.due if consultation is not None else open_pause[0]
        pauses += _pause(open_pause, assumed_end)
        notes.append(
            f"{open_pause[1]}期间暂停计算；按对方{CONSULTATION_DAYS}个工作日的答复期"
            f"（至{format_date(assumed_end)}）估算，收到答复后重新计算。"
        )
    reply = reply_due(start, calendar, pauses)
    if extension is not None:
        extended = add_working_days(reply.due, extension, calendar, pauses)
        reply = Deadline(
            start,
            reply.days + extension,
            extended.due,
            reply.provisional or extended.provisional,
            (*reply.explanation, f"经批准延期{extension}个工作日：", *extended.explanation),
        )
    if delay_to is not None:
        reply = Deadline(
            start,
            reply.days,
            delay_to,
            reply.provisional,
            (*reply.explanation, f"依第三十五条确定延迟答复期限至{format_date(delay_to)}。"),
        )
    running = concluded_on is None and open_pause is None
    return Clock(
        reply,
        running,
        concluded_on,
        tuple(notes),
        correction_notice=correction_notice,
        consultation=consultation if open_pause is not None else None,
        fee_payment=fee_payment,
    )


def _pause(opened: tuple[date, str], end: date) -> list[Pause]:
    """Days from the one after the request through the answer; none if answered the same day."""
    start = opened[0] + timedelta(days=1)
    return [Pause(start, end, opened[1])] if end >= start else []


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    return None
