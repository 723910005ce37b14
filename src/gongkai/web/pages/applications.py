"""依申请公开: the register, registering, the detail page and its steps, letters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gongkai.web.context import Signed, render

router = APIRouter(include_in_schema=False)


@router.get("/applications")
def index(request: Request, viewer: Signed) -> Response:
    return render(request, "placeholder.html", {"title": "依申请公开"})
