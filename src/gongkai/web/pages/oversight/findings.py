"""督导 · 检查发现: every held report's findings in one list, with the office's verdicts.

The list is computed on each view (every held report checked with the rules of the catalogue),
so it runs in the thread pool. A verdict form names the finding by agency, year and key; the
finding itself is found again on the server before the verdict is recorded.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from gongkai.errors import GongkaiError, InputError
from gongkai.oversight.workbook import Column, finding_cells, new_book, table_sheet, to_bytes
from gongkai.report.finding import SEVERITY_ZH, STATUS_ZH
from gongkai.report.rules.catalogue import CATALOGUE
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.forms import Id, OptionalId, Year, parse_id
from gongkai.web.pages.oversight.common import Short, YearQuery, router, xlsx, year_or_default
from gongkai.web.report_views import report_views, summary
from gongkai.workbench import oversight_files, oversight_findings, oversight_summary
from gongkai.workbench.access import NotFound, PermissionDenied
from gongkai.workbench.orm import Verdict

VERDICTS = (("", "全部"), ("open", "未处理"), ("confirmed", "已确认"), ("dismissed", "已排除"))
SEVERITIES: tuple[tuple[str, str], ...] = (
    ("", "全部"),
    ("error", "错误"),
    ("warning", "警告"),
    ("info", "提示"),
    ("not_assessable", "无法判断"),
)


@router.get("/oversight/findings")
def findings_page(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    year: YearQuery = None,
    rule: Short = "",
    severity: Short = "",
    verdict: Short = "",
    agency: OptionalId = None,
) -> Response:
    chosen = year_or_default(year, now)
    return _page(request, viewer, db, chosen, rule, severity, verdict, agency)


@router.get("/oversight/findings.xlsx")
def findings_workbook(
    viewer: Signed,
    db: Db,
    now: Now,
    year: YearQuery = None,
    rule: Short = "",
    severity: Short = "",
    verdict: Short = "",
    agency: OptionalId = None,
) -> Response:
    """The list as filtered on the page, with the verdicts and their reasons."""
    chosen = year_or_default(year, now)
    items = oversight_findings.findings(
        db, viewer.user.id, chosen, rule=rule or None, severity=severity or None,
        verdict=verdict or None, agency_id=agency,
    )  # fmt: skip
    columns = (
        Column("机关", 28), Column("年度", 8), Column("来源", 24), Column("规则", 8),
        Column("级别", 8), Column("结论", 10), Column("说明", 70, "wrap"),
        Column("涉及单元格", 50, "wrap"), Column("处理情况", 10), Column("理由", 40, "wrap"),
    )  # fmt: skip
    rows = [
        (
            i.agency, i.year, i.source, *finding_cells(i.finding),
            i.verdict.verdict.label if i.verdict else "未处理",
            i.verdict.reason if i.verdict else "",
        )
        for i in items
    ]  # fmt: skip
    book = new_book()
    table_sheet(book.create_sheet("检查发现"), columns, rows)
    return xlsx(to_bytes(book), f"{chosen}年度年报检查发现")


@router.get("/oversight/findings/{agency_id}/{year}")
def held_report(request: Request, viewer: Signed, db: Db, agency_id: Id, year: Year) -> Response:
    """One held report with the cells its findings name flagged: the drill-down of the list."""
    name, held, found = oversight_findings.held_one(db, viewer.user.id, agency_id, year)
    tables, views = report_views(held.report, found)
    context = {
        "title": f"{name}{year}年度年报",
        "agency": name,
        "agency_id": agency_id,
        "year": year,
        "held": held,
        "report": held.report,
        "tables": tables,
        "findings": views,
        "summary": summary(found),
        "registered": bool(oversight_summary.on_workbench(db, [agency_id])),
    }
    return render(request, "oversight/report.html", context)


@router.post("/oversight/findings/verdict")
def give_verdict(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency: Annotated[str, Form(max_length=20)] = "",
    year: Annotated[int, Form(ge=2008, le=2100)] = 2008,
    key: Annotated[str, Form(max_length=300)] = "",
    verdict: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        agency_id = parse_id(agency)
        if agency_id is None or verdict not in {v.value for v in Verdict}:
            raise InputError("请求不完整。", "请在检查发现列表中重新操作。")
        with write(request) as session:
            item = oversight_findings.one(session, viewer.user.id, agency_id, year, key)
            oversight_files.decide(
                session,
                viewer.user.id,
                agency_id,
                year,
                item.finding,
                Verdict(verdict),
                reason,
                now=now,
            )
    except (PermissionDenied, NotFound):
        raise
    except GongkaiError as err:
        return _page(request, viewer, db, year, "", "", "", None, error=err, status=400)
    target = back if back.startswith("/oversight/findings") else f"/oversight/findings?year={year}"
    return RedirectResponse(target, status_code=303)


def _page(
    request: Request,
    viewer: Viewer,
    db: Db,
    year: int,
    rule: str,
    severity: str,
    verdict: str,
    agency: int | None,
    *,
    error: GongkaiError | None = None,
    status: int = 200,
) -> Response:
    items = oversight_findings.findings(
        db, viewer.user.id, year, rule=rule or None, severity=severity or None,
        verdict=verdict or None, agency_id=agency,
    )  # fmt: skip
    query = {"year": year, "rule": rule, "severity": severity, "verdict": verdict}
    query |= {"agency": agency or ""}
    context = {
        "title": "检查发现",
        "items": items,
        "year": year,
        "filters": {"rule": rule, "severity": severity, "verdict": verdict, "agency": agency},
        "rules": [(spec.id, spec.title) for spec in CATALOGUE],
        "severities": SEVERITIES,
        "verdicts": VERDICTS,
        "severity_zh": SEVERITY_ZH,
        "status_zh": STATUS_ZH,
        "back": "/oversight/findings?" + urlencode(query),
        "query": urlencode(query),
        "error": error,
    }
    return render(request, "oversight/findings.html", context, status)
