"""主动公开: documents, the three-level review queue, registers and yearly figures."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gongkai.web.context import Signed, render

router = APIRouter(include_in_schema=False)


@router.get("/publications")
def index(request: Request, viewer: Signed) -> Response:
    return render(request, "placeholder.html", {"title": "主动公开"})
