"""督导 · 年报与登记核对: an agency's published report set cell by cell against its own register.

For agencies on the workbench only: the tables computed from the register today
(`workbench.statistics.build_report`, the same figures the report was drafted from) against the
report as it was submitted or published. A difference means the register changed after the
report was locked, or the report was edited by hand; either way the office asks why.
"""

from __future__ import annotations

from decimal import Decimal

from fastapi import Request
from fastapi.responses import Response

from gongkai.oversight.workbook import Column, new_book, table_sheet, to_bytes
from gongkai.renderers.annual import show
from gongkai.renderers.comparison import Change
from gongkai.report.model import Value
from gongkai.web.context import Db, Now, Signed, render
from gongkai.web.forms import Id, Year
from gongkai.web.pages.oversight.common import YearQuery, router, xlsx, year_or_default
from gongkai.workbench import oversight_summary

COLUMNS = (
    Column("机关", 30), Column("年报来源", 22), Column("表", 6), Column("行", 40),
    Column("列", 18), Column("登记数据", 10), Column("年报数", 10), Column("差（年报－登记）", 14),
)  # fmt: skip


@router.get("/oversight/reconcile")
def reconcile_page(
    request: Request, viewer: Signed, db: Db, now: Now, year: YearQuery = None
) -> Response:
    chosen = year_or_default(year, now)
    found = oversight_summary.reconciliation(db, viewer.user.id, chosen)
    results = sorted(found.results, key=lambda r: (-len(r.differences), r.agency))
    context = {
        "title": "年报与登记核对",
        "year": chosen,
        "results": results,
        "differing": sum(1 for r in results if r.differences),
        "not_submitted": found.not_submitted,
    }
    return render(request, "oversight/reconcile.html", context)


@router.get("/oversight/reconcile.xlsx")
def reconcile_workbook(viewer: Signed, db: Db, now: Now, year: YearQuery = None) -> Response:
    chosen = year_or_default(year, now)
    results = oversight_summary.reconciliation(db, viewer.user.id, chosen).results
    book = new_book()
    summary = [(r.agency, r.source, len(r.differences)) for r in results]
    marked = [i for i, r in enumerate(results) if r.differences]
    table_sheet(
        book.create_sheet("核对结果"),
        (Column("机关", 30), Column("年报来源", 22), Column("不一致的单元格", 14)),
        summary,
        marked=marked,
    )
    rows = [(r.agency, r.source, *cells(c)) for r in results for c in r.differences]
    table_sheet(book.create_sheet("不一致的单元格"), COLUMNS, rows)
    return xlsx(to_bytes(book), f"{chosen}年度年报与登记数据核对")


@router.get("/oversight/reconcile/{agency_id}/{year}")
def reconcile_agency(
    request: Request, viewer: Signed, db: Db, agency_id: Id, year: Year
) -> Response:
    found = oversight_summary.reconcile_one(db, viewer.user.id, agency_id, year)
    context = {
        "title": f"{found.agency}年报与登记核对",
        "year": year,
        "found": found,
        "rows": [cells(c) for c in found.differences],
    }
    return render(request, "oversight/reconcile_agency.html", context)


def cells(change: Change) -> tuple[str, str, str, object, object, object]:
    """One difference as the page and the workbook print it; numbers stay numbers."""
    return (
        change.table,
        change.row,
        change.column,
        _plain(change.before),
        _plain(change.after),
        _delta(change),
    )


def _plain(value: Value) -> object:
    if value is None:
        return "空白"
    return value if isinstance(value, int | Decimal) else show(value)


def _delta(change: Change) -> object:
    before, after = change.before, change.after
    if isinstance(before, int | Decimal) and isinstance(after, int | Decimal):
        return after - before
    return "—"
