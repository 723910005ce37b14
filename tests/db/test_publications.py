from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.workbench import publications as pubs
from gongkai.workbench import registers
from gongkai.workbench.access import Conflict, PermissionDenied
from gongkai.workbench.orm import (
    Agency,
    AgencyKind,
    AuditAction,
    AuditEntry,
    Publication,
    Region,
    RegisteredDocument,
    Role,
    User,
    YearlyFigure,
)
from gongkai.workbench.publishing import Attribute, DocKind, FigureItem, Status, Step
from gongkai.workbench.review_flow import NotPublishable, Timeliness, TransitionError
from gongkai.workbench.screening import id_check_digit

NOW = datetime(2025, 9, 26, 9, 30, tzinfo=UTC)
ID_NUMBER = "33010619900101123" + id_check_digit("33010619900101123")
FORMED = date(2025, 9, 26)  # a Friday before 国庆/中秋 2025 (1–8 Oct, make-up days 28 Sep, 11 Oct)


@dataclass
class World:
    county: Agency  # the supervising 政务公开办
    bureau: Agency
    other: Agency  # a sibling bureau
    clerk: User
    reviewer: User
    reviewer2: User
    admin: User  # 机关管理员 of the bureau
    supervisor: User
    outsider: User  # a reviewer of the other bureau
    other_admin: User


def _world(session: Session) -> World:
    region = Region(code="330106", name="西湖区")
    county = Agency(name="西湖区政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=region)
    bureau = Agency(name="西湖区教育局", kind=AgencyKind.DEPARTMENT, region=region, parent=county)
    other = Agency(name="西湖区民政局", kind=AgencyKind.DEPARTMENT, region=region, parent=county)

    def user(login: str, role: Role, agency: Agency) -> User:
        return User(login=login, name=login, role=role, agency=agency)

    world = World(
        county=county,
        bureau=bureau,
        other=other,
        clerk=user("clerk", Role.CLERK, bureau),
        reviewer=user("reviewer", Role.REVIEWER, bureau),
        reviewer2=user("reviewer2", Role.REVIEWER, bureau),
        admin=user("admin", Role.AGENCY_ADMIN, bureau),
        supervisor=user("supervisor", Role.SUPERVISOR, county),
        outsider=user("outsider", Role.REVIEWER, other),
        other_admin=user("other_admin", Role.AGENCY_ADMIN, other),
    )
    session.add_all([region, county, bureau, other])
    session.add_all(
        [
            world.clerk,
            world.reviewer,
            world.reviewer2,
            world.admin,
            world.supervisor,
            world.outsider,
            world.other_admin,
        ]
    )
    session.commit()
    return world


def _draft(
    session: Session,
    w: World,
    index_no: str = "330106-01-2025-0001",
    *,
    body: str = "为规范学校收费行为，现将有关事项通知如下。",
    attribute: Attribute = Attribute.PROACTIVE,
    formed_on: date = FORMED,
    withheld_reason: str | None = None,
    actor: User | None = None,
) -> Publication:
    return pubs.draft(
        session,
        (actor or w.clerk).id,
        agency_id=w.bureau.id,
        index_no=index_no,
        title="关于规范中小学收费的通知",
        category="art20_08",
        attribute=attribute,
        formed_on=formed_on,
        summary="中小学服务性收费和代收费项目",
        body=body,
        withheld_reason=withheld_reason,
        now=NOW,
    )


def _to_final_review(session: Session, w: World, pub: Publication) -> Publication:
    pubs.review(session, w.clerk.id, pub.id, Step.SUBMIT, now=NOW)
    pubs.review(session, w.reviewer.id, pub.id, Step.PASS_FIRST, now=NOW, reason="内容准确")
    return pubs.review(session, w.reviewer2.id, pub.id, Step.PASS_SECOND, now=NOW)


def _audit(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
    return list(session.scalars(query.order_by(AuditEntry.id)))


# ---------------------------------------------------------------- drafting and the clock


def test_a_draft_carries_its_deadline_across_the_national_day_holiday(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w)
    session.commit()
    session.expire_all()
    assert pub.status is Status.DRAFT
    # 28 Sep and 11 Oct are make-up working days, 1–8 Oct are off: the 20th working day is 30 Oct.
    assert pub.due_on == date(2025, 10, 30)
    assert pub.due_provisional is False
    assert (pub.screen, pub.screen_cleared, pub.secrecy_reviewed) == ([], True, False)
    (entry,) = _audit(session, "publications", pub.id)
    assert entry.action is AuditAction.CREATE
    assert entry.actor_id == w.clerk.id
    assert entry.after is not None and entry.after["due_on"] == "2025-10-30"
    assert entry.at.replace(tzinfo=UTC) == NOW


def test_a_deadline_in_a_year_without_an_official_calendar_is_provisional(
    session: Session,
) -> None:
    w = _world(session)
    pub = _draft(session, w, formed_on=date(2031, 3, 3))
    assert pub.due_provisional is True
    assert pub.due_on is not None and pub.due_on > date(2031, 3, 28)


def test_withheld_documents_need_a_reason_and_have_no_publication_duty(session: Session) -> None:
    w = _world(session)
    with pytest.raises(pubs.PublicationError, match="不予公开的理由"):
        _draft(session, w, attribute=Attribute.WITHHELD)
    pub = _draft(
        session, w, attribute=Attribute.WITHHELD, withheld_reason="涉及个人隐私（第十五条）"
    )
    assert pub.withheld_reason == "涉及个人隐私（第十五条）"
    assert pub.due_on is None
    assert pubs.timeliness_of(pub, date(2026, 1, 1)) is Timeliness.NO_DUTY


def test_an_unknown_category_and_an_empty_title_are_refused(session: Session) -> None:
    w = _world(session)
    with pytest.raises(pubs.PublicationError, match="未知的公开类别"):
        pubs.draft(
            session,
            w.clerk.id,
            agency_id=w.bureau.id,
            index_no="X-1",
            title="通知",
            category="art20_99",
            attribute=Attribute.PROACTIVE,
            formed_on=FORMED,
            now=NOW,
        )
    with pytest.raises(pubs.PublicationError, match="名称不能为空"):
        pubs.draft(
            session,
            w.clerk.id,
            agency_id=w.bureau.id,
            index_no="X-1",
            title="  ",
            category="art20_01",
            attribute=Attribute.PROACTIVE,
            formed_on=FORMED,
            now=NOW,
        )
    with pytest.raises(pubs.PublicationError, match="未知的公开属性“public”") as e:
        pubs.draft(
            session,
            w.clerk.id,
            agency_id=w.bureau.id,
            index_no="X-1",
            title="通知",
            category="art20_01",
            attribute="public",
            formed_on=FORMED,
            now=NOW,
        )
    assert "主动公开" in e.value.hint
    assert session.scalars(select(Publication)).all() == []


def test_a_duplicate_index_number_is_refused_in_chinese(session: Session) -> None:
    w = _world(session)
    _draft(session, w, "330106-01-2025-0001")
    session.commit()
    with pytest.raises(pubs.PublicationError, match="索引号“330106-01-2025-0001”在本机关已被") as e:
        _draft(session, w, "330106-01-2025-0001")
    assert "唯一" in e.value.hint
    session.rollback()
    other = pubs.draft(
        session,
        w.other_admin.id,
        agency_id=w.other.id,
        index_no="330106-01-2025-0001",  # another agency may use the same index
        title="民政局通知",
        category="art20_11",
        attribute=Attribute.PROACTIVE,
        formed_on=FORMED,
        now=NOW,
    )
    second = _draft(session, w, "330106-01-2025-0002")
    with pytest.raises(pubs.PublicationError, match="已被"):
        pubs.edit(session, w.clerk.id, second.id, expected_version=1, index_no="330106-01-2025-0001", now=NOW)  # fmt: skip
    assert other.index_no == "330106-01-2025-0001"
    assert second.index_no == "330106-01-2025-0002"


def test_personal_data_is_screened_on_draft_and_on_edit(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w, body="请联系张老师，手机13812345678。")
    assert pub.screen_cleared is False
    assert pub.screen == [
        {
            "field": "body",
            "kind": "mobile",
            "label": "手机号码",
            "start": 9,
            "end": 20,
            "excerpt": "138****5678",
        }
    ]
    session.commit()
    pubs.edit(session, w.clerk.id, pub.id, expected_version=1, body="请联系学校办公室。", now=NOW)
    session.commit()
    session.expire_all()
    assert (pub.screen, pub.screen_cleared, pub.version) == ([], True, 2)
    pubs.edit(session, w.clerk.id, pub.id, expected_version=2, title=f"身份证{ID_NUMBER}", now=NOW)  # fmt: skip
    assert [(h["field"], h["kind"]) for h in pub.screen] == [("title", "id_card")]
    assert pub.screen_cleared is False
    entries = _audit(session, "publications", pub.id)
    assert [e.action for e in entries] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.UPDATE,
    ]
    assert entries[1].before is not None and entries[1].after is not None
    assert entries[1].before["screen_cleared"] is False
    assert entries[1].after["screen_cleared"] is True


def test_a_stale_edit_is_refused_and_leaves_the_row_unchanged(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w)
    session.commit()
    pubs.edit(session, w.clerk.id, pub.id, expected_version=1, title="第一次修改", now=NOW)
    session.commit()
    with pytest.raises(Conflict, match="第1版，当前为第2版"):
        pubs.edit(session, w.clerk.id, pub.id, expected_version=1, title="过时的修改", now=NOW)
    session.rollback()
    session.expire_all()
    assert (pub.title, pub.version) == ("第一次修改", 2)
    assert len(_audit(session, "publications", pub.id)) == 2
    with pytest.raises(Conflict):
        pubs.review(session, w.clerk.id, pub.id, Step.SUBMIT, now=NOW, expected_version=1)
    session.rollback()
    session.expire_all()
    assert pub.status is Status.DRAFT
    assert pub.reviews == []


# ---------------------------------------------------------------- the review workflow


def test_the_full_workflow_from_draft_to_publication_keeps_a_trail(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w)
    steps: list[tuple[Status, bool]] = []
    pubs.review(session, w.clerk.id, pub.id, Step.SUBMIT, now=NOW, reason="请审核")
    steps.append((pub.status, pub.secrecy_reviewed))
    pubs.review(session, w.reviewer.id, pub.id, Step.PASS_FIRST, now=NOW + timedelta(hours=1))
    steps.append((pub.status, pub.secrecy_reviewed))
    pubs.review(
        session, w.reviewer.id, pub.id, Step.SECRECY, now=NOW + timedelta(hours=2), reason="不涉密"
    )
    steps.append((pub.status, pub.secrecy_reviewed))
    pubs.review(session, w.reviewer2.id, pub.id, Step.PASS_SECOND, now=NOW + timedelta(days=1))
    steps.append((pub.status, pub.secrecy_reviewed))
    pubs.review(
        session,
        w.admin.id,
        pub.id,
        Step.PUBLISH,
        published_on=date(2025, 10, 9),
        now=NOW + timedelta(days=13),
    )
    session.commit()
    session.expire_all()
    assert steps == [
        (Status.FIRST_REVIEW, False),
        (Status.SECOND_REVIEW, False),
        (Status.SECOND_REVIEW, True),
        (Status.FINAL_REVIEW, True),
    ]
    assert (pub.status, pub.published_on) == (Status.PUBLISHED, date(2025, 10, 9))
    trail = [(r.seq, r.step, r.actor_id, r.reason) for r in pub.reviews]
    assert trail == [
        (1, Step.SUBMIT, w.clerk.id, "请审核"),
        (2, Step.PASS_FIRST, w.reviewer.id, ""),
        (3, Step.SECRECY, w.reviewer.id, "不涉密"),
        (4, Step.PASS_SECOND, w.reviewer2.id, ""),
        (5, Step.PUBLISH, w.admin.id, ""),
    ]
    assert pub.reviews[-1].at.replace(tzinfo=UTC) == NOW + timedelta(days=13)
    entries = _audit(session, "publications", pub.id)
    assert [e.action for e in entries] == [AuditAction.CREATE] + [AuditAction.UPDATE] * 5
    last = entries[-1]
    assert last.before is not None and last.after is not None
    assert (last.before["status"], last.after["status"]) == ("final_review", "published")
    assert last.actor_id == w.admin.id
    assert pubs.timeliness_of(pub, date(2026, 1, 1)) is Timeliness.ON_TIME

    pubs.review(
        session,
        w.reviewer.id,
        pub.id,
        Step.REVOKE,
        reason="政策调整，另行发布",
        now=NOW + timedelta(days=30),
    )
    assert pub.status is Status.REVOKED
    assert pub.reviews[-1].step is Step.REVOKE


@pytest.mark.parametrize(
    ("status_steps", "refused", "current"),
    [
        (0, "publish", "草稿"),
        (0, "pass_first", "草稿"),
        (1, "submit", "待初审"),
        (1, "pass_second", "待初审"),
        (1, "publish", "待初审"),
        (2, "pass_first", "待复审"),
        (3, "revoke", "待终审"),
    ],
)
def test_impossible_steps_name_the_status_and_what_is_allowed(
    session: Session, status_steps: int, refused: str, current: str
) -> None:
    w = _world(session)
    pub = _draft(session, w)
    progress = [
        lambda: pubs.review(session, w.clerk.id, pub.id, Step.SUBMIT, now=NOW),
        lambda: pubs.review(session, w.reviewer.id, pub.id, Step.PASS_FIRST, now=NOW),
        lambda: pubs.review(session, w.reviewer2.id, pub.id, Step.PASS_SECOND, now=NOW),
    ]
    for step in progress[:status_steps]:
        step()
    session.commit()
    version, trail = pub.version, len(pub.reviews)
    actor = w.clerk if refused == "submit" else w.admin
    kwargs = {"published_on": FORMED} if refused == "publish" else {}
    if refused == "revoke":
        kwargs = {"reason": "撤回"}
    with pytest.raises(TransitionError) as e:
        pubs.review(session, actor.id, pub.id, Step(refused), now=NOW, **kwargs)
    assert f"当前状态为“{current}”" in e.value.message
    assert "当前可以办理：" in e.value.hint
    session.rollback()
    session.expire_all()
    assert (pub.version, len(pub.reviews)) == (version, trail)


def test_a_revoked_document_accepts_no_further_step(session: Session) -> None:
    w = _world(session)
    pub = _to_final_review(session, w, _draft(session, w))
    pubs.review(session, w.reviewer.id, pub.id, Step.SECRECY, now=NOW)
    pubs.review(session, w.admin.id, pub.id, Step.PUBLISH, published_on=FORMED, now=NOW)
    pubs.review(session, w.admin.id, pub.id, Step.REVOKE, reason="内容有误", now=NOW)
    with pytest.raises(TransitionError, match="已撤回") as e:
        pubs.review(session, w.admin.id, pub.id, Step.REVOKE, reason="再次撤回", now=NOW)
    assert "新建" in e.value.hint
    with pytest.raises(TransitionError, match="只有草稿可以修改"):
        pubs.edit(session, w.clerk.id, pub.id, expected_version=None, title="改", now=NOW)


def test_reject_needs_a_reason_and_returns_the_draft_to_its_drafter(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w)
    pubs.review(session, w.clerk.id, pub.id, Step.SUBMIT, now=NOW)
    pubs.review(session, w.reviewer.id, pub.id, Step.PASS_FIRST, now=NOW)
    pubs.review(session, w.reviewer.id, pub.id, Step.SECRECY, now=NOW)
    with pytest.raises(pubs.PublicationError, match="必须写明理由"):
        pubs.review(session, w.reviewer2.id, pub.id, Step.REJECT, reason="  ", now=NOW)
    pubs.review(session, w.reviewer2.id, pub.id, Step.REJECT, reason="收费标准依据未注明", now=NOW)
    assert pub.status is Status.DRAFT
    assert pub.secrecy_reviewed is True  # unchanged text keeps its 保密审查 …
    pubs.edit(session, w.clerk.id, pub.id, expected_version=None, body="依据：浙价费〔2025〕1号。", now=NOW)  # fmt: skip
    assert pub.secrecy_reviewed is False  # … changed text needs a new one
    pubs.review(session, w.clerk.id, pub.id, Step.SUBMIT, now=NOW)
    assert [r.seq for r in pub.reviews] == [1, 2, 3, 4, 5]
    assert [r.step for r in pub.reviews][-2:] == [Step.REJECT, Step.SUBMIT]
    assert pub.reviews[3].reason == "收费标准依据未注明"


def test_publishing_needs_the_secrecy_review(session: Session) -> None:
    w = _world(session)
    pub = _to_final_review(session, w, _draft(session, w))
    with pytest.raises(NotPublishable, match="尚未进行保密审查") as e:
        pubs.review(session, w.admin.id, pub.id, Step.PUBLISH, published_on=FORMED, now=NOW)
    assert "保密审查" in e.value.hint
    assert pub.status is Status.FINAL_REVIEW
    pubs.review(session, w.admin.id, pub.id, Step.SECRECY, now=NOW)
    pubs.review(session, w.admin.id, pub.id, Step.PUBLISH, published_on=FORMED, now=NOW)
    assert pub.status is Status.PUBLISHED


def test_publishing_needs_the_personal_data_screen_cleared(session: Session) -> None:
    w = _world(session)
    body = f"联系人：李老师，手机13812345678，身份证{ID_NUMBER}。"
    pub = _to_final_review(session, w, _draft(session, w, body=body))
    pubs.review(session, w.reviewer.id, pub.id, Step.SECRECY, now=NOW)
    with pytest.raises(NotPublishable, match="手机号码1处、身份证号码1处") as e:
        pubs.review(session, w.admin.id, pub.id, Step.PUBLISH, published_on=FORMED, now=NOW)
    assert "个人信息排查确认" in e.value.hint
    with pytest.raises(pubs.PublicationError, match="必须写明理由"):
        pubs.review(session, w.admin.id, pub.id, Step.CLEAR_SCREEN, reason="", now=NOW)
    pubs.review(
        session,
        w.admin.id,
        pub.id,
        Step.CLEAR_SCREEN,
        reason="经核实为本人同意公开的联系方式",
        now=NOW,
    )
    assert pub.screen_cleared is True
    with pytest.raises(pubs.PublicationError, match="没有待确认"):
        pubs.review(session, w.admin.id, pub.id, Step.CLEAR_SCREEN, reason="再次确认", now=NOW)
    pubs.review(session, w.admin.id, pub.id, Step.PUBLISH, published_on=FORMED, now=NOW)
    assert pub.status is Status.PUBLISHED
    assert Step.CLEAR_SCREEN in [r.step for r in pub.reviews]


def test_only_documents_for_proactive_release_are_published(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w, attribute=Attribute.ON_REQUEST)
    _to_final_review(session, w, pub)
    pubs.review(session, w.reviewer.id, pub.id, Step.SECRECY, now=NOW)
    with pytest.raises(NotPublishable, match="依申请公开"):
        pubs.review(session, w.admin.id, pub.id, Step.PUBLISH, published_on=FORMED, now=NOW)
    assert pub.status is Status.FINAL_REVIEW


def test_a_publication_date_before_the_document_was_formed_is_refused(session: Session) -> None:
    w = _world(session)
    pub = _to_final_review(session, w, _draft(session, w))
    pubs.review(session, w.reviewer.id, pub.id, Step.SECRECY, now=NOW)
    with pytest.raises(pubs.PublicationError, match="发布日期不能早于生成日期"):
        pubs.review(
            session, w.admin.id, pub.id, Step.PUBLISH, published_on=date(2025, 9, 1), now=NOW
        )


# ---------------------------------------------------------------- who may do what


def test_a_clerk_cannot_review(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w)
    pubs.review(session, w.clerk.id, pub.id, Step.SUBMIT, now=NOW)
    for refused in (Step.PASS_FIRST, Step.SECRECY):
        with pytest.raises(PermissionDenied, match=r"经办人.*审核"):
            pubs.review(session, w.clerk.id, pub.id, refused, now=NOW)
    with pytest.raises(PermissionDenied):
        pubs.review(session, w.clerk.id, pub.id, Step.REJECT, reason="撤回重改", now=NOW)
    assert pub.status is Status.FIRST_REVIEW


def test_the_drafter_may_not_vouch_for_their_own_document(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w, actor=w.reviewer)
    pubs.review(session, w.reviewer.id, pub.id, Step.SUBMIT, now=NOW)
    with pytest.raises(PermissionDenied, match="您起草或提交了该信息") as e:
        pubs.review(session, w.reviewer.id, pub.id, Step.PASS_FIRST, now=NOW)
    assert "起草人、提交人以外" in e.value.hint
    with pytest.raises(PermissionDenied):
        pubs.review(session, w.reviewer.id, pub.id, Step.SECRECY, now=NOW)
    pubs.review(session, w.reviewer2.id, pub.id, Step.PASS_FIRST, now=NOW)
    assert pub.status is Status.SECOND_REVIEW
    # The submitter of a round counts as well, even when someone else drafted the document.
    other = _draft(session, w, "330106-01-2025-0009")
    pubs.review(session, w.admin.id, other.id, Step.SUBMIT, now=NOW)
    with pytest.raises(PermissionDenied):
        pubs.review(session, w.admin.id, other.id, Step.PASS_FIRST, now=NOW)


def test_another_agency_can_neither_see_nor_act(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w)
    pubs.review(session, w.clerk.id, pub.id, Step.SUBMIT, now=NOW)
    with pytest.raises(PermissionDenied, match="其他机关"):
        pubs.get_publication(session, w.outsider.id, pub.id)
    with pytest.raises(PermissionDenied, match="其他机关"):
        pubs.review(session, w.outsider.id, pub.id, Step.PASS_FIRST, now=NOW)
    with pytest.raises(PermissionDenied, match="其他机关"):
        pubs.overdue(session, w.outsider.id, w.bureau.id, date(2026, 1, 1))
    with pytest.raises(PermissionDenied, match="其他机关"):
        pubs.draft(
            session,
            w.outsider.id,
            agency_id=w.bureau.id,
            index_no="Y-1",
            title="越权起草",
            category="art20_01",
            attribute=Attribute.PROACTIVE,
            formed_on=FORMED,
            now=NOW,
        )
    assert pub.status is Status.FIRST_REVIEW


def test_a_supervising_office_can_view_but_not_act(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w)
    session.commit()
    assert pubs.get_publication(session, w.supervisor.id, pub.id) is pub
    assert pubs.overdue(session, w.supervisor.id, w.bureau.id, date(2025, 11, 3)) == [pub]
    for act in (
        lambda: pubs.review(session, w.supervisor.id, pub.id, Step.SUBMIT, now=NOW),
        lambda: pubs.edit(
            session, w.supervisor.id, pub.id, expected_version=1, title="改", now=NOW
        ),
        lambda: registers.register_document(
            session,
            w.supervisor.id,
            agency_id=w.bureau.id,
            kind=DocKind.NORMATIVE,
            title="文件",
            doc_number=None,
            issued_on=FORMED,
            now=NOW,
        ),
    ):
        with pytest.raises(PermissionDenied, match="政务公开办查看人"):
            act()
    session.rollback()
    session.expire_all()
    assert (pub.status, pub.title, pub.version) == (Status.DRAFT, "关于规范中小学收费的通知", 1)


# ---------------------------------------------------------------- overdue and timeliness


def test_overdue_lists_unpublished_documents_past_their_deadline(session: Session) -> None:
    w = _world(session)
    late = _draft(session, w, "A-1")  # due 2025-10-30
    on_time = _draft(session, w, "A-2")
    _draft(session, w, "A-3", formed_on=date(2025, 10, 20))  # due later
    _draft(session, w, "A-4", attribute=Attribute.WITHHELD, withheld_reason="第十四条")
    for pub in (late, on_time):
        _to_final_review(session, w, pub)
        pubs.review(session, w.reviewer.id, pub.id, Step.SECRECY, now=NOW)
    assert pubs.overdue(session, w.clerk.id, w.bureau.id, date(2025, 10, 30)) == []
    assert pubs.overdue(session, w.clerk.id, w.bureau.id, date(2025, 10, 31)) == [late, on_time]
    assert pubs.timeliness_of(late, date(2025, 10, 31)) is Timeliness.OVERDUE
    assert pubs.timeliness_of(late, date(2025, 10, 30)) is Timeliness.PENDING
    pubs.review(session, w.admin.id, late.id, Step.PUBLISH, published_on=date(2025, 11, 3), now=NOW)
    pubs.review(
        session, w.admin.id, on_time.id, Step.PUBLISH, published_on=date(2025, 10, 30), now=NOW
    )
    assert pubs.overdue(session, w.clerk.id, w.bureau.id, date(2025, 11, 17)) == []
    (due_later,) = pubs.overdue(session, w.clerk.id, w.bureau.id, date(2025, 11, 18))
    assert (due_later.index_no, due_later.due_on) == ("A-3", date(2025, 11, 17))
    assert pubs.timeliness_of(late, date(2025, 12, 31)) is Timeliness.LATE
    assert pubs.timeliness_of(on_time, date(2025, 12, 31)) is Timeliness.ON_TIME


# ---------------------------------------------------------------- the register and table 二


def _register(
    session: Session,
    w: World,
    kind: DocKind,
    issued: date,
    abolished: date | None = None,
    *,
    agency: Agency | None = None,
) -> int:
    agency = agency or w.bureau
    admin = w.admin if agency is w.bureau else w.other_admin
    doc = registers.register_document(
        session,
        admin.id,
        agency_id=agency.id,
        kind=kind,
        title=f"{kind.label}{issued}",
        doc_number=None,
        issued_on=issued,
        now=NOW,
    )
    if abolished is not None:
        registers.abolish_document(session, admin.id, doc.id, abolished_on=abolished, now=NOW)
    return doc.id


def _cells(session: Session, ids: list[int], year: int, row: str) -> tuple[object, ...]:
    table = registers.proactive_table(session, ids, year)
    return tuple(table.cell(row, c) for c in ("issued", "abolished", "in_force"))


def test_register_counts_for_table_two(session: Session) -> None:
    w = _world(session)
    reg, norm = DocKind.REGULATION, DocKind.NORMATIVE
    _register(session, w, reg, date(2023, 5, 1), date(2025, 3, 1))
    _register(session, w, norm, date(2024, 2, 1), date(2025, 6, 30))  # abolished the next year
    _register(
        session, w, norm, date(2024, 3, 1), date(2024, 11, 30)
    )  # issued and abolished in 2024
    _register(session, w, norm, date(2024, 12, 31))
    _register(session, w, norm, date(2025, 1, 1))
    archived = _register(session, w, norm, date(2024, 5, 5))
    _register(session, w, norm, date(2024, 7, 7), agency=w.other)
    session.get_one(RegisteredDocument, archived).archived_at = NOW
    session.commit()

    ids = [w.bureau.id]
    assert _cells(session, ids, 2024, "regulations") == (0, 0, 1)
    assert _cells(session, ids, 2024, "normative_documents") == (3, 1, 2)
    assert _cells(session, ids, 2025, "regulations") == (0, 1, 0)
    assert _cells(session, ids, 2025, "normative_documents") == (1, 1, 2)
    assert _cells(session, [w.bureau.id, w.other.id], 2024, "normative_documents") == (4, 1, 3)
    table = registers.proactive_table(session, ids, 2024)
    assert table.template == "2021"
    assert list(table.rows) == [
        "regulations",
        "normative_documents",
        "licensing",
        "punishment",
        "enforcement",
        "fees",
    ]


def test_abolishing_is_checked(session: Session) -> None:
    w = _world(session)
    doc_id = _register(session, w, DocKind.NORMATIVE, date(2024, 3, 1))
    with pytest.raises(pubs.PublicationError, match="早于制发日期"):
        registers.abolish_document(
            session, w.admin.id, doc_id, abolished_on=date(2024, 2, 29), now=NOW
        )
    registers.abolish_document(session, w.admin.id, doc_id, abolished_on=date(2024, 3, 1), now=NOW)
    with pytest.raises(pubs.PublicationError, match="已于2024年3月1日废止"):
        registers.abolish_document(
            session, w.admin.id, doc_id, abolished_on=date(2025, 1, 1), now=NOW
        )
    with pytest.raises(PermissionDenied, match="审核人"):
        registers.abolish_document(
            session, w.reviewer.id, doc_id, abolished_on=date(2025, 1, 1), now=NOW
        )
    entries = _audit(session, "registered_documents", doc_id)
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert entries[1].after is not None and entries[1].after["abolished_on"] == "2024-03-01"


def test_a_document_number_is_registered_once(session: Session) -> None:
    w = _world(session)
    pub = _draft(session, w)
    registers.register_document(
        session,
        w.admin.id,
        agency_id=w.bureau.id,
        kind=DocKind.NORMATIVE,
        title="关于规范中小学收费的通知",
        doc_number="西教〔2025〕3号",
        issued_on=FORMED,
        publication_id=pub.id,
        now=NOW,
    )
    with pytest.raises(pubs.PublicationError, match="已登记"):
        registers.register_document(
            session,
            w.admin.id,
            agency_id=w.bureau.id,
            kind=DocKind.NORMATIVE,
            title="重复登记",
            doc_number="西教〔2025〕3号",
            issued_on=FORMED,
            now=NOW,
        )
    with pytest.raises(pubs.PublicationError, match="不属于本机关"):
        registers.register_document(
            session,
            w.other_admin.id,
            agency_id=w.other.id,
            kind=DocKind.NORMATIVE,
            title="他机关文件",
            doc_number=None,
            issued_on=FORMED,
            publication_id=pub.id,
            now=NOW,
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_in_force_follows_from_issued_and_abolished(session: Session, seed: int) -> None:
    """R31: in_force(N) == in_force(N-1) + issued(N) - abolished(N), on random registers."""
    w = _world(session)
    rng = random.Random(seed)
    expected: dict[tuple[str, int], int] = {}
    docs: list[tuple[DocKind, date, date | None]] = []
    for _ in range(30):
        kind = rng.choice(list(DocKind))
        issued = date(2019, 1, 1) + timedelta(days=rng.randrange(365 * 7))
        abolished = None
        if rng.random() < 0.5:
            abolished = issued + timedelta(days=rng.randrange(365 * 3))
        docs.append((kind, issued, abolished))
        _register(session, w, kind, issued, abolished)
    session.commit()
    for year in range(2019, 2027):
        end = date(year, 12, 31)
        for kind in DocKind:
            expected[kind.value, year] = sum(
                1 for k, i, a in docs if k is kind and i <= end and (a is None or a > end)
            )
    for year in range(2020, 2027):
        now_, before = (
            registers.proactive_table(session, [w.bureau.id], year),
            registers.proactive_table(session, [w.bureau.id], year - 1),
        )
        for kind in DocKind:
            row = kind.value
            in_force = now_.cell(row, "in_force")
            assert in_force == expected[row, year]
            assert in_force == (
                before.cell(row, "in_force")
                + now_.cell(row, "issued")
                - now_.cell(row, "abolished")
            )


# ---------------------------------------------------------------- yearly figures


def test_figures_are_summed_and_missing_ones_stay_unknown(session: Session) -> None:
    w = _world(session)

    def put(agency: Agency, item: FigureItem, value: Decimal) -> YearlyFigure:
        admin = w.admin if agency is w.bureau else w.other_admin
        return registers.set_figure(
            session,
            admin.id,
            agency_id=agency.id,
            year=2024,
            item=item,
            value=value,
            source="行政审批系统导出",
            now=NOW,
        )

    put(w.bureau, FigureItem.LICENSING, Decimal(120))
    put(w.other, FigureItem.LICENSING, Decimal(30))
    put(w.bureau, FigureItem.ENFORCEMENT, Decimal(0))
    put(w.bureau, FigureItem.FEES, Decimal("12.3456"))
    put(w.other, FigureItem.FEES, Decimal("0.5"))
    session.commit()

    both = registers.proactive_table(session, [w.bureau.id, w.other.id], 2024)
    licensing = both.cell("licensing", "count")
    assert licensing == 150 and type(licensing) is int
    assert both.cell("punishment", "count") is None  # nobody entered it: unknown, not 0
    assert both.cell("enforcement", "count") == 0
    fees = both.cell("fees", "amount")
    assert isinstance(fees, Decimal) and fees == Decimal("12.8456")
    bureau = registers.proactive_table(session, [w.bureau.id], 2024)
    assert bureau.cell("licensing", "count") == 120
    assert registers.proactive_table(session, [w.bureau.id], 2023).cell("fees", "amount") is None


def test_a_figure_is_corrected_in_place_with_its_history(session: Session) -> None:
    w = _world(session)

    def put(value: Decimal, version: int | None = None) -> YearlyFigure:
        return registers.set_figure(
            session,
            w.admin.id,
            agency_id=w.bureau.id,
            year=2024,
            item=FigureItem.PUNISHMENT,
            value=value,
            source="执法监督平台",
            now=NOW,
            expected_version=version,
        )

    row = put(Decimal(7))
    session.commit()
    put(Decimal(9), version=1)
    session.commit()
    with pytest.raises(Conflict):
        put(Decimal(11), version=1)
    session.rollback()
    session.expire_all()
    assert (row.value, row.version) == (Decimal(9), 2)
    assert len(session.scalars(select(YearlyFigure)).all()) == 1
    entries = _audit(session, "yearly_figures", row.id)
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert entries[1].before is not None and entries[1].after is not None
    assert (Decimal(entries[1].before["value"]), Decimal(entries[1].after["value"])) == (7, 9)


@pytest.mark.parametrize(
    ("item", "value", "source", "message"),
    [
        (FigureItem.LICENSING, Decimal(-1), "系统", "不能为负数"),
        (FigureItem.PUNISHMENT, Decimal("1.5"), "系统", "须为整数"),
        (FigureItem.ENFORCEMENT, Decimal(3), "  ", "数据来源不能为空"),
        (FigureItem.FEES, Decimal("1.23456"), "财务", "超过4位"),
        (FigureItem.FEES, Decimal("NaN"), "财务", "不是有效的数字"),
        (FigureItem.FEES, 12.5, "财务", "须为整数或十进制数"),
    ],
)
def test_implausible_figures_are_refused(
    session: Session, item: FigureItem, value: Decimal, source: str, message: str
) -> None:
    w = _world(session)
    with pytest.raises(pubs.PublicationError, match=message):
        registers.set_figure(
            session,
            w.admin.id,
            agency_id=w.bureau.id,
            year=2024,
            item=item,
            value=value,
            source=source,
            now=NOW,
        )
    assert session.scalars(select(YearlyFigure)).all() == []


def test_fees_that_look_like_yuan_need_confirmation(session: Session) -> None:
    w = _world(session)

    def fees(value: str, confirm: bool = False) -> YearlyFigure:
        return registers.set_figure(
            session,
            w.admin.id,
            agency_id=w.bureau.id,
            year=2024,
            item=FigureItem.FEES,
            value=Decimal(value),
            source="非税收入系统",
            now=NOW,
            confirm_large=confirm,
        )

    with pytest.raises(pubs.PublicationError, match="可能误按“元”填写") as e:
        fees("250000")
    assert "请填写25" in e.value.hint and "万元" in e.value.hint
    row = fees("250000", confirm=True)
    assert row.value == Decimal(250000)
    assert fees("99999.9999").value == Decimal("99999.9999")


def test_figures_need_the_manage_permission_and_a_past_year(session: Session) -> None:
    w = _world(session)
    kwargs = {"item": FigureItem.LICENSING, "value": Decimal(1), "source": "系统", "now": NOW}
    with pytest.raises(PermissionDenied, match="管理"):
        registers.set_figure(session, w.reviewer.id, agency_id=w.bureau.id, year=2024, **kwargs)
    with pytest.raises(PermissionDenied, match="其他机关"):
        registers.set_figure(session, w.other_admin.id, agency_id=w.bureau.id, year=2024, **kwargs)
    with pytest.raises(pubs.PublicationError, match="不在可填报范围内"):
        registers.set_figure(session, w.admin.id, agency_id=w.bureau.id, year=2026, **kwargs)
