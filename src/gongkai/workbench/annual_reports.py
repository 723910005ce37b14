"""年度报告 workflow: the agency's draft, its submission, the supervising office's verdict, release.

The tables are never stored while a report is being written: they are computed live from the
register (`statistics.build_report`), so the page always shows what the records say. What people
write (sections 一, 五 and 六) lives in the `ReportDraft`. Each step of the workflow appends a
`ReportVersion` that freezes the whole composed report as canonical JSON:

    draft ──submit──▶ submitted ──accept──▶ accepted ──publish──▶ published
      ▲                  │
      └──── returned ◀───┘ (return with comments; edit and submit again)

Submitted, accepted and published versions never change (the ORM refuses updates of append-only
rows) and the narrative is locked while the report is submitted, accepted or published.
Acceptance and publication copy the submitted report as it was: the supervising office accepts
what it read, not what the register says a day later.

Every function checks permissions (`access.require`), writes an audit entry for every change and
flushes; the caller commits, so a refused step leaves the database as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.report import codec
from gongkai.report import format as fmt
from gongkai.report.drafting import draft as draft_figures
from gongkai.report.finding import Finding
from gongkai.report.model import AnnualReport, Narrative
from gongkai.report.rules import check_report
from gongkai.workbench import access, store
from gongkai.workbench.access import Action
from gongkai.workbench.orm import (
    Agency,
    Application,
    AuditAction,
    ReportDraft,
    ReportStatus,
    ReportVersion,
    User,
    record,
    snapshot,
)
from gongkai.workbench.statistics import build_report

_DRAFTS = "report_drafts"
_VERSIONS = "report_versions"
FIRST_YEAR = 2008  # the 条例 took effect on 2008-05-01: no annual report before
MAX_SECTION = 20_000  # characters per narrative section
MAX_COMMENT = 2_000
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
SECTION_TITLES: Mapping[str, str] = {
    s.text_key: f"{s.numeral}、{s.heading}" for s in fmt.SECTIONS if s.text_key
}


class ReportFlowError(GongkaiError):
    """A workflow step that the report's state or content does not allow."""


class ReportHasErrors(ReportFlowError):
    """Submission refused because the checker found errors; `findings` lists them."""

    def __init__(self, message: str, hint: str, findings: list[Finding]) -> None:
        super().__init__(message, hint)
        self.findings = findings


@dataclass(frozen=True, slots=True)
class Moves:
    """What the user may do to the report in its current state (the page shows these buttons)."""

    edit: bool = False
    submit: bool = False
    verdict: bool = False  # return with comments, accept
    publish: bool = False


# ---------------------------------------------------------------- reading


def check_year(year: int, now: datetime) -> int:
    if not FIRST_YEAR <= year <= now.year:
        raise access.NotFound(
            f"没有{year}年度的年度报告。",
            f"年度应在{FIRST_YEAR}年至{now.year}年之间。",
        )
    return year


def find_draft(
    session: Session, actor_id: int, agency_id: int, year: int
) -> tuple[Agency, ReportDraft | None]:
    """The agency and its draft for `year` (None before anybody wrote or submitted), for viewers."""
    user = access.actor(session, actor_id)
    agency = store.get(session, Agency, agency_id, "机关")
    access.require(session, user, Action.VIEW, agency_id)
    row = session.scalar(
        select(ReportDraft).where(ReportDraft.agency_id == agency_id, ReportDraft.year == year)
    )
    return agency, row


def narrative_of(row: ReportDraft | None) -> dict[str, str]:
    """The written sections, every narrative key present ("" when not written)."""
    stored: Mapping[str, Any] = row.narrative if row is not None else {}
    return {key: str(stored.get(key) or "") for key in fmt.TEXT_KEYS}


def compose(
    session: Session, agency: Agency, year: int, narrative: Mapping[str, str] | None
) -> AnnualReport:
    """The report as it would be submitted now: live tables plus the written narrative, with the
    figure sentences drafted where the narrative does not state them. No permission check."""
    base = build_report(session, agency.name, [agency.id], year)
    written = {k: (v.strip() or None) for k, v in (narrative or {}).items() if k in fmt.TEXT_KEYS}
    report = dataclasses.replace(base, text=Narrative(**written))
    return draft_figures(report)


def composed(
    session: Session, actor_id: int, agency_id: int, year: int
) -> tuple[AnnualReport, ReportDraft | None]:
    """The composed report of (agency, year) and its draft, for viewers of the agency."""
    agency, row = find_draft(session, actor_id, agency_id, year)
    return compose(session, agency, year, narrative_of(row)), row


def moves(session: Session, user: User, agency_id: int, row: ReportDraft | None) -> Moves:
    status = row.status if row is not None else ReportStatus.DRAFT
    editable = status in EDITABLE and access.can(session, user, Action.HANDLE, agency_id)
    return Moves(
        edit=editable,
        submit=editable,
        verdict=status is ReportStatus.SUBMITTED
        and access.can(session, user, Action.SUPERVISE, agency_id),
        publish=status is ReportStatus.ACCEPTED
        and access.can(session, user, Action.MANAGE, agency_id),
    )


def versions(session: Session, actor_id: int, agency_id: int, year: int) -> list[ReportVersion]:
    """The locked versions of the report, oldest first."""
    _, row = find_draft(session, actor_id, agency_id, year)
    return list(row.versions) if row is not None else []


def version(
    session: Session, actor_id: int, agency_id: int, year: int, version_id: int
) -> ReportVersion:
    """One locked version, refused unless it belongs to the named agency's report of `year`."""
    _, row = find_draft(session, actor_id, agency_id, year)
    found = session.get(ReportVersion, version_id)
    if row is None or found is None or found.draft_id != row.id:
        raise access.NotFound(
            f"该年度报告没有编号为 {version_id} 的版本。", "请从版本记录中重新选择。"
        )
    return found


def frozen(row: ReportVersion) -> AnnualReport:
    """The report a version froze."""
    return codec.from_dict(row.report)


def published(session: Session, agency_id: int, year: int) -> AnnualReport | None:
    """The published report of (agency, year), for the public archive (no sign-in needed)."""
    row = session.scalar(
        select(ReportVersion)
        .join(ReportDraft, ReportDraft.id == ReportVersion.draft_id)
        .where(
            ReportDraft.agency_id == agency_id,
            ReportDraft.year == year,
            ReportVersion.status == ReportStatus.PUBLISHED,
        )
        .order_by(ReportVersion.seq.desc())
        .limit(1)
    )
    return frozen(row) if row is not None else None


def drafts_for(session: Session, actor_id: int) -> list[ReportDraft]:
    """The drafts of every agency the user sees, newest year first."""
    user = access.actor(session, actor_id)
    seen = access.visible_agencies(session, user)
    query = (
        select(ReportDraft)
        .where(ReportDraft.agency_id.in_(seen), ReportDraft.archived_at.is_(None))
        .order_by(ReportDraft.year.desc(), ReportDraft.agency_id)
    )
    return list(session.scalars(query))


def awaiting_verdict(session: Session, actor_id: int) -> list[ReportDraft]:
    """Submitted reports the user is to accept or return (a supervising office's queue)."""
    user = access.actor(session, actor_id)
    return [
        row
        for row in drafts_for(session, actor_id)
        if row.status is ReportStatus.SUBMITTED
        and access.can(session, user, Action.SUPERVISE, row.agency_id)
    ]


def agencies_for(session: Session, actor_id: int) -> list[Agency]:
    user = access.actor(session, actor_id)
    seen = access.visible_agencies(session, user)
    query = select(Agency).where(Agency.id.in_(seen), Agency.archived_at.is_(None))
    return list(session.scalars(query.order_by(Agency.id)))


def years_with_data(session: Session, agency_ids: Collection[int], now: datetime) -> list[int]:
    """Years in which the agencies received applications or have a report, newest first."""
    received = func.extract("year", Application.received_on)
    years = {
        int(y)
        for y in session.scalars(
            select(received).where(Application.agency_id.in_(agency_ids)).distinct()
        )
        if y is not None
    }
    years.update(
        session.scalars(select(ReportDraft.year).where(ReportDraft.agency_id.in_(agency_ids)))
    )
    years.add(now.year - 1 if now.year > FIRST_YEAR else now.year)
    return sorted((y for y in years if FIRST_YEAR <= y <= now.year), reverse=True)


# ---------------------------------------------------------------- writing


def save_narrative(
    session: Session,
    actor_id: int,
    agency_id: int,
    year: int,
    texts: Mapping[str, str],
    *,
    expected_version: int | None,
    now: datetime,
) -> ReportDraft:
    """Store the written sections; only while the report is a draft or was returned.

    `expected_version` 0 means the user saw no draft yet: a draft somebody else created meanwhile
    is a conflict, as is any other version than the stored one.
    """
    user = access.actor(session, actor_id)
    check_year(year, now)
    agency, row = find_draft(session, actor_id, agency_id, year)
    access.require(session, user, Action.HANDLE, agency_id)
    cleaned = {key: _section(key, texts.get(key, "")) for key in fmt.TEXT_KEYS}
    if row is None:
        if expected_version not in (None, 0):
            raise access.Conflict(
                "该年度报告已不存在或已被重建。", "请刷新页面，查看最新内容后再操作。"
            )
        row = ReportDraft(
            agency_id=agency.id, year=year, narrative=cleaned, status=ReportStatus.DRAFT
        )
        row.created_at = now
        session.add(row)
        session.flush()
        record(session, user, _DRAFTS, row.id, AuditAction.CREATE, None, snapshot(row), now)
        session.flush()
        return row
    _check_draft_version(row, expected_version)
    _require_editable(row)
    before = snapshot(row)
    row.narrative = cleaned
    session.flush()
    record(session, user, _DRAFTS, row.id, AuditAction.UPDATE, before, snapshot(row), now)
    session.flush()
    return row


def submit(
    session: Session,
    actor_id: int,
    agency_id: int,
    year: int,
    *,
    expected_version: int | None,
    now: datetime,
) -> ReportVersion:
    """Freeze the composed report and send it to the supervising office.

    Refused while the checker finds errors (warnings and notes do not block: they are often
    "cannot judge" for lack of outside facts) and while section 五 is empty, which the national
    format requires and no program can write.
    """
    user = access.actor(session, actor_id)
    check_year(year, now)
    agency, row = find_draft(session, actor_id, agency_id, year)
    access.require(session, user, Action.HANDLE, agency_id)
    if row is None:
        row = save_narrative(
            session, actor_id, agency_id, year, {}, expected_version=expected_version, now=now
        )
    else:
        _check_draft_version(row, expected_version)
    _require_editable(row)
    written = narrative_of(row)
    if not written["problems"].strip():
        raise ReportFlowError(
            f"第五部分“{SECTION_TITLES['problems']}”尚未填写，不能报送。",
            "请填写本年度存在的主要问题及改进情况，保存后再报送。",
        )
    report = compose(session, agency, year, written)
    errors = blocking(check_report(report))
    if errors:
        rules = "、".join(sorted({f.rule for f in errors}))
        raise ReportHasErrors(
            f"核对发现 {len(errors)} 项错误（{rules}），不能报送。",
            "请按核对结果更正登记数据或正文后再报送；警告和提示不影响报送。",
            errors,
        )
    return _step(
        session,
        user,
        row,
        ReportStatus.SUBMITTED,
        report=codec.to_dict(report),
        comment="",
        now=now,
    )


def return_with_comments(
    session: Session,
    actor_id: int,
    agency_id: int,
    year: int,
    comment: str,
    *,
    expected_version: int | None,
    now: datetime,
) -> ReportVersion:
    """The supervising office sends a submitted report back, saying what to change."""
    user, row = _for_verdict(session, actor_id, agency_id, year, expected_version)
    comment = (comment or "").strip()
    if not comment:
        raise ReportFlowError("退回时须填写修改意见。", "请写明需要修改的内容，以便机关更正。")
    if len(comment) > MAX_COMMENT:
        raise ReportFlowError(
            f"修改意见过长（{len(comment)}个字符，最多{MAX_COMMENT}个）。", "请精简修改意见。"
        )
    return _step(
        session,
        user,
        row,
        ReportStatus.RETURNED,
        report=_last_report(row),
        comment=comment,
        now=now,
    )


def accept(
    session: Session,
    actor_id: int,
    agency_id: int,
    year: int,
    *,
    expected_version: int | None,
    now: datetime,
    comment: str = "",
) -> ReportVersion:
    """The supervising office accepts the submitted report: a locked copy of what it read."""
    user, row = _for_verdict(session, actor_id, agency_id, year, expected_version)
    note = (comment or "").strip()[:MAX_COMMENT]
    return _step(
        session, user, row, ReportStatus.ACCEPTED, report=_last_report(row), comment=note, now=now
    )


def publish(
    session: Session,
    actor_id: int,
    agency_id: int,
    year: int,
    *,
    expected_version: int | None,
    now: datetime,
) -> ReportVersion:
    """The agency releases the accepted report; the public archive serves this version."""
    user = access.actor(session, actor_id)
    _, row = find_draft(session, actor_id, agency_id, year)
    access.require(session, user, Action.MANAGE, agency_id)
    if row is None or row.status is not ReportStatus.ACCEPTED:
        state = row.status.label if row is not None else "未报送"
        raise ReportFlowError(
            f"该年度报告当前状态为“{state}”，只有审核通过的报告可以发布。",
            "请先报送，待政务公开主管部门审核通过后再发布。",
        )
    _check_draft_version(row, expected_version)
    return _step(
        session, user, row, ReportStatus.PUBLISHED, report=_last_report(row), comment="", now=now
    )


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that stop a submission: failed rules of severity error."""
    return [f for f in findings if f.severity == "error" and f.status == "failed"]


# ---------------------------------------------------------------- helpers


def _section(key: str, text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_SECTION:
        raise ReportFlowError(
            f"“{SECTION_TITLES[key]}”过长（{len(text)}个字符，最多{MAX_SECTION}个）。",
            "请精简该部分内容。",
        )
    return text


def _check_draft_version(row: ReportDraft, expected: int | None) -> None:
    store.check_version(row, expected, f"{row.year}年度报告")


def _require_editable(row: ReportDraft) -> None:
    if row.status not in EDITABLE:
        raise ReportFlowError(
            f"该年度报告当前状态为“{row.status.label}”，不能修改或再次报送。",
            "报送后内容即锁定；如需修改，请政务公开主管部门退回后再改。",
        )


def _for_verdict(
    session: Session, actor_id: int, agency_id: int, year: int, expected: int | None
) -> tuple[User, ReportDraft]:
    user = access.actor(session, actor_id)
    _, row = find_draft(session, actor_id, agency_id, year)
    access.require(session, user, Action.SUPERVISE, agency_id)
    if row is None or row.status is not ReportStatus.SUBMITTED:
        state = row.status.label if row is not None else "未报送"
        raise ReportFlowError(
            f"该年度报告当前状态为“{state}”，只有已报送的报告可以审核。",
            "请等待机关报送后再审核。",
        )
    _check_draft_version(row, expected)
    return user, row


def _last_report(row: ReportDraft) -> dict[str, Any]:
    report: dict[str, Any] = row.versions[-1].report
    return report


def _step(
    session: Session,
    user: User,
    row: ReportDraft,
    status: ReportStatus,
    *,
    report: dict[str, Any],
    comment: str,
    now: datetime,
) -> ReportVersion:
    """Move the draft to `status` and append the version that records the step."""
    before = snapshot(row)
    row.status = status
    entry = ReportVersion(
        draft=row,
        seq=len(row.versions) + 1,
        status=status,
        report=report,
        comment=comment,
        actor_id=user.id,
        at=now,
    )
    session.add(entry)
    session.flush()
    record(session, user, _DRAFTS, row.id, AuditAction.UPDATE, before, snapshot(row), now)
    after = {k: v for k, v in snapshot(entry).items() if k != "report"}
    record(session, user, _VERSIONS, entry.id, AuditAction.CREATE, None, after, now)
    session.flush()
    return entry


def actor_names(session: Session, rows: Iterable[ReportVersion]) -> dict[int, str]:
    """Who took each step, by user id, for the version history."""
    ids = {r.actor_id for r in rows if r.actor_id is not None}
    if not ids:
        return {}
    return {u.id: u.name for u in session.scalars(select(User).where(User.id.in_(ids)))}
