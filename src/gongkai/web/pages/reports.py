"""年度报告: live tables, findings, narrative, downloads and the submission workflow.

Every route goes through `workbench.annual_reports`, which checks the role and the agency: the
tables are computed from the register on each request, the narrative is the agency's draft, and
the locked versions are the frozen copies of the workflow's steps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from gongkai.renderers import annual
from gongkai.renderers.document import Heading, Paragraph, Table
from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport
from gongkai.report.rules import check_report
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.files import report_file as file_response
from gongkai.web.forms import Id, OptionalId, Year
from gongkai.web.report_views import TableView, report_views
from gongkai.workbench import annual_reports as ar
from gongkai.workbench.access import Conflict
from gongkai.workbench.orm import ReportStatus

router = APIRouter(include_in_schema=False)

DONE = {
    "saved": "正文已保存。",
    "submitted": "年度报告已报送，等待政务公开主管部门审核。",
    "returned": "已退回机关修改。",
    "accepted": "年度报告已审核通过。",
    "published": "年度报告已发布。",
}
STATUS_BADGE = {
    ReportStatus.DRAFT: "",
    ReportStatus.SUBMITTED: "soon",
    ReportStatus.RETURNED: "overdue",
    ReportStatus.ACCEPTED: "done",
    ReportStatus.PUBLISHED: "done",
}
Text = Annotated[str, Form(max_length=ar.MAX_SECTION + 1000)]
Version = Annotated[int | None, Form()]


# ---------------------------------------------------------------- the list and the picker


@router.get("/reports")
def index(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency: OptionalId = None,
    year: int | None = None,
) -> Response:
    if agency is not None and year is not None:
        return RedirectResponse(f"/reports/{agency}/{year}", status_code=303)
    agencies = ar.agencies_for(db, viewer.user.id)
    drafts = ar.drafts_for(db, viewer.user.id)
    context = {
        "agencies": agencies,
        "years": ar.years_with_data(db, [a.id for a in agencies], now),
        "drafts": drafts,
        "awaiting": ar.awaiting_verdict(db, viewer.user.id),
        "chosen": agency if agency is not None else viewer.user.agency_id,
        "names": {a.id: a.name for a in agencies},
        "badges": STATUS_BADGE,
    }
    return render(request, "reports/index.html", context)


# ---------------------------------------------------------------- one report


@router.get("/reports/{agency_id}/{year}")
def report_page(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency_id: Id,
    year: Year,
    done: str | None = None,
) -> Response:
    context = _page(db, viewer, agency_id, year, now)
    context["done"] = DONE.get(done or "")
    return render(request, "reports/report.html", context)


def _page(
    db: Session,
    viewer: Viewer,
    agency_id: int,
    year: int,
    now: datetime,
    *,
    texts: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the report page shows; `texts` keeps what the user typed when a save was refused."""
    ar.check_year(year, now)
    agency, row = ar.find_draft(db, viewer.user.id, agency_id, year)
    written = ar.narrative_of(row)
    report = ar.compose(db, agency, year, written)
    checked = check_report(report)
    tables, findings = report_views(report, checked)
    history = list(row.versions) if row is not None else []
    return {
        "agency": agency,
        "year": year,
        "draft": row,
        "status": row.status if row is not None else None,
        "version": row.version if row is not None else 0,
        "report": report,
        "tables": tables,
        "findings": findings,
        "blocking": len(ar.blocking(checked)),
        "sections": [(key, ar.SECTION_TITLES[key]) for key in fmt.TEXT_KEYS],
        "texts": texts if texts is not None else written,
        "moves": ar.moves(db, viewer.user, agency_id, row),
        "history": history,
        "actors": ar.actor_names(db, history),
        "comment": next((v.comment for v in reversed(history) if v.comment), ""),
        "base": f"/reports/{agency_id}/{year}",
        "badges": STATUS_BADGE,
    }


@router.post("/reports/{agency_id}/{year}/narrative")
def save_narrative(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency_id: Id,
    year: Year,
    overview: Text = "",
    problems: Text = "",
    other_matters: Text = "",
    expected_version: Version = None,
) -> Response:
    texts = {"overview": overview, "problems": problems, "other_matters": other_matters}
    try:
        with write(request) as session:
            ar.save_narrative(
                session,
                viewer.user.id,
                agency_id,
                year,
                texts,
                expected_version=expected_version,
                now=now,
            )
    except (Conflict, ar.ReportFlowError) as err:
        status = 409 if isinstance(err, Conflict) else 400
        context = {**_page(db, viewer, agency_id, year, now, texts=texts), "error": err}
        return render(request, "reports/report.html", context, status=status)
    return _done(agency_id, year, "saved")


def _step(
    request: Request,
    viewer: Viewer,
    db: Session,
    now: datetime,
    agency_id: int,
    year: int,
    run: Callable[[Session], object],
    done: str,
) -> Response:
    """One workflow step in its own transaction; a refusal shows the page again with the reason."""
    try:
        with write(request) as session:
            run(session)
    except (Conflict, ar.ReportFlowError) as err:
        status = 409 if isinstance(err, Conflict) else 400
        context = {**_page(db, viewer, agency_id, year, now), "error": err}
        return render(request, "reports/report.html", context, status=status)
    return _done(agency_id, year, done)


@router.post("/reports/{agency_id}/{year}/submit")
def submit(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency_id: Id,
    year: Year,
    expected_version: Version = None,
) -> Response:
    def run(s: Session) -> object:
        return ar.submit(
            s, viewer.user.id, agency_id, year, expected_version=expected_version, now=now
        )

    return _step(request, viewer, db, now, agency_id, year, run, "submitted")


@router.post("/reports/{agency_id}/{year}/return")
def return_report(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency_id: Id,
    year: Year,
    comment: Annotated[str, Form(max_length=ar.MAX_COMMENT + 100)] = "",
    expected_version: Version = None,
) -> Response:
    def run(s: Session) -> object:
        return ar.return_with_comments(
            s, viewer.user.id, agency_id, year, comment, expected_version=expected_version, now=now
        )

    return _step(request, viewer, db, now, agency_id, year, run, "returned")


@router.post("/reports/{agency_id}/{year}/accept")
def accept(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency_id: Id,
    year: Year,
    expected_version: Version = None,
) -> Response:
    def run(s: Session) -> object:
        return ar.accept(
            s, viewer.user.id, agency_id, year, expected_version=expected_version, now=now
        )

    return _step(request, viewer, db, now, agency_id, year, run, "accepted")


@router.post("/reports/{agency_id}/{year}/publish")
def publish(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency_id: Id,
    year: Year,
    expected_version: Version = None,
) -> Response:
    def run(s: Session) -> object:
        return ar.publish(
            s, viewer.user.id, agency_id, year, expected_version=expected_version, now=now
        )

    return _step(request, viewer, db, now, agency_id, year, run, "published")


def _done(agency_id: int, year: int, done: str) -> Response:
    return RedirectResponse(f"/reports/{agency_id}/{year}?done={done}#status", status_code=303)


# ---------------------------------------------------------------- preview and files


@router.get("/reports/{agency_id}/{year}/preview")
def preview(
    request: Request, viewer: Signed, db: Db, now: Now, agency_id: Id, year: Year
) -> Response:
    ar.check_year(year, now)
    report, _ = ar.composed(db, viewer.user.id, agency_id, year)
    context = {
        **_document(report),
        "back": f"/reports/{agency_id}/{year}",
        "download": f"/reports/{agency_id}/{year}/download",
    }
    return render(request, "reports/preview.html", context)


@router.get("/reports/{agency_id}/{year}/download")
def download(
    viewer: Signed, db: Db, now: Now, agency_id: Id, year: Year, format: str = "docx"
) -> Response:
    ar.check_year(year, now)
    report, _ = ar.composed(db, viewer.user.id, agency_id, year)
    return file_response(report, format)


@router.get("/reports/{agency_id}/{year}/versions/{version_id}")
def version_page(
    request: Request, viewer: Signed, db: Db, agency_id: Id, year: Year, version_id: Id
) -> Response:
    row = ar.version(db, viewer.user.id, agency_id, year, version_id)
    report = ar.frozen(row)
    base = f"/reports/{agency_id}/{year}"
    context = {
        **_document(report),
        "version": row,
        "actor": ar.actor_names(db, [row]).get(row.actor_id or 0, "—"),
        "back": base,
        "download": f"{base}/versions/{version_id}/download",
    }
    return render(request, "reports/version.html", context)


@router.get("/reports/{agency_id}/{year}/versions/{version_id}/download")
def version_download(
    viewer: Signed, db: Db, agency_id: Id, year: Year, version_id: Id, format: str = "docx"
) -> Response:
    row = ar.version(db, viewer.user.id, agency_id, year, version_id)
    return file_response(ar.frozen(row), format, suffix=f"（第{row.seq}版）")


def _document(report: AnnualReport) -> dict[str, Any]:
    """The printed layout as blocks for a page: headings, paragraphs and the three tables."""
    tables: dict[str, TableView] = {t.key: t for t in report_views(report, [])[0]}
    blocks: list[tuple[str, Any]] = []
    for block in annual.build(report).blocks:
        if isinstance(block, Heading):
            blocks.append(("heading", block.text))
        elif isinstance(block, Paragraph):
            blocks.append(("paragraph", block))
        elif isinstance(block, Table) and block.key in tables:
            blocks.append(("table", tables[block.key]))
    return {"title": annual.title_of(report), "blocks": blocks, "report": report}
