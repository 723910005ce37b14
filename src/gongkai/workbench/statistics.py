"""The annual report from the register: tables 二, 三 and 四 computed by the fill rules (R60).

Table 三 is four grouped queries over two indexed dates of each application, `received_on` and
`concluded_on`:
- 本年新收: received in the year;
- 上年结转: received before 1 January and not concluded before it;
- results: concluded in the year, by the row its final decision (or closing) lands in;
- 结转下年度: received by 31 December and not concluded by then.
Because every application is concluded at most once and never before it was received, each
column satisfies new + carried_over == results_total + carried_forward (R10) and the totals add
up (R11, R12) by construction; the tests hold this against a brute-force replay of random histories.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from gongkai.report import format as fmt
from gongkai.report.drafting import draft
from gongkai.report.model import (
    AnnualReport,
    Applications,
    AppRow,
    DocumentFacts,
    Reviews,
    SectionMark,
)
from gongkai.workbench import access
from gongkai.workbench.access import Action
from gongkai.workbench.disputes import column_at
from gongkai.workbench.intake import APPLICANT_TYPES
from gongkai.workbench.lifecycle import EventKind
from gongkai.workbench.orm import (
    Agency,
    Application,
    ApplicationEvent,
    DisputeCase,
    agency_subtree,
)
from gongkai.workbench.registers import proactive_table
from gongkai.workbench.store import get

_COLUMN = {key: i for i, key in enumerate(APPLICANT_TYPES)}
_RESULT_KEYS = fmt.result_keys(False)


class DisputeCounting(StrEnum):
    """Which 复议/诉讼 cases a year's table 四 counts (domain.md 7.5: the convention is open)."""

    FILED = "filed"  # cases filed in the year, with their state on 31 December
    ACTIVE = "active"  # cases filed in the year or still pending on 1 January


def annual_report(
    session: Session,
    actor_id: int,
    agency_id: int,
    year: int,
    *,
    subtree: bool = False,
    disputes: DisputeCounting = DisputeCounting.FILED,
) -> AnnualReport:
    """The canonical report of `agency_id` for `year`; with `subtree`, the sum over the agency and
    every agency it supervises (a supervising office's region)."""
    user = access.actor(session, actor_id)
    agency = get(session, Agency, agency_id, "机关")
    access.require(session, user, Action.VIEW, agency_id)
    ids = list(session.scalars(agency_subtree(agency_id))) if subtree else [agency_id]
    return build_report(session, agency.name, ids, year, disputes=disputes)


def build_report(
    session: Session,
    agency_name: str,
    agency_ids: Collection[int],
    year: int,
    *,
    disputes: DisputeCounting = DisputeCounting.FILED,
) -> AnnualReport:
    """The report over `agency_ids` without a permission check: for callers that did it.

    The narrative gets the drafted figure sentences (report/drafting.py); the document facts are
    those of the document the renderers print: the standard title and the six standard headings.
    """
    title = f"{agency_name}{year}年政府信息公开工作年度报告"
    sections = tuple(SectionMark(s.key, f"{s.numeral}、{s.heading}") for s in fmt.SECTIONS)
    report = AnnualReport(
        template="2021",
        agency=agency_name,
        year=year,
        proactive=proactive_table(session, agency_ids, year),
        applications=applications_table(session, agency_ids, year),
        reviews=reviews_table(session, agency_ids, year, disputes),
        document=DocumentFacts(title=title, sections=sections, title_year=year, period_year=year),
        extra={
            "generated": {"source": "register", "agencies": sorted(agency_ids)},
            "fees_info": fees_info(session, agency_ids, year),
        },
    )
    return draft(report)


def fees_info(session: Session, agency_ids: Collection[int], year: int) -> dict[str, int]:
    """信息处理费 of the year (domain.md 1.7), in 元: notices sent and their amount, fees paid."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    a, e = Application, ApplicationEvent
    out: dict[str, int] = {}
    for kind, count_key, amount_key in (
        (EventKind.ISSUE_FEE_NOTICE, "notices_issued", "notices_amount"),
        (EventKind.FEE_PAID, "payments", "collected_amount"),
    ):
        query = (
            select(func.count(), func.coalesce(func.sum(a.fee_amount), 0))
            .select_from(e)
            .join(a, a.id == e.application_id)
            .where(
                a.agency_id.in_(agency_ids),
                a.archived_at.is_(None),
                e.kind == kind,
                e.on.between(first, last),
            )
        )
        count, amount = session.execute(query).one()
        out[count_key], out[amount_key] = int(count), int(amount or 0)
    return out


def applications_table(session: Session, agency_ids: Collection[int], year: int) -> Applications:
    first, last = date(year, 1, 1), date(year, 12, 31)
    a = Application
    scope = and_(a.agency_id.in_(agency_ids), a.archived_at.is_(None))
    counts: dict[str, list[int]] = {}
    counts["new"] = _by_type(session, and_(scope, a.received_on.between(first, last)))
    counts["carried_over"] = _by_type(
        session,
        and_(scope, a.received_on < first, or_(a.concluded_on.is_(None), a.concluded_on >= first)),
    )
    counts["carried_forward"] = _by_type(
        session,
        and_(scope, a.received_on <= last, or_(a.concluded_on.is_(None), a.concluded_on > last)),
    )
    results = {key: [0] * len(APPLICANT_TYPES) for key in _RESULT_KEYS}
    query = (
        select(a.report_row, a.applicant_type, func.count())
        .where(scope, a.concluded_on.between(first, last))
        .group_by(a.report_row, a.applicant_type)
    )
    for row, kind, n in session.execute(query):
        if row not in results:
            raise ValueError(f"application concluded without a result row: {row!r}")
        results[row][_COLUMN[kind]] += n
    counts.update(results)
    counts["results_total"] = [
        sum(results[k][c] for k in _RESULT_KEYS) for c in range(len(APPLICANT_TYPES))
    ]
    rows: dict[str, AppRow] = {}
    for key in fmt.application_keys(False):
        cells = counts[key]
        rows[key] = (*cells, sum(cells))
    return Applications(rows)


def _by_type(session: Session, condition: ColumnElement[bool]) -> list[int]:
    cells = [0] * len(APPLICANT_TYPES)
    query = select(Application.applicant_type, func.count()).where(condition)
    for kind, n in session.execute(query.group_by(Application.applicant_type)):
        cells[_COLUMN[kind]] = n
    return cells


def reviews_table(
    session: Session,
    agency_ids: Collection[int],
    year: int,
    counting: DisputeCounting = DisputeCounting.FILED,
) -> Reviews:
    first, last = date(year, 1, 1), date(year, 12, 31)
    d = DisputeCase
    in_year: ColumnElement[bool] = d.filed_on.between(first, last)
    if counting is DisputeCounting.ACTIVE:
        pending_on_first = and_(
            d.filed_on < first, or_(d.closed_on.is_(None), d.closed_on >= first)
        )
        in_year = or_(in_year, pending_on_first)
    groups: dict[str, dict[str, int]] = {
        g.key: {c.key: 0 for c in fmt.REVIEW_COLUMNS} for g in fmt.REVIEW_GROUPS
    }
    query = (
        select(d.kind, d.closed_on, d.outcome, func.count())
        .where(d.agency_id.in_(agency_ids), d.archived_at.is_(None), in_year)
        .group_by(d.kind, d.closed_on, d.outcome)
    )
    for kind, closed_on, outcome, n in session.execute(query):
        group = groups[kind.value]
        group[column_at(closed_on, outcome, last)] += n
        group["total"] += n
    return Reviews(groups)
