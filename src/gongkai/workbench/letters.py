"""Letters for the steps of an application, and the templates administrators edit.

A letter belongs to one event of the timeline (受理回执 to the registration, 补正告知书 to the
correction request, 答复书 to the decision…); its dates come from the same reply clock the
workbench shows, its legal basis from `replies`, its wording from a template: the agency's own,
else the system-wide one, else the packaged default. A letter the timeline does not support
(a 补正告知书 without a correction request, an 答复书 before the decision) is refused in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.renderers.document import Document, Paragraph, clean
from gongkai.workbench import access, applications, replies
from gongkai.workbench.access import Action
from gongkai.workbench.calendar import WorkCalendar, format_date
from gongkai.workbench.clock import Step, reply_clock
from gongkai.workbench.deadlines import consultation_due, fee_payment_due
from gongkai.workbench.fees import FeeMethod
from gongkai.workbench.intake import CHANNEL_NAMES, CHINA_TZ, Channel
from gongkai.workbench.letter_templates import (
    EVENT_LETTERS,
    LetterKind,
    TemplateProblem,
    check,
    date_text,
    default_template,
    doc_number,
    inline,
    iso_date,
    items_of,
    letter_kind,
    render,
)
from gongkai.workbench.lifecycle import EVENT_NAMES, EventKind
from gongkai.workbench.orm import (
    Agency,
    Application,
    ApplicationEvent,
    AuditAction,
    LetterTemplate,
    User,
    record,
    snapshot,
)
from gongkai.workbench.replies import Variant
from gongkai.workbench.store import check_version, get, work_calendar

_E = EventKind
BLANK_ADDRESSEE = "＿＿＿＿＿＿＿＿"  # a third party not named in the record: filled in by hand
DEFAULT_PAYMENT = "政府非税收入收缴渠道"
# What the timeline must contain for each letter, as the refusal names it.
_NEEDS: Mapping[LetterKind, str] = {
    LetterKind.ACCEPTANCE: "登记申请",
    LetterKind.CORRECTION: "要求补正",
    LetterKind.EXTENSION: "延期答复",
    LetterKind.CONSULTATION: "征求第三方意见",
    LetterKind.FEE: "发出收费通知",
    LetterKind.REPLY: "作出答复决定（或当场答复）",
    LetterKind.CLOSING: "补正期限届满未补正、缴费期限届满未缴费或申请人撤回申请",
}
_CLOSING_ROWS: Mapping[EventKind, tuple[str, Variant | None]] = {
    _E.CORRECTION_EXPIRED: ("other_no_correction", None),
    _E.FEE_EXPIRED: ("other_fee_unpaid", None),
    _E.WITHDRAW: ("other_other", Variant.WITHDRAWN),
}


class LetterError(GongkaiError):
    """A letter the application's timeline does not support, or a template that cannot be reset."""


@dataclass(frozen=True, slots=True)
class TemplateSource:
    kind: LetterKind
    body: str
    origin: Literal["agency", "system", "default"]
    version: int | None = None

    @property
    def origin_label(self) -> str:
        return {"agency": "本机关自定义模板", "system": "全系统模板", "default": "默认模板"}[
            self.origin
        ]


@dataclass(frozen=True, slots=True)
class Available:
    """A letter the timeline allows: its kind and the event it is written for."""

    kind: LetterKind
    event_seq: int
    on: date
    event: str  # the event's Chinese name


# ---------------------------------------------------------------- templates


def template_for(session: Session, agency_id: int | None, kind: LetterKind | str) -> TemplateSource:
    """The template in force: the agency's override, else the system-wide one, else the default
    (`agency_id` None: the system-wide level only)."""
    kind = _kind(kind)
    levels = (
        ((agency_id, "agency"), (None, "system")) if agency_id is not None else ((None, "system"),)
    )
    for owner, origin in levels:
        row = _row(session, owner, kind)
        if row is not None and row.archived_at is None:
            return TemplateSource(kind, row.body, origin, row.version)  # type: ignore[arg-type]
    return TemplateSource(kind, default_template(kind), "default")


def set_template(
    session: Session,
    actor_id: int,
    kind: LetterKind | str,
    body: str,
    *,
    agency_id: int | None = None,
    now: datetime,
    expected_version: int | None = None,
) -> LetterTemplate:
    """Save an override after compiling and test-rendering it; a bad template writes nothing."""
    user = access.actor(session, actor_id)
    kind, now = _kind(kind), _aware(now)
    _require_manage(session, user, agency_id)
    if not isinstance(body, str):
        raise TemplateProblem(f"{kind.label}模板必须是文本。", "请提供 UTF-8 文本。")
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    check(kind, body)
    row = _row(session, agency_id, kind)
    if row is None:
        row = LetterTemplate(agency_id=agency_id, kind=kind, body=body, updated_by=user.id)
        session.add(row)
        session.flush()
        record(
            session, user, "letter_template", row.id, AuditAction.CREATE, None, snapshot(row), now
        )
        return row
    check_version(row, expected_version, f"{kind.label}模板")
    before = snapshot(row)
    action = AuditAction.RESTORE if row.archived_at is not None else AuditAction.UPDATE
    row.body, row.archived_at, row.updated_by = body, None, user.id
    session.flush()
    record(session, user, "letter_template", row.id, action, before, snapshot(row), now)
    return row


def reset_template(
    session: Session,
    actor_id: int,
    kind: LetterKind | str,
    *,
    agency_id: int | None = None,
    now: datetime,
    expected_version: int | None = None,
) -> LetterTemplate:
    """Archive the override so the next level (system-wide, then default) applies again."""
    user = access.actor(session, actor_id)
    kind, now = _kind(kind), _aware(now)
    _require_manage(session, user, agency_id)
    row = _row(session, agency_id, kind)
    if row is None or row.archived_at is not None:
        where = "本机关" if agency_id is not None else "全系统"
        raise LetterError(
            f"{where}的{kind.label}模板没有自定义内容，无需恢复。", "当前已在使用上一级或默认模板。"
        )
    check_version(row, expected_version, f"{kind.label}模板")
    before = snapshot(row)
    row.archived_at = now
    row.updated_by = user.id
    session.flush()
    record(
        session, user, "letter_template", row.id, AuditAction.ARCHIVE, before, snapshot(row), now
    )
    return row


def _row(session: Session, agency_id: int | None, kind: LetterKind) -> LetterTemplate | None:
    owner = (
        LetterTemplate.agency_id.is_(None)
        if agency_id is None
        else LetterTemplate.agency_id == agency_id
    )
    return session.scalar(select(LetterTemplate).where(owner, LetterTemplate.kind == kind))


def _require_manage(session: Session, user: User, agency_id: int | None) -> None:
    if agency_id is None:
        access.require(session, user, Action.ADMINISTER, user.agency_id)
    else:
        get(session, Agency, agency_id, "机关")
        access.require(session, user, Action.MANAGE, agency_id)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA_TZ)


def _kind(kind: LetterKind | str) -> LetterKind:
    return kind if isinstance(kind, LetterKind) else letter_kind(str(kind))


# ---------------------------------------------------------------- letters


def letters_for(session: Session, actor_id: int, application_id: int) -> tuple[Available, ...]:
    """The letters the application's timeline allows, in timeline order."""
    app = applications.load(session, actor_id, application_id)
    return _available(app.events)


def letter(
    session: Session,
    actor_id: int,
    application_id: int,
    kind: LetterKind | str | None = None,
    event_seq: int | None = None,
    *,
    now: datetime,
) -> Document:
    """The letter for one event of the application (by default the latest event of `kind`, or
    the latest event that has a letter), in the agency's name and on the event's date."""
    user = access.actor(session, actor_id)
    app = applications.load(session, actor_id, application_id)
    access.require(session, user, Action.HANDLE, app.agency_id)
    wanted = None if kind is None else _kind(kind)
    event = _pick(app, wanted, event_seq)
    chosen = EVENT_LETTERS[event.kind]
    context = _context(app, event, chosen, work_calendar(session))
    source = template_for(session, app.agency_id, chosen)
    text = render(chosen, source.body, context)
    agency = clean(app.agency.name)
    return Document(
        title=clean(text.title),
        blocks=(
            Paragraph(clean(text.addressee), "addressee"),
            *(Paragraph(clean(p)) for p in text.paragraphs),
            Paragraph(agency, "signature"),
            Paragraph(format_date(event.on), "signature"),
        ),
        kind="letter",
        subtitle=context["doc_number"],
        page_numbers=False,
        meta={"author": agency, "subject": clean(text.title), "created": now.isoformat()},
    )


def _available(events: Sequence[ApplicationEvent]) -> tuple[Available, ...]:
    return tuple(
        Available(EVENT_LETTERS[e.kind], e.seq, e.on, EVENT_NAMES[e.kind])
        for e in events
        if e.kind in EVENT_LETTERS
    )


def _pick(app: Application, kind: LetterKind | None, seq: int | None) -> ApplicationEvent:
    events = list(app.events)
    offer = "该申请目前可以出具：" + (
        "、".join(f"{a.kind.label}（第{a.event_seq}条记录）" for a in _available(events)) + "。"
    )
    if seq is not None:
        event = next((e for e in events if e.seq == seq), None)
        if event is None:
            raise LetterError(f"申请 {app.number} 没有第{seq}条办理记录。", offer)
        fits = EVENT_LETTERS.get(event.kind)
        name = EVENT_NAMES[event.kind]
        if fits is None:
            raise LetterError(f"第{seq}条办理记录“{name}”没有对应的文书。", offer)
        if kind is not None and fits is not kind:
            raise LetterError(
                f"第{seq}条办理记录是“{name}”，对应{fits.label}，不能出具{kind.label}。", offer
            )
        return event
    matching = [e for e in events if e.kind in EVENT_LETTERS]
    if kind is not None:
        matching = [e for e in matching if EVENT_LETTERS[e.kind] is kind]
    if not matching:
        wanted = kind or LetterKind.ACCEPTANCE
        raise LetterError(
            f"申请 {app.number} 尚无“{_NEEDS[wanted]}”的办理记录，不能出具{wanted.label}。",
            offer,
        )
    return matching[-1]


# ---------------------------------------------------------------- what a template sees


def _context(
    app: Application, event: ApplicationEvent, kind: LetterKind, calendar: WorkCalendar
) -> dict[str, Any]:
    details = event.details or {}
    agency = inline(app.agency.name)
    context: dict[str, Any] = {
        "agency": agency,
        "doc_number": doc_number(agency, inline(app.number), app.received_on),
        "applicant": inline(app.applicant_name),
        "number": inline(app.number),
        "tracking_code": app.tracking_code,
        "received_on": format_date(app.received_on),
        "content": inline(app.content),
        "letter_date": format_date(event.on),
    }
    if kind is LetterKind.ACCEPTANCE:
        context["channel"] = CHANNEL_NAMES[Channel(app.channel)]
        context["reply_due"] = _due(reply_clock(app.received_on, (), calendar).due)
    elif kind is LetterKind.CORRECTION:
        context["correction_items"] = items_of(details.get("items"))
        context["correction_until"] = date_text(details.get("correction_until"))
    elif kind is LetterKind.EXTENSION:
        before = _clock_due(app, event.seq - 1, calendar)
        context["extension_days"] = event.working_days
        context["original_due"] = date_text(details.get("original_due")) or _due(before)
        context["new_due"] = _due(_clock_due(app, event.seq, calendar))
        context["reason"] = inline(details.get("reason")).rstrip("。；，") or None
    elif kind is LetterKind.CONSULTATION:
        context["party"] = inline(details.get("party")) or BLANK_ADDRESSEE
        context["consultation_due"] = format_date(consultation_due(event.on, calendar).due)
    elif kind is LetterKind.FEE:
        context.update(_fee(event, details, calendar))
    else:
        context.update(_outcome(event, details))
        if kind is LetterKind.CLOSING:
            context.update(_closing_dates(app, event, calendar))
    return context


def _fee(
    event: ApplicationEvent, details: Mapping[str, Any], calendar: WorkCalendar
) -> dict[str, Any]:
    method = (
        FeeMethod.PER_PAGE if details.get("method") == "per_page" else FeeMethod.PER_APPLICATION
    )
    explanation = inline(details.get("explanation"))
    explanation = explanation.removeprefix(f"{method.value}计费：")
    received = iso_date(details.get("notice_received_on")) or event.on
    return {
        "fee_basis": replies.FEE_MEASURE,
        "fee_method": method.value,
        "fee_amount": details.get("amount"),
        "fee_explanation": explanation,
        "fee_due": format_date(fee_payment_due(received, calendar).due),
        "payment": inline(details.get("payment")) or DEFAULT_PAYMENT,
    }


def _outcome(event: ApplicationEvent, details: Mapping[str, Any]) -> dict[str, Any]:
    if event.kind in _CLOSING_ROWS:
        row, variant = _CLOSING_ROWS[event.kind]
    else:
        row, variant = event.outcome or "", None
        if row == "disclosed" and details.get("already_public"):
            variant = Variant.ALREADY_PUBLIC
        elif row == "unavailable_not_held" and (
            details.get("not_ours") or details.get("competent_agency")
        ):
            variant = Variant.NOT_OURS
    basis = replies.basis(row, variant)
    competent = inline(details.get("competent_agency")) or None
    reason = inline(details.get("reason"))
    if reason and not reason.endswith(("。", "！", "？", "”", "）")):
        reason += "。"
    return {
        "outcome": basis.label,
        "article": basis.article,
        "citation": basis.citation,
        "decision": basis.sentence(competent),
        "reason": reason or None,
        "where": inline(details.get("where")) or None,
        "competent_agency": competent,
        "remedy": replies.remedy_sentence() if basis.remedy else None,
    }


def _closing_dates(
    app: Application, event: ApplicationEvent, calendar: WorkCalendar
) -> dict[str, Any]:
    dates: dict[str, Any] = dict.fromkeys(
        ("correction_date", "correction_until", "fee_notice_date", "fee_due")
    )
    earlier = [e for e in app.events if e.seq < event.seq]
    if event.kind is _E.CORRECTION_EXPIRED:
        notice = _last(earlier, _E.REQUEST_CORRECTION)
        if notice is not None:
            dates["correction_date"] = format_date(notice.on)
            dates["correction_until"] = date_text((notice.details or {}).get("correction_until"))
    elif event.kind is _E.FEE_EXPIRED:
        notice = _last(earlier, _E.ISSUE_FEE_NOTICE)
        if notice is not None:
            fee = _fee(notice, notice.details or {}, calendar)
            dates["fee_notice_date"], dates["fee_due"] = format_date(notice.on), fee["fee_due"]
    return dates


def _clock_due(app: Application, through_seq: int, calendar: WorkCalendar) -> date | None:
    """The reply due date as the timeline stood after event `through_seq`."""
    steps = [
        Step(e.kind, e.on, e.working_days, e.details)
        for e in app.events
        if e.kind is not _E.REGISTER and e.seq <= through_seq
    ]
    return reply_clock(app.received_on, steps, calendar).due


def _last(events: Sequence[ApplicationEvent], kind: EventKind) -> ApplicationEvent | None:
    return next((e for e in reversed(events) if e.kind is kind), None)


def _due(due: date | None) -> str | None:
    return format_date(due) if due is not None else None
