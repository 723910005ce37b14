"""工作台: what is due, overdue and waiting for the signed-in user, and this year's counters."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from gongkai.web.context import Db, Now, Signed, render
from gongkai.workbench import worklist
from gongkai.workbench.intake import CHINA_TZ

router = APIRouter(include_in_schema=False)
COUNTER_SECONDS = 30  # the cards may lag this much; the due lists are always live


class RememberedCounters:
    """This year's counters per scope and day, counted at most every COUNTER_SECONDS (one per
    application instance, so that two databases in one process never share them)."""

    def __init__(self) -> None:
        self._counted: dict[tuple[tuple[int, ...], date], tuple[float, worklist.Counters]] = {}
        self._lock = threading.Lock()

    def __call__(self, session: Session, scope: Sequence[int], today: date) -> worklist.Counters:
        key = (tuple(scope), today)
        with self._lock:
            hit = self._counted.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        fresh = worklist.counters(session, scope, today)
        with self._lock:
            if len(self._counted) > 10_000:
                self._counted.clear()
            self._counted[key] = (time.monotonic() + COUNTER_SECONDS, fresh)
        return fresh


@router.get("/")
async def index(request: Request, viewer: Signed, db: Db, now: Now) -> Response:
    """Served on the event loop: every query here reads an index in order and stops."""
    today = now.astimezone(CHINA_TZ).date()
    state = request.app.state
    if not hasattr(state, "dashboard_counters"):
        state.dashboard_counters = RememberedCounters()
    board = worklist.dashboard(db, viewer.user.id, today, count=state.dashboard_counters)
    return render(
        request,
        "dashboard/index.html",
        {"title": "工作台", "board": board, "due_limit": worklist.DUE_LIMIT},
    )
