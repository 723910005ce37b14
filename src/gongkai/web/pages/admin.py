"""管理: users, roles, agencies, the holiday table, letter templates, the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gongkai.web.context import Signed, render

router = APIRouter(include_in_schema=False)


@router.get("/admin")
def index(request: Request, viewer: Signed) -> Response:
    return render(request, "placeholder.html", {"title": "管理"})
