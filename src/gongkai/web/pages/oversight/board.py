"""督导 · 报送情况: the status board of a year, the entry page of the 督导 area.

Served on the event loop like 工作台: two indexed queries over the supervised agencies. A
province's office supervises thousands of agencies, so the page shows them a hundred at a time
(the counts are the whole year's) and the workbook has every line.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import Response

from gongkai.oversight.collection import STATUSES
from gongkai.oversight.workbook import Column, new_book, table_sheet, to_bytes
from gongkai.web.context import Db, Now, Signed, render
from gongkai.web.forms import today
from gongkai.web.pages.oversight.common import Short, YearQuery, router, xlsx, year_or_default
from gongkai.workbench import oversight
from gongkai.workbench.oversight import Line

PAGE_SIZE = 100
_YES = ("1", "true", "on")  # 只看逾期 ticked (late=0 is not)
PageQuery = Annotated[int, Query(ge=1, le=100_000)]
Search = Annotated[str, Query(max_length=100)]


@router.get("/oversight")
async def board_page(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    year: YearQuery = None,
    state: Short = "",
    late: Short = "",
    q: Search = "",
    page: PageQuery = 1,
) -> Response:
    chosen = year_or_default(year, now)
    board = oversight.board(db, viewer.user.id, chosen, today(now))
    lines = _filtered(board.lines, state, late in _YES, q)
    pages = max(1, -(-len(lines) // PAGE_SIZE))
    page = min(page, pages)
    query = {"year": chosen, "state": state, "late": late, "q": q.strip()}
    context = {
        "title": "督导",
        "board": board,
        "lines": lines[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "matching": len(lines),
        "page": page,
        "pages": pages,
        "query": urlencode(query),
        "statuses": STATUSES,
        "filters": {"state": state, "late": late in _YES, "q": q.strip()},
    }
    return render(request, "oversight/board.html", context)


@router.get("/oversight/board.xlsx")
def board_workbook(
    viewer: Signed,
    db: Db,
    now: Now,
    year: YearQuery = None,
    state: Short = "",
    late: Short = "",
    q: Search = "",
) -> Response:
    """Every line the page's filters select (all pages), late ones shaded."""
    chosen = year_or_default(year, now)
    board = oversight.board(db, viewer.user.id, chosen, today(now))
    lines = _filtered(board.lines, state, late in _YES, q)
    columns = (
        Column("机关", 36), Column("年度", 8), Column("状态", 10), Column("来源", 10),
        Column("公开期限", 12, "date"), Column("公开日期", 12, "date"), Column("情况", 16),
    )  # fmt: skip
    rows = [(x.agency, chosen, x.state, x.source, x.deadline, x.published, x.remark) for x in lines]
    book = new_book()
    marked = [i for i, x in enumerate(lines) if x.late]
    table_sheet(book.create_sheet("报送情况"), columns, rows, marked=marked)
    return xlsx(to_bytes(book), f"{chosen}年度年报报送情况")


def _filtered(lines: tuple[Line, ...], state: str, late: bool, q: str) -> list[Line]:
    words = q.split()
    if not (state or late or words):
        return list(lines)
    return [
        line
        for line in lines
        if (not state or line.state == state)
        and (not late or line.late)
        and all(w in line.agency for w in words)
    ]
