"""督导 · 检查发现: every held report's findings in one list, with the office's verdicts.

The list is computed on each view (every held report checked with the rules of the catalogue),
so it runs in the thread pool. A verdict form names the finding by agency, year and key; the
finding itself is found again on the server before the verdict is recorded.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from gongkai.errors import GongkaiError, InputError
from gongkai.report.finding import SEVERITY_ZH, STATUS_ZH
from gongkai.report.rules.catalogue import CATALOGUE
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.forms import OptionalId, parse_id, today
from gongkai.web.pages.oversight.common import router
from gongkai.workbench import oversight_files, oversight_findings
from gongkai.workbench.access import NotFound, PermissionDenied
from gongkai.workbench.orm import Verdict

YearQuery = Annotated[int | None, Query(ge=2008, le=2100)]
Short = Annotated[str, Query(max_length=20)]
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
    chosen = year or today(now).year - 1
    return _page(request, viewer, db, chosen, rule, severity, verdict, agency)


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
        "error": error,
    }
    return render(request, "oversight/findings.html", context, status)
