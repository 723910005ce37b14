"""年度报告: live tables, findings, narrative, downloads and the submission workflow."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gongkai.web.context import Signed, render

router = APIRouter(include_in_schema=False)


@router.get("/reports")
def index(request: Request, viewer: Signed) -> Response:
    return render(request, "placeholder.html", {"title": "年度报告"})
