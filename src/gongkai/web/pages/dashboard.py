"""工作台: what is due, overdue and waiting for the signed-in user."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gongkai.web.context import Signed, render

router = APIRouter(include_in_schema=False)


@router.get("/")
def index(request: Request, viewer: Signed) -> Response:
    return render(request, "placeholder.html", {"title": "工作台"})
