"""督导 · 报送情况: the status board of a year, the entry page of the 督导 area.

Served on the event loop like 工作台: two indexed queries over the supervised agencies.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response

from gongkai.oversight.collection import STATUSES
from gongkai.web.context import Db, Now, Signed, render
from gongkai.web.forms import today
from gongkai.web.pages.oversight.common import router
from gongkai.workbench import oversight

YearQuery = Annotated[int | None, Query(ge=2008, le=2100)]
Short = Annotated[str, Query(max_length=20)]


@router.get("/oversight")
async def board_page(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    year: YearQuery = None,
    state: Short = "",
    late: Short = "",
) -> Response:
    day = today(now)
    chosen = year or day.year - 1  # reports on a year are published in the next
    board = oversight.board(db, viewer.user.id, chosen, day)
    lines = [
        line
        for line in board.lines
        if (not state or line.state == state) and (not late or line.late)
    ]
    context = {
        "title": "督导",
        "board": board,
        "lines": lines,
        "statuses": STATUSES,
        "filters": {"state": state, "late": bool(late)},
    }
    return render(request, "oversight/board.html", context)
