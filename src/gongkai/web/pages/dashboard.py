"""工作台: what is due, overdue and waiting for the signed-in user, and this year's counters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gongkai.web.context import Db, Now, Signed, render
from gongkai.workbench import worklist
from gongkai.workbench.intake import CHINA_TZ

router = APIRouter(include_in_schema=False)


@router.get("/")
def index(request: Request, viewer: Signed, db: Db, now: Now) -> Response:
    today = now.astimezone(CHINA_TZ).date()
    board = worklist.dashboard(db, viewer.user.id, today)
    return render(
        request,
        "dashboard/index.html",
        {"title": "工作台", "board": board, "due_limit": worklist.DUE_LIMIT},
    )
