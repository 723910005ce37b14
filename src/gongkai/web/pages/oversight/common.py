"""What the 督导 sections share: the one router, the year and filter parameters, the default year
and the Excel download."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from gongkai.oversight.workbook import XLSX_MEDIA
from gongkai.web.files import attachment
from gongkai.web.forms import today

router = APIRouter(include_in_schema=False)

YearQuery = Annotated[int | None, Query(ge=2008, le=2100)]
Short = Annotated[str, Query(max_length=40)]


def year_or_default(year: int | None, now: datetime) -> int:
    """The year asked for, else last year: reports on a year are published in the next."""
    return year or today(now).year - 1


def xlsx(body: bytes, name: str) -> Response:
    """An Excel workbook download named in Chinese."""
    return attachment(body, XLSX_MEDIA, f"{name}.xlsx")
