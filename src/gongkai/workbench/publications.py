"""主动公开 services: drafting, the recorded review before release, the 规章/规范性文件 register,
the yearly figures of table 二, and table 二 itself derived from them (domain.md section 5).

Every function takes the session, the acting user's id and the current time as arguments, checks
permissions with `access.require`, writes an audit entry for every change and flushes; the caller
commits (`store.transaction`), so a refused step leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.workbench import access, review_flow, store
from gongkai.workbench.access import Action
from gongkai.workbench.calendar import format_date
from gongkai.workbench.deadlines import add_working_days
from gongkai.workbench.orm import (
    AuditAction,
    AuditEntry,
    Publication,
    PublicationReview,
    record,
    snapshot,
)
from gongkai.workbench.publishing import CATEGORIES, Attribute, Status, Step
from gongkai.workbench.review_flow import Timeliness
from gongkai.workbench.screening import screen

_PUBLICATIONS = "publications"
_DOCUMENTS = "registered_documents"
_FIGURES = "yearly_figures"

# Largest fee income accepted without confirmation: 10 亿元. A figure above it has almost always
# been typed in 元 instead of 万元.
FEES_LARGE_WANYUAN = Decimal(100000)
_MAX_VALUE = Decimal(10) ** 12  # Numeric(16, 4)
_FIRST_YEAR = 2008  # the 条例 took effect on 2008-05-01; there are no figures before


class PublicationError(GongkaiError):
    """A publication, register entry or figure that cannot be stored as given."""


E = TypeVar("E", bound=StrEnum)


def member(cls: type[E], value: str, what: str) -> E:
    """`value` as a member of `cls`, or a Chinese error listing the choices."""
    try:
        return cls(value)
    except ValueError:
        choices = "、".join(str(getattr(m, "label", m.value)) for m in cls)
        raise PublicationError(f"未知的{what}“{value}”。", f"{what}须为：{choices}。") from None


# ---------------------------------------------------------------- drafting


@dataclass(frozen=True, slots=True)
class _Text:
    title: str
    summary: str
    body: str


def draft(
    session: Session,
    actor_id: int,
    *,
    agency_id: int,
    index_no: str,
    title: str,
    category: str,
    attribute: Attribute,
    formed_on: date,
    now: datetime,
    summary: str = "",
    body: str = "",
    withheld_reason: str | None = None,
) -> Publication:
    """A new document in DRAFT, with its publication deadline and its personal-data screen."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.HANDLE, agency_id)
    index_no = required_text(index_no, "索引号", 64)
    _check_index_free(session, agency_id, index_no, None)
    text = _Text(required_text(title, "名称", 300), summary.strip(), body.strip())
    _check_category(category)
    attribute = member(Attribute, attribute, "公开属性")
    reason = _check_attribute(attribute, withheld_reason)
    if not isinstance(formed_on, date):
        raise PublicationError(
            "缺少生成日期。", "请填写信息形成或者变更的日期，公开时限从该日起算。"
        )
    pub = Publication(
        agency_id=agency_id,
        index_no=index_no,
        title=text.title,
        summary=text.summary,
        body=text.body,
        category=category,
        attribute=attribute,
        withheld_reason=reason,
        formed_on=formed_on,
        status=Status.DRAFT,
        created_at=now,
    )
    _set_due(session, pub)
    _set_screen(pub, text)
    session.add(pub)
    session.flush()
    record(session, user, _PUBLICATIONS, pub.id, AuditAction.CREATE, None, snapshot(pub), now)
    session.flush()
    return pub


def edit(
    session: Session,
    actor_id: int,
    publication_id: int,
    *,
    expected_version: int | None,
    now: datetime,
    index_no: str | None = None,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    category: str | None = None,
    attribute: Attribute | None = None,
    withheld_reason: str | None = None,
    formed_on: date | None = None,
) -> Publication:
    """Change a DRAFT. None leaves a field as it is; changed text is screened again and needs a
    new 保密审查, because what was reviewed is no longer what will be published."""
    user = access.actor(session, actor_id)
    pub = store.get(session, Publication, publication_id, "信息")
    access.require(session, user, Action.HANDLE, pub.agency_id)
    store.check_version(pub, expected_version, f"信息“{pub.title}”")
    if pub.status is not Status.DRAFT:
        raise review_flow.TransitionError(
            f"该信息当前状态为“{pub.status.label}”，只有草稿可以修改。",
            "如需修改审核中的信息，请审核人先退回；已发布的信息请撤回后新建。",
        )
    new_index = pub.index_no if index_no is None else required_text(index_no, "索引号", 64)
    if new_index != pub.index_no:
        _check_index_free(session, pub.agency_id, new_index, pub.id)
    text = _Text(
        pub.title if title is None else required_text(title, "名称", 300),
        pub.summary if summary is None else summary.strip(),
        pub.body if body is None else body.strip(),
    )
    new_category = pub.category if category is None else category
    _check_category(new_category)
    new_attribute = pub.attribute if attribute is None else member(Attribute, attribute, "公开属性")
    reason = _check_attribute(
        new_attribute, pub.withheld_reason if withheld_reason is None else withheld_reason
    )

    before = snapshot(pub)
    pub.index_no = new_index
    pub.category = new_category
    pub.attribute = new_attribute
    pub.withheld_reason = reason
    if formed_on is not None:
        pub.formed_on = formed_on
    if text != _Text(pub.title, pub.summary, pub.body):
        pub.title, pub.summary, pub.body = text.title, text.summary, text.body
        _set_screen(pub, text)
        pub.secrecy_reviewed = False
    _set_due(session, pub)
    session.flush()
    record(session, user, _PUBLICATIONS, pub.id, AuditAction.UPDATE, before, snapshot(pub), now)
    session.flush()
    return pub


def get_publication(session: Session, actor_id: int, publication_id: int) -> Publication:
    """One document with its review trail (`reviews`), for anyone who may view its agency."""
    user = access.actor(session, actor_id)
    pub = store.get(session, Publication, publication_id, "信息")
    access.require(session, user, Action.VIEW, pub.agency_id)
    return pub


def required_text(value: str, what: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise PublicationError(f"{what}不能为空。", f"请填写{what}。")
    if len(value) > max_length:
        raise PublicationError(
            f"{what}过长（{len(value)}个字符，最多{max_length}个）。", f"请精简{what}。"
        )
    return value


def _check_index_free(session: Session, agency_id: int, index_no: str, own_id: int | None) -> None:
    # Archived rows count too: the database constraint covers them, and an index is never reused.
    query = select(Publication).where(
        Publication.agency_id == agency_id, Publication.index_no == index_no
    )
    if own_id is not None:
        query = query.where(Publication.id != own_id)
    taken = session.scalars(query.limit(1)).first()
    if taken is not None:
        raise PublicationError(
            f"索引号“{index_no}”在本机关已被信息“{taken.title}”使用。",
            "索引号在本机关内必须唯一，请核对后换用新的索引号。",
        )


def _check_category(category: str) -> None:
    if category not in CATEGORIES:
        raise PublicationError(
            f"未知的公开类别“{category}”。",
            "公开类别须为条例第二十条、第二十一条所列事项之一，请从类别列表中选择。",
        )


def _check_attribute(attribute: Attribute, withheld_reason: str | None) -> str | None:
    reason = (withheld_reason or "").strip() or None
    if attribute is Attribute.WITHHELD and reason is None:
        raise PublicationError(
            "公开属性为“不予公开”的信息必须写明不予公开的理由。",
            "请填写理由及依据（如条例第十四条、第十五条或第十六条）。",
        )
    return reason


def _set_due(session: Session, pub: Publication) -> None:
    """The 20-working-day duty of 第二十六条; only documents for proactive release have one."""
    if pub.attribute is not Attribute.PROACTIVE:
        pub.due_on, pub.due_provisional = None, False
        return
    deadline = add_working_days(
        pub.formed_on, review_flow.PUBLICATION_DAYS, store.work_calendar(session)
    )
    pub.due_on, pub.due_provisional = deadline.due, deadline.provisional


def _set_screen(pub: Publication, text: _Text) -> None:
    hits = [
        {"field": field, **hit.as_dict()}
        for field, value in (("title", text.title), ("summary", text.summary), ("body", text.body))
        for hit in screen(value)
    ]
    pub.screen = hits
    pub.screen_cleared = not hits


# ---------------------------------------------------------------- the review workflow

_STEP_ACTION: Mapping[Step, Action] = {
    Step.SUBMIT: Action.HANDLE,
    Step.PASS_FIRST: Action.REVIEW,
    Step.PASS_SECOND: Action.REVIEW,
    Step.PUBLISH: Action.REVIEW,
    Step.SECRECY: Action.REVIEW,
    Step.CLEAR_SCREEN: Action.REVIEW,
    Step.REJECT: Action.REVIEW,
    Step.REVOKE: Action.REVIEW,
}


def review(
    session: Session,
    actor_id: int,
    publication_id: int,
    step: Step,
    *,
    now: datetime,
    reason: str = "",
    expected_version: int | None = None,
    published_on: date | None = None,
) -> Publication:
    """Take one step of the review trail (`review_flow.TRANSITIONS` says which are allowed):
    SUBMIT (草稿 → 待初审), PASS_FIRST, PASS_SECOND, PUBLISH (终审通过并发布: a 主动公开 document
    after 保密审查 with its screen cleared, `published_on` required), SECRECY (a passed 保密审查;
    a failed one is a REJECT), CLEAR_SCREEN (every personal-data hit checked, reason required),
    REJECT (back to the drafter, reason required), REVOKE (a published document, reason required).
    """
    user = access.actor(session, actor_id)
    pub = store.get(session, Publication, publication_id, "信息")
    access.require(session, user, _STEP_ACTION[step], pub.agency_id)
    store.check_version(pub, expected_version, f"信息“{pub.title}”")
    target = review_flow.next_status(pub.status, step)
    reason = (reason or "").strip()
    if step in review_flow.REASON_REQUIRED and not reason:
        raise PublicationError(
            f"办理“{step.label}”必须写明理由。", "请填写理由，理由将记入审核记录。"
        )
    if step in review_flow.VOUCHING_STEPS and user.id in _authors(session, pub):
        raise access.PermissionDenied(
            f"您起草或提交了该信息，不能办理“{step.label}”。",
            "审核须由起草人、提交人以外的审核人办理。",
        )
    if step is Step.CLEAR_SCREEN and pub.screen_cleared:
        raise PublicationError(
            "个人信息排查没有待确认的问题。", "无需确认，可继续办理后续审核步骤。"
        )
    if step is Step.PUBLISH:
        review_flow.check_publishable(
            pub.attribute, pub.secrecy_reviewed, pub.screen_cleared, pub.screen
        )
        if published_on is None or published_on < pub.formed_on:
            raise PublicationError(
                f"发布日期不能早于生成日期{format_date(pub.formed_on)}。",
                "请填写信息实际发布的日期。",
            )

    before = snapshot(pub)
    pub.status = target
    if step is Step.PUBLISH:
        pub.published_on = published_on
    elif step is Step.SECRECY:
        pub.secrecy_reviewed = True
    elif step is Step.CLEAR_SCREEN:
        pub.screen_cleared = True
    seq = max((r.seq for r in pub.reviews), default=0) + 1
    pub.reviews.append(
        PublicationReview(seq=seq, step=step, reason=reason, actor_id=user.id, at=now)
    )
    session.flush()
    record(session, user, _PUBLICATIONS, pub.id, AuditAction.UPDATE, before, snapshot(pub), now)
    session.flush()
    return pub


def _authors(session: Session, pub: Publication) -> set[int]:
    """Who drafted the document (its creation in the audit log) and who submitted this round."""
    created_by = session.scalars(
        select(AuditEntry.actor_id).where(
            AuditEntry.entity == _PUBLICATIONS,
            AuditEntry.entity_id == pub.id,
            AuditEntry.action == AuditAction.CREATE,
        )
    ).all()
    submits = [r for r in pub.reviews if r.step is Step.SUBMIT]
    authors = {a for a in created_by if a is not None}
    if submits and submits[-1].actor_id is not None:
        authors.add(submits[-1].actor_id)
    return authors


# ---------------------------------------------------------------- the publication clock


def timeliness_of(pub: Publication, on: date) -> Timeliness:
    """Was (or is) the document published within its 20 working days, as of day `on`."""
    published = pub.published_on if pub.status in {Status.PUBLISHED, Status.REVOKED} else None
    return review_flow.timeliness(pub.due_on, published, on)


def overdue(session: Session, actor_id: int, agency_id: int, on: date) -> list[Publication]:
    """Documents for proactive release not yet published whose deadline passed before `on`."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.VIEW, agency_id)
    query = (
        select(Publication)
        .where(
            Publication.agency_id == agency_id,
            Publication.archived_at.is_(None),
            Publication.status.not_in([Status.PUBLISHED, Status.REVOKED]),
            Publication.due_on.is_not(None),
            Publication.due_on < on,
        )
        .order_by(Publication.due_on, Publication.id)
    )
    return list(session.scalars(query))
