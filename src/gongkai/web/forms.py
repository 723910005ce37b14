"""What pages share to read a form or query value, and the day of the app clock.

Values come in as text; these turn them into ids, dates and days with a Chinese message when
they are not, so that no page crashes on `?agency=²` or a 30-digit id.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import Path, Query

from gongkai.errors import GongkaiError
from gongkai.workbench.intake import CHINA_TZ

MAX_ID = 2**63 - 1  # the largest integer both databases store
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Year = Annotated[int, Path(ge=2008, le=2100)]
Seq = Annotated[int, Path(ge=1, le=100_000)]
OptionalId = Annotated[int | None, Query(ge=1, le=MAX_ID)]  # ?agency=… and cursors


class FormError(GongkaiError):
    """A value typed into a form that is not what the field takes."""


def today(now: datetime) -> date:
    """The day in Beijing: deadlines and dates the user sees are Beijing days."""
    return now.astimezone(CHINA_TZ).date()


def parse_id(value: str | None) -> int | None:
    """A record id typed as text: None when blank or not a plain decimal number in range."""
    text = (value or "").strip()
    if not text or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_date(value: str | None, what: str) -> date:
    """A required date field (年-月-日)."""
    found = parse_optional_date(value, what)
    if found is None:
        raise FormError(f"请填写{what}。", "日期格式为 年-月-日，如 2026-11-01。")
    return found


def parse_optional_date(value: str | None, what: str) -> date | None:
    """A date field (年-月-日) that may be left blank."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FormError(
            f"{what}“{text[:20]}”不是有效日期。", "日期格式为 年-月-日，如 2026-11-01。"
        ) from None
