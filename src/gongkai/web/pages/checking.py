"""年报检查: upload any report file and see its tables with the findings highlighted."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gongkai.web.context import Signed, render

router = APIRouter(include_in_schema=False)


@router.get("/check")
def index(request: Request, viewer: Signed) -> Response:
    return render(request, "placeholder.html", {"title": "年报检查"})
