"""Receipt dates per 第三十一条 and the naming of applicant types and channels."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from gongkai.workbench.calendar import WorkCalendar
from gongkai.workbench.intake import (
    APPLICANT_TYPES,
    Channel,
    IntakeError,
    applicant_type,
    channel,
    legal_receipt_date,
)

CAL = WorkCalendar.packaged()


def test_applicant_types_are_the_six_columns_of_table_three() -> None:
    assert APPLICANT_TYPES == (
        "natural_person", "business", "research", "public_interest", "legal_services", "other_org",
    )  # fmt: skip
    assert applicant_type("自然人") == "natural_person"
    assert applicant_type("法律服务机构") == "legal_services"
    assert applicant_type("business") == "business"
    with pytest.raises(IntakeError, match="未知的申请人类型"):
        applicant_type("个体户")


def test_channels_by_key_or_chinese_name() -> None:
    assert channel("邮寄") is Channel.POST
    assert channel("当面") is channel("当面提交") is Channel.IN_PERSON
    assert channel("email") is Channel.EMAIL
    with pytest.raises(IntakeError, match="未知的申请渠道"):
        channel("飞鸽传书")


def test_receipt_dates_by_channel() -> None:
    sunday = datetime(2025, 3, 2, 23, 0)
    assert legal_receipt_date(Channel.IN_PERSON, sunday, CAL).received_on == date(2025, 3, 2)
    assert legal_receipt_date(Channel.EMAIL, sunday, CAL).received_on == date(2025, 3, 3)
    assert legal_receipt_date(Channel.FAX, datetime(2025, 3, 4, 9), CAL).received_on == date(
        2025, 3, 4
    )
    confirmed = legal_receipt_date(Channel.ONLINE, sunday, CAL, confirmed_on=date(2025, 3, 5))
    assert confirmed.received_on == date(2025, 3, 5) and "确认" in confirmed.explanation
    with pytest.raises(IntakeError, match="早于"):
        legal_receipt_date(Channel.ONLINE, sunday, CAL, confirmed_on=date(2025, 3, 1))


def test_arrival_times_are_read_in_beijing_time() -> None:
    # 17:30 UTC on Friday 28 Feb is 01:30 on Saturday 1 March in Beijing: a rest day.
    late = datetime(2025, 2, 28, 17, 30, tzinfo=UTC)
    assert legal_receipt_date(Channel.POST, late, CAL).received_on == date(2025, 3, 1)
    assert legal_receipt_date(Channel.EMAIL, late, CAL).received_on == date(2025, 3, 3)
