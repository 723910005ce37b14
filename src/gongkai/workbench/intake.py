"""Receiving an application: who applies, by which channel, and its legal receipt date.

The applicant types are the six applicant columns of table 三, so that an application lands in
its report column by its type alone. The legal receipt date follows 条例 第三十一条 and is kept
apart from the arrival time: an e-mail that arrives on a Sunday is received on Monday.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum

from gongkai.errors import GongkaiError
from gongkai.report import format as fmt
from gongkai.workbench.calendar import WorkCalendar, format_date

# China keeps one time zone and no daylight saving: dates of record are Beijing dates.
CHINA_TZ = timezone(timedelta(hours=8), "北京时间")

# The six applicant columns of table 三 (总计 is their sum, not a type).
APPLICANT_TYPES: tuple[str, ...] = tuple(c.key for c in fmt.APPLICANT_COLUMNS[: fmt.TOTAL])
APPLICANT_TYPE_NAMES: Mapping[str, str] = {
    c.key: ("法人或其他组织·" + c.label if i else c.label)
    for i, c in enumerate(fmt.APPLICANT_COLUMNS[: fmt.TOTAL])
}


class Channel(StrEnum):
    IN_PERSON = "in_person"
    POST = "post"
    ONLINE = "online"
    FAX = "fax"
    EMAIL = "email"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CHANNEL_NAMES[self]


CHANNEL_NAMES: Mapping[Channel, str] = {
    Channel.IN_PERSON: "当面提交",
    Channel.POST: "邮寄",
    Channel.ONLINE: "网上申请",
    Channel.FAX: "传真",
    Channel.EMAIL: "电子邮件",
    Channel.OTHER: "其他",
}

# Channels whose receipt date is the day both sides confirm it (第三十一条（二）（三）).
_CONFIRMED_CHANNELS = frozenset({Channel.ONLINE, Channel.FAX, Channel.EMAIL})


class IntakeError(GongkaiError):
    """An application whose applicant, channel or dates cannot be registered as given."""


def applicant_type(value: str) -> str:
    """The applicant type key for `value` (a key such as "business" or its Chinese label)."""
    if value in APPLICANT_TYPES:
        return value
    for key, name in APPLICANT_TYPE_NAMES.items():
        if value in (name, name.split("·")[-1]):
            return key
    raise IntakeError(
        f"未知的申请人类型“{value}”。",
        "申请人类型须为年度报告表三的一列：" + "、".join(APPLICANT_TYPE_NAMES.values()) + "。",
    )


def channel(value: str) -> Channel:
    """The channel for `value` (a key such as "post" or a Chinese name such as 邮寄)."""
    for member in Channel:
        if value in (member.value, member.label, member.label.removesuffix("提交")):
            return member
    raise IntakeError(
        f"未知的申请渠道“{value}”。",
        "申请渠道须为：" + "、".join(CHANNEL_NAMES.values()) + "。",
    )


@dataclass(frozen=True, slots=True)
class Receipt:
    """The legal receipt date of an application and why it is that day."""

    received_on: date
    explanation: str


def beijing_date(moment: datetime) -> date:
    """The Beijing calendar day of `moment` (a naive datetime is taken as Beijing time)."""
    return moment.astimezone(CHINA_TZ).date() if moment.tzinfo is not None else moment.date()


def legal_receipt_date(
    via: Channel,
    arrived_at: datetime,
    calendar: WorkCalendar,
    confirmed_on: date | None = None,
) -> Receipt:
    """收到申请之日 per 第三十一条.

    In person, by post and by other means the day the office takes the application in (for a
    registered letter the day it is signed for, which is the arrival). Online, by fax or e-mail:
    the day both sides confirm it (`confirmed_on`); without a confirmation, the arrival day, or the
    next working day when it arrived on a rest day.
    """
    arrived = beijing_date(arrived_at)
    if confirmed_on is not None:
        if confirmed_on < arrived:
            raise IntakeError(
                f"确认收到申请的日期 {format_date(confirmed_on)} 早于申请到达时间 {format_date(arrived)}。",
                "确认日期不能早于申请实际到达的日期，请核对后重新填写。",
            )
        return Receipt(
            confirmed_on,
            f"{via.label}：以双方确认之日 {format_date(confirmed_on)} 为收到申请之日。",
        )
    if via in _CONFIRMED_CHANNELS and not calendar.is_workday(arrived):
        day = arrived + timedelta(days=1)
        while not calendar.is_workday(day):
            day += timedelta(days=1)
        return Receipt(
            day,
            f"{via.label}于休息日 {format_date(arrived)} 到达，以下一个工作日 {format_date(day)} 为收到申请之日。",
        )
    rule = {
        Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日",
        Channel.POST: "邮寄的，以行政机关签收之日为收到申请之日",
    }.get(via, f"{via.label}：以到达之日为收到申请之日")
    return Receipt(arrived, f"{rule}（{format_date(arrived)}）。")
