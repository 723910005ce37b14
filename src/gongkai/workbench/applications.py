"""依申请公开 as a service: register an application, record each step of its procedure.

Each function works in the caller's transaction (see `store.transaction`) and checks everything
before it writes: permissions, the version the user saw, dates, the state machine, the details a
step needs. A refused step raises a GongkaiError in Chinese and, with the transaction rolled back,
leaves nothing behind. The application row keeps what its timeline adds up to (state, result row,
conclusion date, due date) so that the annual statistics never replay histories.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.workbench import access, fees, lifecycle
from gongkai.workbench.access import Action
from gongkai.workbench.calendar import WorkCalendar, format_date
from gongkai.workbench.clock import Clock, ClockSettings, Step, reply_clock
from gongkai.workbench.intake import CHINA_TZ, Channel, IntakeError, applicant_type, channel
from gongkai.workbench.intake import legal_receipt_date as receipt_date
from gongkai.workbench.lifecycle import EventKind, State
from gongkai.workbench.orm import (
    Agency,
    Application,
    ApplicationEvent,
    AuditAction,
    User,
    record,
    snapshot,
)
from gongkai.workbench.store import check_version, get, work_calendar

_E = EventKind
_TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
_NEEDS_APPROVAL = frozenset({_E.EXTEND, _E.SET_DELAY})
_CONCLUDING = frozenset(
    {_E.ANSWER_ON_SPOT, _E.DECIDE, _E.CORRECTION_EXPIRED, _E.FEE_EXPIRED, _E.WITHDRAW}
)


class StepError(GongkaiError):
    """A step whose date or details do not fit the application."""


@dataclass(frozen=True, slots=True)
class Applicant:
    type: str  # a table-三 applicant column key or its Chinese name
    name: str
    id_kind: str | None = None  # 身份证 / 统一社会信用代码 / …
    id_number: str | None = None
    contact: str | None = None


@dataclass(frozen=True, slots=True)
class NewApplication:
    applicant: Applicant
    channel: Channel | str
    arrived_at: datetime
    content: str
    form: str | None = None
    delivery: str | None = None
    confirmed_on: date | None = None  # online / fax / e-mail: the day both sides confirmed
    number: str | None = None  # 登记编号; generated when not given


@dataclass(frozen=True, slots=True)
class Entry:
    """One step the user records: what happened, on which (legal) date, with its details."""

    kind: EventKind
    on: date
    outcome: str | None = None  # decide / answer_on_spot: a table-三 result row key
    working_days: int | None = None  # extend
    details: Mapping[str, Any] = field(default_factory=dict)


def register(
    session: Session,
    actor_id: int,
    agency_id: int,
    new: NewApplication,
    *,
    now: datetime,
) -> Application:
    """Register an application received by `agency_id`; its legal receipt date per 第三十一条."""
    user = access.actor(session, actor_id)
    get(session, Agency, agency_id, "机关")
    access.require(session, user, Action.HANDLE, agency_id)
    return _register(session, user, agency_id, new, now=now)


def register_online(
    session: Session, agency_id: int, new: NewApplication, *, now: datetime
) -> Application:
    """Register an application a visitor submitted on the public site: no signed-in actor, so the
    timeline and the audit log name the system; the channel is always 网上申请."""
    get(session, Agency, agency_id, "机关")
    online = NewApplication(
        applicant=new.applicant,
        channel=Channel.ONLINE,
        arrived_at=new.arrived_at,
        content=new.content,
        form=new.form,
        delivery=new.delivery,
    )
    return _register(session, None, agency_id, online, now=now)


def _register(
    session: Session, user: User | None, agency_id: int, new: NewApplication, *, now: datetime
) -> Application:
    applicant = new.applicant
    kind = applicant_type(applicant.type)
    via = new.channel if isinstance(new.channel, Channel) else channel(new.channel)
    name = _required(applicant.name, "申请人姓名或名称")
    content = _required(
        new.content, "申请内容（所需政府信息的名称、文号或者便于查询的其他特征性描述）"
    )
    arrived_at = _aware(new.arrived_at)
    if arrived_at > _aware(now):
        raise IntakeError(
            f"申请到达时间 {arrived_at:%Y-%m-%d %H:%M} 晚于当前时间。", "请核对到达时间。"
        )
    calendar = work_calendar(session)
    receipt = receipt_date(via, arrived_at, calendar, new.confirmed_on)
    number = new.number or _next_number(session, agency_id, receipt.received_on.year)
    if session.scalar(
        select(Application.id).where(
            Application.agency_id == agency_id, Application.number == number
        )
    ):
        raise IntakeError(f"登记编号“{number}”已被本机关的另一件申请使用。", "请换一个登记编号。")
    clock = reply_clock(receipt.received_on, (), calendar)
    app = Application(
        agency_id=agency_id,
        number=number,
        tracking_code=_tracking_code(session),
        applicant_type=kind,
        applicant_name=name,
        applicant_id_kind=_clean(applicant.id_kind),
        applicant_id_number=_clean(applicant.id_number),
        applicant_contact=_clean(applicant.contact),
        applicant_key=_applicant_key(applicant),
        channel=via,
        arrived_at=arrived_at,
        received_on=receipt.received_on,
        receipt_note=receipt.explanation,
        content=content,
        form=_clean(new.form),
        delivery=_clean(new.delivery),
        state=State.RECEIVED,
        due_on=clock.due,
        due_provisional=clock.provisional,
    )
    session.add(app)
    session.flush()
    session.add(
        ApplicationEvent(
            application_id=app.id,
            seq=1,
            kind=_E.REGISTER,
            on=receipt.received_on,
            recorded_at=_aware(now),
            actor_id=user.id if user is not None else None,
            details={"channel": via.value, "receipt": receipt.explanation},
        )
    )
    record(
        session, user, "application", app.id, AuditAction.CREATE, None, snapshot(app), _aware(now)
    )
    session.flush()
    return app


def record_step(
    session: Session,
    actor_id: int,
    application_id: int,
    entry: Entry,
    *,
    now: datetime,
    expected_version: int | None = None,
    settings: ClockSettings | None = None,
) -> Application:
    """Record one step of the procedure; refuse it whole if it does not fit."""
    user = access.actor(session, actor_id)
    app = _visible(session, user, application_id)
    access.require(session, user, Action.HANDLE, app.agency_id)
    if entry.kind in _NEEDS_APPROVAL:
        access.require(session, user, Action.APPROVE, app.agency_id)
    check_version(app, expected_version, f"申请 {app.number} ")
    if entry.kind is _E.REGISTER:
        raise StepError("申请已经登记，不能再次登记。", "如需登记新的申请，请新建一件申请。")
    events = list(app.events)
    _check_date(app, events, entry, _aware(now).astimezone(CHINA_TZ).date())
    case = lifecycle.replay(_as_event(e.kind, e.outcome, e.working_days, e.on) for e in events)
    case = case.apply(_as_event(entry.kind, entry.outcome, entry.working_days, entry.on))
    calendar = work_calendar(session)
    before = snapshot(app)
    clock_before = _clock(app, events, calendar, settings)
    details = _details(session, app, events, entry, clock_before)
    event = ApplicationEvent(
        application_id=app.id,
        seq=len(events) + 1,
        kind=entry.kind,
        on=entry.on,
        recorded_at=_aware(now),
        actor_id=user.id,
        outcome=entry.outcome,
        working_days=entry.working_days,
        details=details,
    )
    session.add(event)
    app.events.append(event)
    clock = _clock(app, app.events, calendar, settings)
    app.state = State(case.state) if case.state is not None else State.RECEIVED
    app.report_row = case.report_row
    if entry.kind in _CONCLUDING:
        app.concluded_on = entry.on
    if entry.kind is _E.SERVE:
        app.served_on = entry.on
    if entry.kind is _E.ISSUE_FEE_NOTICE:
        app.fee_amount = int(details["amount"])
    app.due_on = clock.due
    app.due_provisional = clock.provisional
    session.flush()
    record(
        session, user, "application", app.id, AuditAction.UPDATE, before, snapshot(app), _aware(now)
    )
    return app


def clock_of(session: Session, app: Application, settings: ClockSettings | None = None) -> Clock:
    """The application's deadlines with their explanations, as of its timeline."""
    return _clock(app, app.events, work_calendar(session), settings)


def allowed_next(app: Application) -> tuple[EventKind, ...]:
    """The steps the state machine allows next (what a page offers as buttons)."""
    return lifecycle.allowed_events(app.state)


def load(session: Session, actor_id: int, application_id: int) -> Application:
    """One application, if the user may see it."""
    return _visible(session, access.actor(session, actor_id), application_id)


def by_tracking_code(session: Session, code: str) -> Application | None:
    """The application an applicant's 查询码 names (no login: the code is the credential)."""
    cleaned = code.strip().upper()
    if not cleaned or len(cleaned) > 16:
        return None
    return session.scalar(
        select(Application).where(
            Application.tracking_code == cleaned, Application.archived_at.is_(None)
        )
    )


def recompute_due_dates(session: Session, calendar: WorkCalendar) -> int:
    """After new holiday data: recompute every open application's provisional due date."""
    open_states = [s for s in State if s not in lifecycle.TERMINAL]
    changed = 0
    for app in session.scalars(
        select(Application).where(
            Application.due_provisional.is_(True), Application.state.in_(open_states)
        )
    ):
        clock = _clock(app, app.events, calendar, None)
        if (clock.due, clock.provisional) != (app.due_on, app.due_provisional):
            app.due_on, app.due_provisional = clock.due, clock.provisional
            changed += 1
    session.flush()
    return changed


# ---------------------------------------------------------------- checks


def _visible(session: Session, user: Any, application_id: int) -> Application:
    app = session.get(Application, application_id)
    if (
        app is None
        or app.archived_at is not None
        or not access.can(session, user, Action.VIEW, app.agency_id)
    ):
        # The same answer whether it does not exist or belongs to another agency.
        raise access.NotFound(
            f"申请（编号 {application_id}）不存在或您无权查看。", "请从申请列表中重新选择。"
        )
    return app


def _check_date(
    app: Application, events: list[ApplicationEvent], entry: Entry, today: date
) -> None:
    what = lifecycle.EVENT_NAMES[entry.kind]
    if not isinstance(entry.on, date) or isinstance(entry.on, datetime):
        raise StepError(f"“{what}”的日期无效：{entry.on!r}。", "日期格式为 年-月-日。")
    if entry.on > today:
        raise StepError(
            f"“{what}”的日期 {format_date(entry.on)} 晚于今天（{format_date(today)}）。",
            "只能登记已经发生的办理步骤。",
        )
    if entry.on < app.received_on:
        raise StepError(
            f"“{what}”的日期 {format_date(entry.on)} 早于收到申请之日 {format_date(app.received_on)}。",
            "办理步骤不能早于收到申请，请核对日期。",
        )
    last = events[-1] if events else None
    if last is not None and entry.on < last.on:
        raise StepError(
            f"“{what}”的日期 {format_date(entry.on)} 早于上一步“{lifecycle.EVENT_NAMES[last.kind]}”"
            f"（{format_date(last.on)}）。",
            "办理记录按时间顺序追加，请核对日期。",
        )


def _details(
    session: Session,
    app: Application,
    events: list[ApplicationEvent],
    entry: Entry,
    clock: Clock,
) -> dict[str, Any]:
    """The details stored with the step, checked and completed (fee amounts, due dates)."""
    details = {k: _json(v) for k, v in entry.details.items()}
    kind = entry.kind
    if kind is _E.REQUEST_CORRECTION:
        details["items"] = _required(details.get("items"), "需要补正的事项")
        until = _opt_date(details.get("correction_until"), "补正期限")
        if until is not None and until <= entry.on:
            raise StepError("补正期限应晚于发出补正告知的日期。", "请给申请人合理的补正期限。")
        if clock.correction_notice is not None:
            details["notice_due"] = clock.correction_notice.due.isoformat()
    elif kind is _E.CORRECTION_EXPIRED:
        until = _opt_date(
            _last_detail(events, _E.REQUEST_CORRECTION, "correction_until"), "补正期限"
        )
        if until is not None and entry.on <= until:
            raise StepError(
                f"补正期限（至{format_date(until)}）尚未届满，不能按逾期未补正处理。",
                "请在补正期限届满后再登记。",
            )
    elif kind is _E.EXTEND:
        details["approved_by"] = _required(details.get("approved_by"), "批准延期的负责人")
        if clock.due is not None:
            details["original_due"] = clock.due.isoformat()
            if entry.on > clock.due:
                raise StepError(
                    f"答复期限已于{format_date(clock.due)}届满，不能再延期。",
                    "延期须在答复期限届满前经负责人同意并告知申请人（第三十三条）。",
                )
    elif kind is _E.SET_DELAY:
        due = _opt_date(details.get("due_on"), "延迟答复的期限")
        if due is None or due <= entry.on:
            raise StepError(
                "请填写晚于今天的延迟答复期限。", "第三十五条：确定合理的延迟答复期限并告知申请人。"
            )
    elif kind is _E.ISSUE_FEE_NOTICE:
        details.update(_fee(session, app, details))
    elif kind is _E.FEE_EXPIRED:
        if clock.fee_payment is not None and entry.on <= clock.fee_payment.due:
            raise StepError(
                f"缴费期限（至{format_date(clock.fee_payment.due)}）尚未届满。",
                "申请人自收到收费通知次日起20个工作日内缴费，期满后再登记逾期未缴费。",
            )
    elif kind is _E.DECIDE:
        if entry.outcome == "unavailable_unclear" and not any(
            e.kind is _E.RECEIVE_CORRECTION for e in events
        ):
            raise StepError(
                "只有补正后申请内容仍不明确的，才能答复“补正后申请内容仍不明确”。",
                "申请内容不明确的，应先一次性告知申请人补正（第三十条）。",
            )
        if clock.due is not None and entry.on > clock.due:
            details["late"] = True
    return details


def _fee(session: Session, app: Application, details: dict[str, Any]) -> dict[str, Any]:
    pages = details.get("pages")
    method = details.get("method") or ("per_page" if pages is not None else "per_application")
    earlier = None
    if method == "per_application":
        earlier = _earlier_in_month(session, app)
    elif method != "per_page":
        raise StepError(
            f"未知的计费方式“{method}”。", "计费方式为按件（per_application）或按量（per_page）。"
        )
    fee = fees.application_fee(
        pages=pages if method == "per_page" else None,
        earlier_in_month=earlier,
        units=int(details.get("units", 1)),
        already_public=bool(details.get("already_public", False)),
    )
    if fee.amount == 0:
        raise StepError(
            f"按所选方式本申请无需收费（{fee.explanation}）。", "不收费的申请不需要发出收费通知。"
        )
    return {"method": method, "amount": fee.amount, "explanation": fee.explanation}


def _earlier_in_month(session: Session, app: Application) -> int:
    """按件: how many applications this applicant made to this agency earlier this natural month."""
    first = app.received_on.replace(day=1)
    return int(
        session.scalar(
            select(func.count()).where(
                Application.agency_id == app.agency_id,
                Application.applicant_key == app.applicant_key,
                Application.received_on >= first,
                Application.archived_at.is_(None),
                (Application.received_on < app.received_on)
                | ((Application.received_on == app.received_on) & (Application.id < app.id)),
            )
        )
        or 0
    )


# ---------------------------------------------------------------- small helpers


def _clock(
    app: Application,
    events: list[ApplicationEvent],
    calendar: WorkCalendar,
    settings: ClockSettings | None,
) -> Clock:
    steps = [
        Step(e.kind, e.on, e.working_days, e.details) for e in events if e.kind is not _E.REGISTER
    ]
    return reply_clock(app.received_on, steps, calendar, settings)


def _as_event(kind: EventKind, outcome: str | None, days: int | None, on: date) -> lifecycle.Event:
    return lifecycle.Event(kind, outcome=outcome, working_days=days, on=on)


def _last_detail(events: list[ApplicationEvent], kind: EventKind, key: str) -> Any:
    for e in reversed(events):
        if e.kind is kind:
            return e.details.get(key)
    return None


def _next_number(session: Session, agency_id: int, year: int) -> str:
    prefix = f"{year}-"
    count = session.scalar(
        select(func.count()).where(
            Application.agency_id == agency_id, Application.number.startswith(prefix)
        )
    )
    return f"{prefix}{int(count or 0) + 1:05d}"


def _tracking_code(session: Session) -> str:
    while True:
        code = "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(12))
        if session.scalar(select(Application.id).where(Application.tracking_code == code)) is None:
            return code


def _applicant_key(applicant: Applicant) -> str:
    """One applicant across applications: the document number when given, else the name."""
    number = _clean(applicant.id_number)
    if number:
        return "id:" + number.upper()[:90]
    return "name:" + applicant.name.strip()[:90]


def _required(value: object, what: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise IntakeError(f"缺少{what}。", f"请填写{what}；内容不明确的，可以要求申请人补正。")
    return text


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _aware(moment: datetime) -> datetime:
    """Naive datetimes are Beijing time: the clock of the office that records them."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA_TZ)


def _opt_date(value: object, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise StepError(f"{what}“{value}”不是有效日期。", "日期格式为 年-月-日。") from None


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value
