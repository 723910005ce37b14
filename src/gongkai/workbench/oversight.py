"""督导 · 报送情况: where every supervised agency's report of a year stands, and who is late.

One query for the agencies' drafts with their publication moment, one for the uploaded files of
agencies not on the workbench; the deadline is `report.agency.publication_deadline`, the one
definition R04 and `gongkai oversight` use too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.oversight.collection import ACCEPTED, NOT_SUBMITTED, PUBLISHED, RETURNED, SUBMITTED
from gongkai.report.agency import publication_deadline
from gongkai.workbench import access
from gongkai.workbench.access import Action
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.orm import PublishedFile, ReportDraft, ReportStatus, ReportVersion

STATE = {
    ReportStatus.DRAFT: NOT_SUBMITTED,
    ReportStatus.SUBMITTED: SUBMITTED,
    ReportStatus.RETURNED: RETURNED,
    ReportStatus.ACCEPTED: ACCEPTED,
    ReportStatus.PUBLISHED: PUBLISHED,
}


class Line(NamedTuple):
    """One agency's line of the board (a tuple: a province's board makes 5,000 each request, and
    a frozen dataclass takes three times as long to build)."""

    agency_id: int
    agency: str
    state: str
    deadline: date
    published: date | None
    late: bool
    source: str  # "工作台", "年报文件" or ""

    @property
    def remark(self) -> str:
        if self.published is not None:
            days = (self.published - self.deadline).days
            return f"逾期 {days} 天公开" if days > 0 else "按时公开"
        if self.state == PUBLISHED:  # a file that prints no date: whether on time is not known
            return "公开日期不详"
        return "逾期未公开" if self.late else "未到期限"


@dataclass(frozen=True, slots=True)
class Board:
    """A year's lines with their counts by state and of the late, counted once (a page shows
    them all)."""

    year: int
    lines: tuple[Line, ...]
    counts: dict[str, int] = field(init=False)
    late: int = field(init=False)

    def __post_init__(self) -> None:
        found = Counter(line.state for line in self.lines)
        counts = {
            state: found.get(state, 0)
            for state in (NOT_SUBMITTED, SUBMITTED, RETURNED, ACCEPTED, PUBLISHED)
        }
        object.__setattr__(self, "counts", counts)
        object.__setattr__(self, "late", sum(1 for line in self.lines if line.late))


def board(session: Session, actor_id: int, year: int, today: date) -> Board:
    """Every agency the viewer supervises (not the office itself, which reports as part of its
    government), with its report's state for `year`: the workbench's unless it is still a draft
    there and a published file was uploaded, which is then the report (as for the findings)."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.SUPERVISE, user.agency_id)
    names = access.agency_names(session, user)
    # The year's rows of every agency, kept for those in scope: a province's office has
    # thousands of agencies, and an IN list of thousands of ids costs more than the query.
    published_at = (
        select(ReportVersion.draft_id, func.max(ReportVersion.at).label("at"))
        .join(ReportDraft, ReportDraft.id == ReportVersion.draft_id)
        .where(ReportVersion.status == ReportStatus.PUBLISHED, ReportDraft.year == year)
        .group_by(ReportVersion.draft_id)
        .subquery()
    )
    core = session.connection()  # plain rows: the ORM's result machinery costs more than this
    drafts = core.execute(
        select(ReportDraft.agency_id, ReportDraft.status, published_at.c.at)
        .outerjoin(published_at, published_at.c.draft_id == ReportDraft.id)
        .where(ReportDraft.year == year)
    ).all()
    on_workbench = {agency_id: (status, at) for agency_id, status, at in drafts}
    files = core.execute(
        select(PublishedFile.agency_id, PublishedFile.published_on).where(
            PublishedFile.year == year, PublishedFile.archived_at.is_(None)
        )
    ).all()
    uploaded = dict(files)
    lines = []
    for agency_id, name in names.items():
        if agency_id == user.agency_id:
            continue
        deadline = publication_deadline(name, year)
        status, at = on_workbench.get(agency_id, (None, None))
        if status is not None and (status is not ReportStatus.DRAFT or agency_id not in uploaded):
            state, published, source = STATE[status], _china_date(at), "工作台"
        elif agency_id in uploaded:
            state, published, source = PUBLISHED, uploaded[agency_id], "年报文件"
        else:
            state, published, source = NOT_SUBMITTED, None, ""
        late = (
            published > deadline
            if published is not None
            else (state != PUBLISHED and today > deadline)
        )
        lines.append(Line(agency_id, name, state, deadline, published, late, source))
    return Board(year, tuple(lines))


def _china_date(at: datetime | None) -> date | None:
    """The day in China of a stored moment (SQLite gives it back naive, in UTC)."""
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(CHINA_TZ).date()
