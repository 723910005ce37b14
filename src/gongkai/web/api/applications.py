"""依申请公开: list, read, register applications and record their steps.

The same services and the same scope as the pages: a record of another agency answers 404, a
step the user may not take 403, a refused step 400 with the Chinese reason and nothing saved.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from gongkai.web.context import Db, Now, Signed, write
from gongkai.web.forms import Id, today
from gongkai.workbench import access, applications, letters, worklist
from gongkai.workbench.access import Action
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.lifecycle import EVENT_NAMES, EventKind
from gongkai.workbench.orm import Application

router = APIRouter(prefix="/api", tags=["依申请公开"])
_APPROVAL = frozenset({EventKind.EXTEND, EventKind.SET_DELAY})


class ApplicantIn(BaseModel):
    type: str = Field(description="申请人类型：natural_person 等，或中文名称（自然人、商业企业…）")
    name: str = Field(description="申请人姓名或名称")
    id_kind: str | None = Field(None, description="证件类型")
    id_number: str | None = Field(None, description="证件号码")
    contact: str | None = Field(None, description="联系方式")


class RegisterIn(BaseModel):
    agency_id: int | None = Field(None, description="受理机关；省略时为本人所在机关")
    applicant: ApplicantIn
    channel: str = Field(description="申请渠道：in_person/post/online/fax/email/other 或中文名称")
    arrived_at: datetime = Field(description="到达时间；不带时区时按北京时间")
    content: str = Field(description="申请内容")
    form: str | None = Field(None, description="信息形式")
    delivery: str | None = Field(None, description="获取方式")
    confirmed_on: date | None = Field(None, description="双方确认日期（网上、传真、电子邮件）")
    number: str | None = Field(None, description="登记编号；省略时自动编号")


class StepIn(BaseModel):
    kind: str = Field(description="办理步骤：decide、request_correction 等，或中文名称")
    on: date | None = Field(None, description="步骤日期；省略为今天（北京时间）")
    outcome: str | None = Field(None, description="办理结果（作出答复决定、当场答复）：表三的行")
    working_days: int | None = Field(None, description="延期的工作日数（延期答复）")
    details: dict[str, Any] = Field(default_factory=dict, description="步骤所需的其他内容")
    expected_version: int | None = Field(None, description="看到的版本号（乐观锁）")


@router.get("/applications", summary="申请列表（可筛选、搜索、翻页）")
def list_applications(request: Request, viewer: Signed, db: Db, now: Now) -> dict[str, Any]:
    filters = worklist.parse_filters(request.query_params)
    page = worklist.search(db, viewer.user.id, filters, today(now))
    return {
        "items": [
            {**worklist.describe(a), "agency": page.agencies.get(a.agency_id)} for a in page.rows
        ],
        "count": min(page.count, worklist.COUNT_CAP),
        "count_capped": page.capped,
        "count_text": page.count_text,
        "next_after": worklist.cursor_text(page.next_after) if page.next_after else None,
    }


@router.get("/applications/{application_id}", summary="申请详情（办理记录、期限、可办理的步骤）")
def get_application(application_id: Id, viewer: Signed, db: Db) -> dict[str, Any]:
    app = applications.load(db, viewer.user.id, application_id)
    return _full(db, viewer.user.id, app)


@router.post("/applications", summary="登记申请", status_code=201)
def register(body: RegisterIn, request: Request, viewer: Signed, now: Now) -> JSONResponse:
    new = NewApplication(
        applicant=Applicant(**body.applicant.model_dump()),
        channel=body.channel,
        arrived_at=body.arrived_at,
        content=body.content,
        form=body.form,
        delivery=body.delivery,
        confirmed_on=body.confirmed_on,
        number=body.number,
    )
    agency_id = body.agency_id if body.agency_id is not None else viewer.user.agency_id
    with write(request) as session:
        app = applications.register(session, viewer.user.id, agency_id, new, now=now)
        data = _full(session, viewer.user.id, app)
    return JSONResponse(data, status_code=201)


@router.post("/applications/{application_id}/steps", summary="记录办理步骤")
def record_step(
    application_id: Id, body: StepIn, request: Request, viewer: Signed, now: Now
) -> dict[str, Any]:
    kind = worklist.parse_kind(body.kind)
    entry = Entry(
        kind=kind,
        on=body.on or today(now),
        outcome=body.outcome,
        working_days=body.working_days,
        details=body.details,
    )
    with write(request) as session:
        app = applications.record_step(
            session,
            viewer.user.id,
            application_id,
            entry,
            now=now,
            expected_version=body.expected_version,
        )
        return _full(session, viewer.user.id, app)


def _full(session: Session, actor_id: int, app: Application) -> dict[str, Any]:
    """Facts, timeline, clock and what may come next, as the detail page shows them."""
    clock = applications.clock_of(session, app)
    actor = access.actor(session, actor_id)
    handles = access.can(session, actor, Action.HANDLE, app.agency_id)
    approves = access.can(session, actor, Action.APPROVE, app.agency_id)
    allowed = [
        k for k in applications.allowed_next(app) if handles and (approves or k not in _APPROVAL)
    ]
    return {
        **worklist.describe(app),
        "agency": app.agency.name,
        "tracking_code": app.tracking_code,
        "applicant_id_kind": app.applicant_id_kind,
        "applicant_id_number": app.applicant_id_number,
        "applicant_contact": app.applicant_contact,
        "arrived_at": app.arrived_at.isoformat(),
        "receipt_note": app.receipt_note,
        "content": app.content,
        "form": app.form,
        "delivery": app.delivery,
        "report_row": app.report_row,
        "fee_amount": app.fee_amount,
        "timeline": [
            {
                "seq": e.seq,
                "kind": e.kind.value,
                "kind_label": EVENT_NAMES[e.kind],
                "on": e.on.isoformat(),
                "recorded_at": e.recorded_at.isoformat(),
                "actor_id": e.actor_id,
                "outcome": e.outcome,
                "outcome_label": worklist.outcome_label(e.outcome) if e.outcome else None,
                "working_days": e.working_days,
                "details": e.details,
            }
            for e in app.events
        ],
        "clock": {
            "due_on": clock.due.isoformat() if clock.due else None,
            "provisional": clock.provisional,
            "running": clock.running,
            "notes": list(clock.notes),
            "explanation": list(clock.reply.explanation) if clock.reply else [],
        },
        "allowed_next": [{"kind": k.value, "label": EVENT_NAMES[k]} for k in allowed],
        "letters": [
            {
                "seq": a.event_seq,
                "kind": a.kind.value,
                "label": a.kind.label,
                "on": a.on.isoformat(),
            }
            for a in (letters.letters_for(session, actor_id, app.id) if handles else ())
        ],
    }
