"""督导 · 检查发现: one list of the findings of every report a supervising office holds for a year.

A report is either on the workbench (the latest version its agency submitted, or the published
one) or a published file the office uploaded; when an agency has both, the workbench's is used.
Each is checked with the same rules as everywhere (the cross-year ones against the same agency's
report of the year before, when the office holds it), and each finding carries the office's
verdict if it gave one (`oversight_files.decide`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.report import codec
from gongkai.report.finding import Finding
from gongkai.report.model import AnnualReport
from gongkai.report.provenance import findings_with_places
from gongkai.report.rules import check_report
from gongkai.workbench import access
from gongkai.workbench.access import Action, NotFound
from gongkai.workbench.orm import (
    FindingVerdict,
    PublishedFile,
    ReportDraft,
    ReportStatus,
    ReportVersion,
    User,
    Verdict,
)
from gongkai.workbench.oversight_files import finding_key

HELD = (
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.ACCEPTED,
    ReportStatus.PUBLISHED,
)
OPEN = "open"  # a verdict filter: findings without a verdict yet


@dataclass(frozen=True, slots=True)
class Held:
    """One report the office holds: where it came from and the report itself."""

    agency_id: int
    year: int
    source: str  # Chinese: "工作台（已报送）" or "年报文件 x.pdf"
    report: AnnualReport


@dataclass(frozen=True, slots=True)
class Item:
    agency_id: int
    agency: str
    year: int
    source: str
    finding: Mapping[str, Any]
    key: str
    verdict: FindingVerdict | None


def held_reports(
    session: Session, user: User, year: int, *, only: int | None = None
) -> dict[int, Held]:
    """Every report of `year` the viewer's office holds, by agency (workbench first); with
    `only`, just that agency's (which must be in the viewer's scope)."""
    ids = [only] if only is not None else list(access.agency_names(session, user))
    out: dict[int, Held] = {}
    files = session.scalars(
        select(PublishedFile).where(
            PublishedFile.agency_id.in_(ids),
            PublishedFile.year == year,
            PublishedFile.archived_at.is_(None),
        )
    )
    for row in files:
        report = codec.from_dict(row.report, validated=True)
        out[row.agency_id] = Held(row.agency_id, year, f"年报文件 {row.file_name}", report)
    latest = (
        select(ReportVersion, ReportDraft.agency_id)
        .join(ReportDraft, ReportDraft.id == ReportVersion.draft_id)
        .where(
            ReportDraft.agency_id.in_(ids),
            ReportDraft.year == year,
            ReportVersion.status.in_(HELD),
        )
        .order_by(ReportDraft.agency_id, ReportVersion.seq)
    )
    for version, agency_id in session.execute(latest):  # the last one of each agency wins
        report = codec.from_dict(version.report, validated=True)
        out[agency_id] = Held(agency_id, year, f"工作台（{version.status.label}）", report)
    return out


def findings(
    session: Session,
    actor_id: int,
    year: int,
    *,
    rule: str | None = None,
    severity: str | None = None,
    verdict: str | None = None,
    agency_id: int | None = None,
) -> list[Item]:
    """The failed and not-assessable findings of every held report of `year`, errors first."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.SUPERVISE, user.agency_id)
    names = access.agency_names(session, user)
    if agency_id is not None and agency_id not in names:
        raise NotFound("机关不存在或不在您所辖的范围内。", "请从列表中选择机关。")
    this_year = held_reports(session, user, year, only=agency_id)
    last_year = held_reports(session, user, year - 1, only=agency_id)
    decided = _verdicts(session, list(names) if agency_id is None else [agency_id], year)
    items = []
    for held in this_year.values():
        previous = last_year.get(held.agency_id)
        checked = check_report(held.report, previous.report if previous else None)
        for finding in findings_with_places(held.report, checked):
            key = finding_key(finding)
            found = decided.get((held.agency_id, key))
            item = Item(
                held.agency_id, names[held.agency_id], year, held.source, finding, key, found
            )
            if _wanted(item, rule, severity, verdict):
                items.append(item)
    order = {"error": 0, "warning": 1, "info": 2}
    items.sort(key=lambda i: (order.get(str(i.finding["severity"]), 3), i.agency, i.key))
    return items


def held_one(
    session: Session, actor_id: int, agency_id: int, year: int
) -> tuple[str, Held, list[Finding]]:
    """One agency's held report of `year` with its findings (cross-year rules against last
    year's), for the drill-down to the cells: the agency's name, the report and the findings."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.SUPERVISE, user.agency_id)
    names = access.agency_names(session, user)
    if agency_id not in names:
        raise NotFound("机关不存在或不在您所辖的范围内。", "请从列表中选择机关。")
    held = held_reports(session, user, year, only=agency_id).get(agency_id)
    if held is None:
        raise NotFound(
            f"尚无{names[agency_id]}{year}年度的年报。",
            "机关在工作台报送年报，或在“年报文件与别名”中上传已公开的年报后即可查看。",
        )
    previous = held_reports(session, user, year - 1, only=agency_id).get(agency_id)
    return names[agency_id], held, check_report(held.report, previous.report if previous else None)


def one(session: Session, actor_id: int, agency_id: int, year: int, key: str) -> Item:
    """The finding named `key` of an agency-year, found again on the server (a verdict form names
    it; its content is never taken from the form)."""
    for item in findings(session, actor_id, year, agency_id=agency_id):
        if item.key == key:
            return item
    raise NotFound("该检查发现已不存在（年报可能已更新）。", "请刷新列表后重新操作。")


def _verdicts(session: Session, ids: list[int], year: int) -> dict[tuple[int, str], FindingVerdict]:
    rows = session.scalars(
        select(FindingVerdict).where(FindingVerdict.agency_id.in_(ids), FindingVerdict.year == year)
    )
    return {(row.agency_id, row.finding_key): row for row in rows}


def _wanted(item: Item, rule: str | None, severity: str | None, verdict: str | None) -> bool:
    f = item.finding
    if rule and f["rule"] != rule:
        return False
    if severity == "not_assessable":
        return bool(f["status"] == "not_assessable")
    if severity and (f["severity"] != severity or f["status"] != "failed"):
        return False
    if verdict == OPEN:
        return item.verdict is None
    if verdict in (Verdict.CONFIRMED.value, Verdict.DISMISSED.value):
        return item.verdict is not None and item.verdict.verdict.value == verdict
    return True
