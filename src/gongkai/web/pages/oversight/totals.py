"""督导 · 汇总: the region's totals of a year, the cell-wise sum of every held report (R50, R51).

Members failing the balance rules are named, never corrected; a blank in any member stays blank.
The aggregate downloads like any report (DOCX, PDF, HTML, JSON) for the government's own report
to build on, and as a workbook with its findings and members.
"""

from __future__ import annotations

import json

from fastapi import Request
from fastapi.responses import Response

from gongkai.errors import InputError
from gongkai.oversight.workbook import (
    Column,
    finding_cells,
    new_book,
    table_sheet,
    to_bytes,
    totals_sheet,
)
from gongkai.renderers import annual
from gongkai.report import codec
from gongkai.web.context import Db, Now, Signed, render
from gongkai.web.files import REPORT_FORMATS, attachment, report_file
from gongkai.web.pages.oversight.common import Short, YearQuery, router, xlsx, year_or_default
from gongkai.web.report_views import report_views
from gongkai.workbench import oversight_summary
from gongkai.workbench.access import NotFound

DOWNLOADS = (*REPORT_FORMATS, "json", "xlsx")
NO_REPORTS_HINT = "机关在工作台报送年报，或在“年报文件与别名”中上传已公开的年报后即可汇总。"


@router.get("/oversight/totals")
def totals_page(
    request: Request, viewer: Signed, db: Db, now: Now, year: YearQuery = None
) -> Response:
    chosen = year_or_default(year, now)
    found = oversight_summary.totals(db, viewer.user.id, chosen)
    context: dict[str, object] = {"title": "汇总", "year": chosen, "found": found}
    if found is not None:
        tables, findings = report_views(found.aggregate.report, found.findings)
        context |= {"total": found.aggregate, "tables": tables, "findings": findings}
    return render(request, "oversight/totals.html", context)


@router.get("/oversight/totals/download")
def totals_download(
    viewer: Signed, db: Db, now: Now, year: YearQuery = None, format: Short = "docx"
) -> Response:
    chosen = year_or_default(year, now)
    found = oversight_summary.totals(db, viewer.user.id, chosen)
    if found is None:
        raise NotFound(f"尚无所辖机关{chosen}年度的年报，无法汇总。", NO_REPORTS_HINT)
    if format not in DOWNLOADS:
        raise InputError(
            f"不支持的下载格式：{format}。", "可选格式：" + "、".join(DOWNLOADS) + "。"
        )
    report = found.aggregate.report
    if format == "json":
        body = json.dumps(codec.to_dict(report), ensure_ascii=False, indent=2).encode()
        name = f"{annual.title_of(report)}.json"
        return attachment(body, "application/json; charset=utf-8", name)
    if format == "xlsx":
        book = new_book()
        totals_sheet(book.create_sheet("汇总"), [found.aggregate])
        columns = (
            Column("规则", 8), Column("级别", 8), Column("结论", 10),
            Column("说明", 80, "wrap"), Column("涉及单元格", 50, "wrap"),
        )  # fmt: skip
        rows = [finding_cells(f.to_dict()) for f in found.findings]
        table_sheet(book.create_sheet("汇总检查"), columns, rows)
        failing = set(found.aggregate.failing)
        members = [
            (m, "不平衡，未作修正" if m in failing else "已汇总") for m in found.aggregate.members
        ]
        members += [(m, "无年报，未汇总") for m in found.without_report]
        marked = [i for i, (m, _) in enumerate(members) if m in failing]
        sheet = book.create_sheet("成员")
        table_sheet(sheet, (Column("机关", 40), Column("情况", 20)), members, marked=marked)
        return xlsx(to_bytes(book), annual.title_of(report))
    return report_file(report, format)
