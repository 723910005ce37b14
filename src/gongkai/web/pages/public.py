"""The public face without login: apply online, track an application, the guide, the catalogue,
the archive of published annual reports."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gongkai.web.context import render

router = APIRouter(prefix="/public", include_in_schema=False)


@router.get("")
def index(request: Request) -> Response:
    return render(request, "placeholder.html", {"title": "政府信息公开"})
