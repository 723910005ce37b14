"""Read-only queries behind the public face and the 主动公开 / 复议诉讼 pages.

The public half answers visitors without login, so it shows only what is already public: agencies
that are not archived, documents that are published for proactive release, annual reports whose
published version is locked. The staff half checks the viewer's agency scope with `access` like
every service, and answers "not found" alike for a missing record and another agency's record.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from gongkai.workbench import access
from gongkai.workbench.access import Action, NotFound
from gongkai.workbench.orm import (
    Agency,
    Application,
    DisputeCase,
    Publication,
    RegisteredDocument,
    ReportDraft,
    ReportStatus,
    ReportVersion,
    User,
    YearlyFigure,
)
from gongkai.workbench.publishing import CATEGORIES, Attribute, FigureItem, Status

PER_PAGE = 50
REVIEW_STATUSES = (Status.FIRST_REVIEW, Status.SECOND_REVIEW, Status.FINAL_REVIEW)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int  # 1-based
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _paged(session: Session, query: Select[T], number: int, per_page: int) -> Page[T]:
    total = int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    items = list(session.scalars(query.offset((number - 1) * per_page).limit(per_page)))
    return Page(items, number, total, per_page)


# ---------------------------------------------------------------- public (no login)


def public_agencies(session: Session) -> list[Agency]:
    return list(
        session.scalars(select(Agency).where(Agency.archived_at.is_(None)).order_by(Agency.id))
    )


def public_agency(session: Session, agency_id: int) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None or agency.archived_at is not None:
        raise NotFound(f"机关（编号 {agency_id}）不存在。", "请从政府信息公开首页选择机关。")
    return agency


def _published(agency_id: int) -> Select[Publication]:
    return select(Publication).where(
        Publication.agency_id == agency_id,
        Publication.status == Status.PUBLISHED,
        Publication.attribute == Attribute.PROACTIVE,
        Publication.archived_at.is_(None),
    )


def catalogue(
    session: Session,
    agency_id: int,
    *,
    q: str = "",
    category: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Page[Publication]:
    """The 政府信息公开目录: published documents, newest first, searched by name/summary/索引号."""
    query = _published(agency_id)
    words = q.strip()[:100]
    if words:
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                Publication.title.like(pattern, escape="\\"),
                Publication.summary.like(pattern, escape="\\"),
                Publication.index_no.like(pattern, escape="\\"),
            )
        )
    if category in CATEGORIES:
        query = query.where(Publication.category == category)
    query = query.order_by(Publication.published_on.desc(), Publication.id.desc())
    return _paged(session, query, page, per_page)


def public_document(session: Session, agency_id: int, publication_id: int) -> Publication:
    """One published document of the agency; anything else is simply not there."""
    pub = session.scalar(_published(agency_id).where(Publication.id == publication_id))
    if pub is None:
        raise NotFound("该信息不存在或未公开。", "请从政府信息公开目录中选择。")
    return pub


def published_reports(session: Session, agency_id: int) -> list[tuple[int, ReportVersion]]:
    """(year, the latest published version) per year, newest year first."""
    query = (
        select(ReportDraft.year, ReportVersion)
        .join(ReportVersion, ReportVersion.draft_id == ReportDraft.id)
        .where(
            ReportDraft.agency_id == agency_id,
            ReportDraft.archived_at.is_(None),
            ReportVersion.status == ReportStatus.PUBLISHED,
        )
        .order_by(ReportDraft.year.desc(), ReportVersion.seq.desc())
    )
    seen: dict[int, ReportVersion] = {}
    for year, version in session.execute(query):
        seen.setdefault(int(year), version)
    return list(seen.items())


def published_report(session: Session, agency_id: int, year: int) -> ReportVersion:
    for found_year, version in published_reports(session, agency_id):
        if found_year == year:
            return version
    raise NotFound(f"{year}年度报告尚未发布。", "请从年度报告列表中选择已发布的年度。")


# ---------------------------------------------------------------- 主动公开 (signed in)


def publications_of(
    session: Session,
    user: User,
    agency_id: int,
    *,
    status: Status | None = None,
    category: str = "",
    overdue_on: date | None = None,
    page: int = 1,
) -> Page[Publication]:
    """The agency's documents, newest first; `overdue_on`: only those late on that day."""
    access.require(session, user, Action.VIEW, agency_id)
    query = select(Publication).where(
        Publication.agency_id == agency_id, Publication.archived_at.is_(None)
    )
    if status is not None:
        query = query.where(Publication.status == status)
    if category in CATEGORIES:
        query = query.where(Publication.category == category)
    if overdue_on is not None:
        query = query.where(
            Publication.status.not_in([Status.PUBLISHED, Status.REVOKED]),
            Publication.due_on.is_not(None),
            Publication.due_on < overdue_on,
        )
    query = query.order_by(Publication.formed_on.desc(), Publication.id.desc())
    return _paged(session, query, page, PER_PAGE)


def review_queue(session: Session, user: User, agency_id: int) -> dict[Status, list[Publication]]:
    """Documents waiting for 初审, 复审 and 终审, oldest deadline first."""
    access.require(session, user, Action.VIEW, agency_id)
    queue: dict[Status, list[Publication]] = {s: [] for s in REVIEW_STATUSES}
    query = (
        select(Publication)
        .where(
            Publication.agency_id == agency_id,
            Publication.archived_at.is_(None),
            Publication.status.in_(REVIEW_STATUSES),
        )
        .order_by(Publication.due_on, Publication.id)
    )
    for pub in session.scalars(query):
        queue[pub.status].append(pub)
    return queue


def registered_documents(session: Session, user: User, agency_id: int) -> list[RegisteredDocument]:
    access.require(session, user, Action.VIEW, agency_id)
    query = (
        select(RegisteredDocument)
        .where(RegisteredDocument.agency_id == agency_id, RegisteredDocument.archived_at.is_(None))
        .order_by(RegisteredDocument.issued_on.desc(), RegisteredDocument.id.desc())
    )
    return list(session.scalars(query))


def yearly_figures(
    session: Session, user: User, agency_id: int
) -> dict[int, dict[FigureItem, YearlyFigure]]:
    """Year (newest first) -> item -> the figure entered for it."""
    access.require(session, user, Action.VIEW, agency_id)
    query = (
        select(YearlyFigure)
        .where(YearlyFigure.agency_id == agency_id, YearlyFigure.archived_at.is_(None))
        .order_by(YearlyFigure.year.desc())
    )
    table: dict[int, dict[FigureItem, YearlyFigure]] = {}
    for row in session.scalars(query):
        table.setdefault(row.year, {})[row.item] = row
    return table


# ---------------------------------------------------------------- 复议与诉讼 (signed in)


def cases_of(session: Session, user: User, agency_ids: Collection[int]) -> list[DisputeCase]:
    """Cases of the given agencies the user may see, newest filing first."""
    visible = access.visible_agencies(session, user)
    ids = [i for i in agency_ids if i in visible]
    query = (
        select(DisputeCase)
        .where(DisputeCase.agency_id.in_(ids), DisputeCase.archived_at.is_(None))
        .order_by(DisputeCase.filed_on.desc(), DisputeCase.id.desc())
    )
    return list(session.scalars(query))


def load_case(session: Session, user: User, case_id: int) -> DisputeCase:
    case = session.get(DisputeCase, case_id)
    if (
        case is None
        or case.archived_at is not None
        or not access.can(session, user, Action.VIEW, case.agency_id)
    ):
        raise NotFound(f"案件（编号 {case_id}）不存在或您无权查看。", "请从案件列表中重新选择。")
    return case


def application_numbers(session: Session, ids: Collection[int]) -> dict[int, str]:
    """登记编号 of applications by id (for linking cases to them)."""
    if not ids:
        return {}
    query = select(Application.id, Application.number).where(Application.id.in_(list(ids)))
    return {int(i): str(n) for i, n in session.execute(query)}


def application_by_number(session: Session, agency_id: int, number: str) -> Application:
    """The agency's application with 登记编号 `number` (cases are linked by what staff see)."""
    app = session.scalar(
        select(Application).where(
            Application.agency_id == agency_id,
            Application.number == number.strip(),
            Application.archived_at.is_(None),
        )
    )
    if app is None:
        raise NotFound(
            f"本机关没有登记编号为“{number.strip()}”的申请。", "请核对登记编号，或不关联申请。"
        )
    return app
