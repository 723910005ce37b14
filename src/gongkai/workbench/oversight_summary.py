"""督导 · 指标比较, 汇总 and 核对: the reports an office holds for a year, compared, added up and
reconciled with the agencies' own registers.

The reports are those of `oversight_findings.held_reports` (the latest version an agency
submitted on the workbench, else the published file the office uploaded), so every 督导 page
speaks of the same reports. The sums, indicators and cell comparison are the ones of
`gongkai oversight` (`oversight.aggregate`, `oversight.indicators`) and of the report comparison
(`renderers.comparison.changes`): this module only finds the reports and the register figures.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from gongkai.oversight.aggregate import Aggregate, Member, add_up, same_members
from gongkai.oversight.indicators import Comparison, compare
from gongkai.renderers.comparison import Change, absent, changes
from gongkai.report.finding import Finding
from gongkai.report.model import AnnualReport
from gongkai.workbench import access
from gongkai.workbench.access import Action, NotFound
from gongkai.workbench.lifecycle import State
from gongkai.workbench.orm import Agency, Application, User
from gongkai.workbench.oversight_findings import Held, held_reports
from gongkai.workbench.statistics import build_report

# Concluded without a reply: not counted in the on-time rate (nothing was answered).
_NOT_REPLIED = (State.WITHDRAWN, State.CLOSED_NO_CORRECTION, State.CLOSED_FEE_UNPAID)


def _office(session: Session, actor_id: int) -> User:
    user = access.actor(session, actor_id)
    access.require(session, user, Action.SUPERVISE, user.agency_id)
    return user


def labels(names: Mapping[int, str]) -> dict[int, str]:
    """One distinct label per agency: its name, with its id added where two share a name."""
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    return {i: name if seen[name] == 1 else f"{name}（编号{i}）" for i, name in names.items()}


def on_workbench(session: Session, agency_ids: Collection[int]) -> set[int]:
    """The agencies that work on the workbench (they have staff accounts), so a register exists."""
    rows = session.scalars(
        select(User.agency_id)
        .where(User.agency_id.in_(list(agency_ids)), User.archived_at.is_(None))
        .distinct()
    )
    return set(rows)


def on_time_rates(session: Session, agency_ids: Collection[int], year: int) -> dict[int, float]:
    """Per agency: the share of the year's replies given by the due date (第三十三条, with the
    extensions and pauses the clock counted); agencies with no reply in the year are absent."""
    replied = (
        (Application.concluded_on >= date(year, 1, 1))
        & (Application.concluded_on <= date(year, 12, 31))
        & Application.due_on.is_not(None)
        & Application.state.not_in(_NOT_REPLIED)
        & Application.archived_at.is_(None)
    )
    in_time = func.sum(case((Application.concluded_on <= Application.due_on, 1), else_=0))
    rows = session.execute(
        select(Application.agency_id, func.count(), in_time)
        .where(Application.agency_id.in_(list(agency_ids)), replied)
        .group_by(Application.agency_id)
    )
    return {agency: int(on_time or 0) / n for agency, n, on_time in rows if n}


# ---------------------------------------------------------------- 指标比较


@dataclass(frozen=True, slots=True)
class Compared:
    """The year's comparison, keyed by agency label, and which agency each label is."""

    comparison: Comparison
    agency_ids: Mapping[str, int]
    sources: Mapping[str, str]
    without_report: tuple[str, ...]  # supervised agencies with no report held for the year


def comparison(session: Session, actor_id: int, year: int) -> Compared:
    """Every held report of `year` measured, ranked and set against the same agency's last year."""
    user = _office(session, actor_id)
    names = labels(access.agency_names(session, user))
    this, last = held_reports(session, user, year), held_reports(session, user, year - 1)
    registered = on_workbench(session, this)
    rates = on_time_rates(session, registered, year)
    result = compare(
        year,
        {names[i]: h.report for i, h in this.items()},
        {names[i]: h.report for i, h in last.items()},
        on_time={names[i]: rate for i, rate in rates.items() if i in this},
    )
    return Compared(
        result,
        {names[i]: i for i in this},
        {names[i]: h.source for i, h in this.items()},
        _without(names, this, user),
    )


def _without(names: Mapping[int, str], held: Mapping[int, Held], user: User) -> tuple[str, ...]:
    """Supervised agencies (not the office itself) with no report for the year."""
    return tuple(name for i, name in names.items() if i not in held and i != user.agency_id)


# ---------------------------------------------------------------- 汇总


@dataclass(frozen=True, slots=True)
class Totals:
    aggregate: Aggregate
    agency_ids: Mapping[str, int]  # member label -> agency id
    without_report: tuple[str, ...]  # not added up: no report held for the year
    findings: tuple[Finding, ...]  # the aggregate's own (R50, R51, R17) and R52 against last year


def region_name(session: Session, user: User) -> str:
    """The aggregate's name: the office's region, e.g. "桐庐县（汇总）"."""
    office = session.get(Agency, user.agency_id)
    region = office.region.name if office is not None else "本地区"
    return f"{region}（汇总）"


def totals(session: Session, actor_id: int, year: int) -> Totals | None:
    """The cell-wise sum of every held report of `year` (R50, R51), failing members named;
    None when the office holds no report of the year."""
    user = _office(session, actor_id)
    names = labels(access.agency_names(session, user))
    this = held_reports(session, user, year)
    if not this:
        return None
    name = region_name(session, user)
    total = add_up(name, year, [Member(names[i], h.report) for i, h in this.items()])
    found = list(total.findings)
    last = held_reports(session, user, year - 1)
    if last:
        before = add_up(name, year - 1, [Member(names[i], h.report) for i, h in last.items()])
        changed = same_members(total, before)
        if changed is not None:
            found.append(changed)
    return Totals(total, {names[i]: i for i in this}, _without(names, this, user), tuple(found))


# ---------------------------------------------------------------- 核对


@dataclass(frozen=True, slots=True)
class Reconciled:
    """One agency's held report set against the tables computed from its own register."""

    agency_id: int
    agency: str
    source: str
    report: AnnualReport  # as published (or submitted)
    register: AnnualReport  # as the register gives it today
    differences: tuple[Change, ...]  # before = register, after = report


@dataclass(frozen=True, slots=True)
class Reconciliation:
    results: list[Reconciled]
    not_submitted: tuple[str, ...]  # agencies on the workbench without a report for the year


def reconciliation(session: Session, actor_id: int, year: int) -> Reconciliation:
    """Every agency on the workbench whose report of `year` the office holds, compared cell by
    cell with its register (agencies that only publish files have no register to compare)."""
    user = _office(session, actor_id)
    names = labels(access.agency_names(session, user))
    held = held_reports(session, user, year)
    registered = on_workbench(session, [i for i in names if i != user.agency_id])
    results = [_reconcile(session, names[i], h) for i, h in held.items() if i in registered]
    waiting = tuple(names[i] for i in names if i in registered and i not in held)
    return Reconciliation(results, waiting)


def reconcile_one(session: Session, actor_id: int, agency_id: int, year: int) -> Reconciled:
    user = _office(session, actor_id)
    names = labels(access.agency_names(session, user))
    if agency_id not in names:
        raise NotFound("机关不存在或不在您所辖的范围内。", "请从核对列表中选择机关。")
    held = held_reports(session, user, year).get(agency_id)
    if held is None:
        raise NotFound(
            f"{names[agency_id]}尚无{year}年度的年报。", "机关报送或公开年报后才能核对。"
        )
    if agency_id not in on_workbench(session, [agency_id]):
        raise NotFound(
            f"{names[agency_id]}未在工作台办理申请，没有可核对的登记数据。",
            "只有在工作台登记申请的机关才能将年报与登记数据核对。",
        )
    return _reconcile(session, names[agency_id], held)


def _reconcile(session: Session, label: str, held: Held) -> Reconciled:
    agency = session.get(Agency, held.agency_id)
    name = agency.name if agency is not None else label
    register = build_report(session, name, [held.agency_id], held.year)
    found = (*changes(register, held.report), *absent(register, held.report))
    return Reconciled(held.agency_id, label, held.source, held.report, register, found)
