"""复议 and 诉讼 cases as a service: open a case on an application, close it with its outcome."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.workbench import access
from gongkai.workbench.access import Action
from gongkai.workbench.calendar import format_date
from gongkai.workbench.disputes import CaseKind, CaseOutcome
from gongkai.workbench.orm import Agency, Application, AuditAction, DisputeCase, record, snapshot
from gongkai.workbench.store import check_version, get


class CaseError(GongkaiError):
    """A 复议/诉讼 case whose dates or outcome do not fit."""


def open_case(
    session: Session,
    actor_id: int,
    agency_id: int,
    kind: CaseKind | str,
    filed_on: date,
    *,
    now: datetime,
    application_id: int | None = None,
    case_number: str | None = None,
    body: str | None = None,
) -> DisputeCase:
    """Record a 行政复议 or 行政诉讼 about the agency's disclosure work (linked to an application
    when it concerns one)."""
    user = access.actor(session, actor_id)
    get(session, Agency, agency_id, "机关")
    access.require(session, user, Action.HANDLE, agency_id)
    try:
        kind = CaseKind(kind)
    except ValueError:
        names = "、".join(k.label for k in CaseKind)
        raise CaseError(f"未知的案件类型“{kind}”。", f"案件类型为：{names}。") from None
    if filed_on > now.date():
        raise CaseError(f"立案日期 {format_date(filed_on)} 晚于今天。", "请核对立案日期。")
    if application_id is not None:
        app = get(session, Application, application_id, "申请")
        if app.agency_id != agency_id:
            raise CaseError("关联的申请不属于本机关。", "请选择本机关办理的申请。")
        if filed_on < app.received_on:
            raise CaseError("立案日期早于该申请的收到日期。", "请核对立案日期或关联的申请。")
    case = DisputeCase(
        agency_id=agency_id,
        application_id=application_id,
        kind=kind,
        case_number=(case_number or "").strip() or None,
        body=(body or "").strip() or None,
        filed_on=filed_on,
    )
    session.add(case)
    session.flush()
    record(session, user, "dispute_case", case.id, AuditAction.CREATE, None, snapshot(case), now)
    return case


def close_case(
    session: Session,
    actor_id: int,
    case_id: int,
    outcome: CaseOutcome | str,
    closed_on: date,
    *,
    now: datetime,
    expected_version: int | None = None,
    note: str = "",
) -> DisputeCase:
    """Record the decision or judgment that ended a case."""
    user = access.actor(session, actor_id)
    case = get(session, DisputeCase, case_id, "复议诉讼案件")
    access.require(session, user, Action.HANDLE, case.agency_id)
    check_version(case, expected_version, "该案件")
    if case.closed_on is not None:
        raise CaseError("该案件已经审结。", "如结果有误，请由管理员更正并在备注中说明。")
    try:
        outcome = CaseOutcome(outcome)
    except ValueError:
        names = "、".join(o.label for o in CaseOutcome)
        raise CaseError(f"未知的审结结果“{outcome}”。", f"审结结果为：{names}。") from None
    if closed_on < case.filed_on or closed_on > now.date():
        raise CaseError(
            f"审结日期 {format_date(closed_on)} 应在立案日期 {format_date(case.filed_on)} 与今天之间。",
            "请核对审结日期。",
        )
    before = snapshot(case)
    case.outcome, case.closed_on, case.note = outcome, closed_on, note.strip()
    session.flush()
    record(session, user, "dispute_case", case.id, AuditAction.UPDATE, before, snapshot(case), now)
    return case
