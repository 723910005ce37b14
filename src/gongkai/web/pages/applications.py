"""依申请公开: the register, registering, the detail page and its steps, letters.

Routes stay thin: the register's queries are `workbench.worklist`'s, every change goes through
`workbench.applications` inside one `write` transaction, so a refused step saves nothing and
comes back with the user's input and the Chinese reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from gongkai.errors import GongkaiError
from gongkai.renderers import render_document
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.files import attachment
from gongkai.web.forms import Id, Seq, parse_id, today
from gongkai.workbench import applications, letters, worklist
from gongkai.workbench.access import Action, Conflict, NotFound, PermissionDenied
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.intake import APPLICANT_TYPE_NAMES, CHANNEL_NAMES, CHINA_TZ, Channel
from gongkai.workbench.lifecycle import EVENT_NAMES, STATE_NAMES, EventKind, State
from gongkai.workbench.orm import Application, User

router = APIRouter(include_in_schema=False)
_E = EventKind
APPROVAL_STEPS = frozenset({_E.EXTEND, _E.SET_DELAY})
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
FEE_METHODS = (("per_application", "按件计收"), ("per_page", "按量计收"))


@dataclass(frozen=True, slots=True)
class Field:
    """One detail a step's form asks for (stored in the event's details)."""

    name: str
    label: str
    type: str = "text"  # text, textarea, date, number, checkbox, select
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()


_REASON = Field("reason", "理由或说明", "textarea")
STEP_FIELDS: Mapping[EventKind, tuple[Field, ...]] = {
    _E.ANSWER_ON_SPOT: (_REASON,),
    _E.REQUEST_CORRECTION: (
        Field("items", "需要补正的事项（一次性告知）", "textarea", required=True),
        Field("correction_until", "补正期限", "date"),
    ),
    _E.EXTEND: (
        Field("approved_by", "批准延期的负责人", required=True),
        Field("reason", "延期理由", "textarea"),
    ),
    _E.CONSULT_THIRD_PARTY: (Field("party", "第三方名称"),),
    _E.CONSULT_AGENCY: (Field("party", "被征求意见的机关"),),
    _E.END_CONSULTATION: (Field("opinion", "对方意见", "textarea"),),
    _E.REQUEST_REASONS: (Field("reason", "要求说明理由的事项", "textarea"),),
    _E.SET_DELAY: (
        Field("due_on", "延迟答复期限", "date", required=True),
        Field("reason", "理由", "textarea"),
    ),
    _E.ISSUE_FEE_NOTICE: (
        Field("method", "计费方式", "select", required=True, choices=FEE_METHODS),
        Field("pages", "页数（按量计收时填写）", "number"),
        Field("units", "件数", "number"),
        Field("notice_received_on", "申请人收到收费通知的日期", "date"),
        Field("payment", "缴费方式"),
    ),
    _E.DECIDE: (
        _REASON,
        Field("already_public", "属于已主动公开的信息", "checkbox"),
        Field("where", "获取途径（已主动公开的）"),
        Field("competent_agency", "负责公开的机关（不属于本机关负责公开的）"),
    ),
    _E.SERVE: (Field("method", "送达方式"),),
    _E.WITHDRAW: (Field("reason", "撤回说明", "textarea"),),
}
_INT_FIELDS = frozenset({"pages", "units"})
# The names of what the timeline stores with a step, including what the service adds.
DETAIL_NAMES: Mapping[str, str] = {
    **{f.name: f.label for fields in STEP_FIELDS.values() for f in fields},
    "method": "方式",
    "notice_due": "补正告知期限",
    "original_due": "原答复期限",
    "amount": "金额（元）",
    "explanation": "计费说明",
    "late": "超过答复期限",
}


# ---------------------------------------------------------------- the register


@router.get("/applications")
async def index(request: Request, viewer: Signed, db: Db, now: Now) -> Response:
    """The register reads through its indexes in milliseconds and is served on the event loop
    (no thread hop); a free-text search scans, so it goes to a worker thread and the worker's
    other requests keep flowing meanwhile."""
    if (request.query_params.get("q") or "").strip():
        return await run_in_threadpool(_list_page, request, viewer, db, now)
    return _list_page(request, viewer, db, now)


def _list_page(request: Request, viewer: Viewer, db: Session, now: datetime) -> Response:
    day = today(now)
    error: GongkaiError | None = None
    page: worklist.ListPage | None = None
    filters = worklist.Filters()
    try:
        filters = worklist.parse_filters(request.query_params)
        page = worklist.search(db, viewer.user.id, filters, day)
    except (PermissionDenied, NotFound):
        raise
    except GongkaiError as e:
        error = e
    context = {
        "title": "依申请公开",
        "filters": filters,
        "params": request.query_params,
        "page": page,
        "error": error,
        "today": day,
        "agencies": worklist.listable_agencies(db, viewer.user),
        "state_choices": worklist.STATE_CHOICES,
        "channel_choices": worklist.CHANNEL_CHOICES,
        "applicant_choices": worklist.APPLICANT_CHOICES,
        "state_names": STATE_NAMES,
        "channel_names": CHANNEL_NAMES,
        "type_names": APPLICANT_TYPE_NAMES,
        "next_url": _next_url(filters, page),
        "first_url": "/applications?" + urlencode(filters.query_items()),
        "can_register": bool(worklist.handling_agencies(db, viewer.user)),
    }
    partial = request.headers.get("hx-request") and request.headers.get("hx-target") == "results"
    template = "applications/_results.html" if partial else "applications/list.html"
    return render(request, template, context, 400 if error else 200)


def _next_url(filters: worklist.Filters, page: worklist.ListPage | None) -> str | None:
    if page is None or page.next_after is None:
        return None
    items = [*filters.query_items(), ("after", worklist.cursor_text(page.next_after))]
    return "/applications?" + urlencode(items)


# ---------------------------------------------------------------- registering


@router.get("/applications/new")
def new_form(request: Request, viewer: Signed, db: Db, now: Now) -> Response:
    agencies = _handling(db, viewer)
    values = {
        "arrived_at": f"{now.astimezone(CHINA_TZ):%Y-%m-%dT%H:%M}",
        "channel": Channel.IN_PERSON.value,
        "applicant_type": "natural_person",
        "agency": str(viewer.user.agency_id),
    }
    return _register_page(request, agencies, values, None)


@router.post("/applications/new")
async def register(request: Request, viewer: Signed, db: Db, now: Now) -> Response:
    # The form's fields depend on the channel and the steps, so it is read whole; the database
    # work then runs in a worker thread like any plain route's, never on the event loop.
    values = await _form_values(request)
    return await run_in_threadpool(_register, request, viewer, db, now, values)


def _register(
    request: Request, viewer: Viewer, db: Session, now: datetime, values: dict[str, str]
) -> Response:
    agencies = _handling(db, viewer)
    try:
        agency_id = _agency_choice(values.get("agency"), viewer, agencies)
        new = new_application(values)
        with write(request) as session:
            app = applications.register(session, viewer.user.id, agency_id, new, now=now)
            app_id = app.id
    except (PermissionDenied, NotFound, Conflict):
        raise
    except GongkaiError as e:
        return _register_page(request, agencies, values, e, 400)
    return RedirectResponse(f"/applications/{app_id}?registered=1", status_code=303)


def new_application(values: Mapping[str, str]) -> NewApplication:
    """The service's input from the form's text fields (dates as the browser sends them)."""

    def text(name: str) -> str | None:
        value = (values.get(name) or "").strip()
        return value or None

    return NewApplication(
        applicant=Applicant(
            type=text("applicant_type") or "",
            name=text("applicant_name") or "",
            id_kind=text("id_kind"),
            id_number=text("id_number"),
            contact=text("contact"),
        ),
        channel=text("channel") or "",
        arrived_at=_moment(text("arrived_at")),
        content=text("content") or "",
        form=text("form"),
        delivery=text("delivery"),
        confirmed_on=_optional_day(text("confirmed_on"), "双方确认日期"),
        number=text("number"),
    )


def _moment(value: str | None) -> datetime:
    if value is None:
        raise GongkaiError("请填写申请到达时间。", "到达时间为北京时间，精确到分钟。")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise GongkaiError(
            f"申请到达时间“{value}”不是有效的日期时间。", "格式为 年-月-日 时:分。"
        ) from None
    return moment.replace(tzinfo=CHINA_TZ) if moment.tzinfo is None else moment


def _optional_day(value: str | None, what: str) -> date | None:
    return None if value is None else worklist.parse_day(value, what, date.min)


def _handling(db: Session, viewer: Viewer) -> dict[int, str]:
    return worklist.handling_agencies(db, viewer.user)


def _agency_choice(value: str | None, viewer: Viewer, agencies: Mapping[int, str]) -> int:
    """The agency a new application is registered for; the service checks the right to do so."""
    chosen = parse_id(value)
    if chosen is not None:
        return chosen
    if len(agencies) == 1:
        return next(iter(agencies))
    return viewer.user.agency_id


def _register_page(
    request: Request,
    agencies: Mapping[int, str],
    values: Mapping[str, str],
    error: GongkaiError | None,
    status: int = 200,
) -> Response:
    context = {
        "title": "登记申请",
        "agencies": agencies,
        "values": values,
        "error": error,
        "channel_choices": worklist.CHANNEL_CHOICES,
        "applicant_choices": worklist.APPLICANT_CHOICES,
    }
    return render(request, "applications/new.html", context, status)


# ---------------------------------------------------------------- one application


@router.get("/applications/{application_id}")
def detail(request: Request, application_id: Id, viewer: Signed, db: Db, now: Now) -> Response:
    app = applications.load(db, viewer.user.id, application_id)
    registered = request.query_params.get("registered") == "1"
    recorded = request.query_params.get("recorded")
    context = detail_context(db, viewer, app, now)
    context["registered"] = registered
    context["recorded"] = EVENT_NAMES.get(EventKind(recorded)) if recorded in set(_E) else None
    return render(request, "applications/detail.html", context)


@router.post("/applications/{application_id}/steps")
async def step(request: Request, application_id: Id, viewer: Signed, db: Db, now: Now) -> Response:
    values = await _form_values(request)
    return await run_in_threadpool(_step, request, application_id, viewer, db, now, values)


async def _form_values(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}


def _step(
    request: Request,
    application_id: int,
    viewer: Viewer,
    db: Session,
    now: datetime,
    values: dict[str, str],
) -> Response:
    app = applications.load(db, viewer.user.id, application_id)
    kind_text = values.get("kind", "")
    try:
        kind = worklist.parse_kind(kind_text)
        entry = step_entry(kind, values, today(now))
        with write(request) as session:
            applications.record_step(
                session,
                viewer.user.id,
                application_id,
                entry,
                now=now,
                expected_version=_int(values.get("expected_version"), "版本号"),
            )
    except (PermissionDenied, NotFound):
        raise
    except GongkaiError as e:
        status = 409 if isinstance(e, Conflict) else 400
        db.expire_all()
        app = applications.load(db, viewer.user.id, application_id)
        context = detail_context(db, viewer, app, now)
        context.update(error=e, form_kind=kind_text, form_values=values)
        return render(request, "applications/detail.html", context, status)
    return RedirectResponse(
        f"/applications/{application_id}?recorded={kind.value}#timeline", status_code=303
    )


def step_entry(kind: EventKind, values: Mapping[str, str], today: date) -> Entry:
    """An `Entry` from a step form: the date, the result row, the days, and the details."""
    what = EVENT_NAMES[kind]
    details: dict[str, Any] = {}
    for field in STEP_FIELDS.get(kind, ()):
        raw = (values.get(field.name) or "").strip()
        if field.type == "checkbox":
            if raw:
                details[field.name] = True
        elif raw:
            details[field.name] = _int(raw, field.label) if field.name in _INT_FIELDS else raw
    outcome = (values.get("outcome") or "").strip() or None
    days = (values.get("working_days") or "").strip()
    return Entry(
        kind=kind,
        on=worklist.parse_day(values.get("on"), f"“{what}”的日期", today),
        outcome=outcome if kind in (_E.DECIDE, _E.ANSWER_ON_SPOT) else None,
        working_days=_int(days, "延期天数") if kind is _E.EXTEND and days else None,
        details=details,
    )


def detail_context(db: Session, viewer: Viewer, app: Application, now: datetime) -> dict[str, Any]:
    """What the detail page shows: facts, timeline, clock, letters, and the steps allowed next."""
    user = viewer.user
    handles = viewer.can(db, Action.HANDLE, app.agency_id)
    approves = viewer.can(db, Action.APPROVE, app.agency_id)
    allowed = [
        k
        for k in applications.allowed_next(app)
        if handles and (approves or k not in APPROVAL_STEPS)
    ]
    actor_ids = {e.actor_id for e in app.events if e.actor_id is not None}
    rows = db.execute(select(User.id, User.name).where(User.id.in_(actor_ids)))
    actors = {row.id: row.name for row in rows}
    return {
        "title": f"申请 {app.number}",
        "app": app,
        "events": list(app.events),
        "actors": actors,
        "clock": applications.clock_of(db, app),
        "allowed": allowed,
        "hidden_for_approval": [k for k in applications.allowed_next(app) if k not in allowed]
        if handles
        else [],
        "step_fields": STEP_FIELDS,
        "outcomes": worklist.outcome_choices(State(app.state)),
        "letters": letters.letters_for(db, user.id, app.id) if handles else (),
        "event_names": EVENT_NAMES,
        "detail_names": DETAIL_NAMES,
        "outcome_label": worklist.outcome_label,
        "state_names": STATE_NAMES,
        "channel_names": CHANNEL_NAMES,
        "type_names": APPLICANT_TYPE_NAMES,
        "today": today(now),
        "handles": handles,
        "error": None,
        "form_kind": None,
        "form_values": {},
    }


# ---------------------------------------------------------------- letters


@router.get("/applications/{application_id}/letters/{seq}")
def letter_file(
    request: Request, application_id: Id, seq: Seq, viewer: Signed, db: Db, now: Now
) -> Response:
    fmt = (request.query_params.get("format") or "docx").lower()
    if fmt not in MEDIA:
        raise GongkaiError(f"不支持的文书格式“{fmt}”。", "可选格式：docx、pdf、html。")
    app = applications.load(db, viewer.user.id, application_id)
    doc = letters.letter(db, viewer.user.id, application_id, event_seq=seq, now=now)
    body = render_document(doc, fmt)
    name = f"{app.number}-{doc.title}.{fmt}"
    return attachment(body, MEDIA[fmt], name)


# ---------------------------------------------------------------- helpers


def _int(value: str | None, what: str) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise GongkaiError(f"{what}“{text}”不是整数。", "请填写阿拉伯数字。") from None
