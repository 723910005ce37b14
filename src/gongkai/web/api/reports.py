"""年度报告 and 年报检查: the computed report, drafts and versions, checking an uploaded file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile

from gongkai.readers import ReadResult
from gongkai.report import codec
from gongkai.report.finding import Finding
from gongkai.report.provenance import findings_with_places
from gongkai.report.rules import check_report
from gongkai.web.context import Db, Now, Signed
from gongkai.web.report_views import read_and_check, summary
from gongkai.workbench import annual_reports as ar

router = APIRouter(prefix="/api")


@router.get(
    "/reports/{agency_id}/{year}",
    tags=["年度报告"],
    summary="年度报告（实时计算的表格、正文和核对结果）",
)
def report(viewer: Signed, db: Db, now: Now, agency_id: int, year: int) -> dict[str, Any]:
    ar.check_year(year, now)
    composed, row = ar.composed(db, viewer.user.id, agency_id, year)
    findings = check_report(composed)
    return {
        "agency_id": agency_id,
        "year": year,
        "status": row.status.value if row is not None else None,
        "status_label": row.status.label if row is not None else "尚未开始撰写",
        "draft_id": row.id if row is not None else None,
        "version": row.version if row is not None else 0,
        "report": codec.to_dict(composed),
        "summary": summary(findings),
        "findings": findings_with_places(composed, findings),
    }


@router.get(
    "/reports/{agency_id}/{year}/versions",
    tags=["年度报告"],
    summary="年度报告的锁定版本（报送、退回、审核通过、发布）",
)
def versions(viewer: Signed, db: Db, agency_id: int, year: int) -> list[dict[str, Any]]:
    rows = ar.versions(db, viewer.user.id, agency_id, year)
    names = ar.actor_names(db, rows)
    return [
        {
            "id": v.id,
            "seq": v.seq,
            "status": v.status.value,
            "status_label": v.status.label,
            "comment": v.comment,
            "actor": names.get(v.actor_id or 0),
            "at": v.at.isoformat(),
            "url": f"/reports/{agency_id}/{year}/versions/{v.id}",
        }
        for v in rows
    ]


@router.post("/check", tags=["年报检查"], summary="上传年报文件并按国家格式核对")
def check(viewer: Signed, file: Annotated[UploadFile | None, File()] = None) -> dict[str, Any]:
    result, checker = read_and_check(file)
    return checked(result, checker)


def checked(result: ReadResult, checker: list[Finding]) -> dict[str, Any]:
    """The report as read and every finding (the reader's first) with the place of each cell."""
    findings = [*result.findings, *checker]
    return {
        "file": result.name,
        "report": codec.to_dict(result.report),
        "summary": summary(findings),
        "findings": findings_with_places(result.report, findings),
    }
