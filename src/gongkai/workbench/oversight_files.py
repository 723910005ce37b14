"""The supervising office's own records: other names of its agencies, the published report files
of agencies that are not on the workbench, and its verdicts on the checker's findings.

Everything here needs `Action.SUPERVISE` over the agency concerned (the supervising office over
its subtree, the system administrator everywhere) and is written to the audit log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.oversight.collection import Aliases
from gongkai.readers import read_bytes
from gongkai.report import codec
from gongkai.report.agency import normalise
from gongkai.report.model import AnnualReport
from gongkai.report.provenance import findings_with_places
from gongkai.report.rules import check_report
from gongkai.workbench import access
from gongkai.workbench.access import Action, NotFound
from gongkai.workbench.orm import (
    Agency,
    AgencyAlias,
    AuditAction,
    FindingVerdict,
    PublishedFile,
    User,
    Verdict,
    record,
    snapshot,
)

MAX_ALIAS = 200
MIN_REASON = 4  # a dismissal says why, in a few words at least


def add_alias(
    session: Session, actor_id: int, agency_id: int, alias: str, *, now: datetime
) -> AgencyAlias:
    """Record that reports printing `alias` are `agency_id`'s (spaces ignored)."""
    user = access.actor(session, actor_id)
    agency = _agency(session, user, agency_id)
    key = normalise(alias)
    if not key or len(key) > MAX_ALIAS:
        raise GongkaiError("别名不能为空，也不能超过 200 个字。", "请填写年报中出现的机关名称。")
    taken = session.scalar(
        select(AgencyAlias).where(AgencyAlias.alias == key, AgencyAlias.archived_at.is_(None))
    )
    if taken is not None:
        if taken.agency_id == agency.id:
            return taken
        raise GongkaiError(
            f"别名“{key}”已登记为“{taken.agency.name}”的别名。", "同一名称只能对应一个机关。"
        )
    clash = _names(session, user).get(key)
    if clash is not None and clash != agency.id:
        raise GongkaiError(f"“{key}”是另一个机关的正式名称。", "不能把它登记为别名。")
    row = AgencyAlias(alias=key, agency_id=agency.id)
    row.created_at = now
    session.add(row)
    session.flush()
    record(session, user, "agency_alias", row.id, AuditAction.CREATE, None, snapshot(row), now)
    return row


def aliases_for(session: Session, actor_id: int) -> Aliases:
    """The names the viewer's agencies are known by: their own and their aliases."""
    user = access.actor(session, actor_id)
    return Aliases(
        ((alias, name) for alias, (_id, name) in _alias_rows(session, user).items()),
        known=access.agency_names(session, user).values(),
    )


class Filing(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"  # a newer file for the agency-year: the older one is archived
    UNCHANGED = "unchanged"  # the very file already filed: nothing written
    SUPERSEDED = "superseded"  # a file a newer one has replaced: not brought back, nothing written


_TOLD = {
    Filing.ADDED: "已归入“{agency}” {year} 年度",
    Filing.REPLACED: "已归入“{agency}” {year} 年度，此前的文件转为历史版本",
    Filing.UNCHANGED: "与已归入“{agency}” {year} 年度的文件相同，未重复导入",
    Filing.SUPERSEDED: "曾归入“{agency}” {year} 年度，后已被较新的文件替换，未再导入",
}


@dataclass(frozen=True, slots=True)
class Filed:
    row: PublishedFile
    filing: Filing

    def told(self, agency: str) -> str:
        """What the office is told, given the agency's name."""
        return _TOLD[self.filing].format(agency=agency, year=self.row.year)


class Placer:
    """Where a printed agency name is filed for one supervisor: the alias table first, then the
    agencies' own names (spaces ignored). Built once for a batch of files, not once a file."""

    def __init__(self, session: Session, user: User) -> None:
        self._aliases = {
            key: agency_id for key, (agency_id, _) in _alias_rows(session, user).items()
        }
        self._names = _names(session, user)

    def place(self, printed: str) -> int:
        key = normalise(printed)
        agency_id = self._aliases.get(key, self._names.get(key))
        if agency_id is None:
            raise GongkaiError(
                f"年报的发布机关“{printed}”不在您所辖的机关中。",
                "如这是某个机关的简称或曾用名，请先在别名表中登记，再重新上传或导入。",
            )
        return agency_id


def import_file(session: Session, actor_id: int, name: str, data: bytes, *, now: datetime) -> Filed:
    """Read and check one published report file, then file it (`file_report`)."""
    read = read_bytes(data, name)
    findings = findings_with_places(read.report, [*read.findings, *check_report(read.report)])
    sha256 = hashlib.sha256(data).hexdigest()
    return file_report(session, actor_id, name, sha256, read.report, findings, now=now)


def file_report(  # noqa: PLR0917 (the file's name and hash, its report and findings: all needed)
    session: Session,
    actor_id: int,
    name: str,
    sha256: str,
    report: AnnualReport,
    findings: list[dict[str, Any]],
    *,
    now: datetime,
    placer: Placer | None = None,
) -> Filed:
    """File a read and checked report under its agency and year. A newer file for the same
    agency-year replaces (archives) the older one; the very same file again changes nothing, and
    so does a file that was filed once and has since been replaced.
    Nothing is stored when the report cannot be placed: the error says what to do."""
    user = access.actor(session, actor_id)
    if report.agency is None or report.year is None:
        missing = "发布机关" if report.agency is None else "年度"
        raise GongkaiError(
            f"未读到年报的{missing}，无法归入机关和年度。",
            "请确认这是正式发布的年报；标题应写明机关名称和年度。",
        )
    agency_id = (placer or Placer(session, user)).place(report.agency)
    access.require(session, user, Action.SUPERVISE, agency_id)
    older = session.scalars(
        select(PublishedFile).where(
            PublishedFile.agency_id == agency_id,
            PublishedFile.year == report.year,
            PublishedFile.archived_at.is_(None),
        )
    ).all()
    for row in older:
        if row.sha256 == sha256:
            return Filed(row, Filing.UNCHANGED)
    replaced = _replaced(session, agency_id, report.year, sha256) if older else None
    if replaced is not None:  # a folder imported again must not undo a later upload
        return Filed(replaced, Filing.SUPERSEDED)
    for row in older:
        before = _summary(row)
        row.archived_at = now
        session.flush()
        record(
            session, user, "published_file", row.id, AuditAction.UPDATE, before, _summary(row), now
        )
    row = PublishedFile(
        agency_id=agency_id,
        year=report.year,
        file_name=name[:255],
        sha256=sha256,
        report=codec.to_dict(report),
        findings=findings,
        published_on=report.document.published if report.document else None,
        imported_at=now,
        imported_by=user.id,
    )
    row.created_at = now
    session.add(row)
    session.flush()
    record(session, user, "published_file", row.id, AuditAction.CREATE, None, _summary(row), now)
    return Filed(row, Filing.REPLACED if older else Filing.ADDED)


def _replaced(session: Session, agency_id: int, year: int, sha256: str) -> PublishedFile | None:
    """The archived row of this very file for the agency-year, if a newer file replaced it."""
    return session.scalars(
        select(PublishedFile).where(
            PublishedFile.agency_id == agency_id,
            PublishedFile.year == year,
            PublishedFile.sha256 == sha256,
            PublishedFile.archived_at.is_not(None),
        )
    ).first()


def finding_key(finding: Mapping[str, Any]) -> str:
    """A finding's name across re-checks: its rule and the cells it points at."""
    paths = ",".join(str(e.get("path", "")) for e in finding.get("evidence", ()))
    return f"{finding['rule']}|{paths}"[:300]


def decide(  # noqa: PLR0917 (the finding's place, the finding, the verdict: all needed)
    session: Session,
    actor_id: int,
    agency_id: int,
    year: int,
    finding: Mapping[str, Any],
    verdict: Verdict,
    reason: str,
    *,
    now: datetime,
) -> FindingVerdict:
    """Confirm a finding (the agency must correct it) or dismiss it, which needs a reason; a
    later verdict on the same finding replaces the earlier one, both kept in the audit log."""
    user = access.actor(session, actor_id)
    _agency(session, user, agency_id)
    reason = reason.strip()
    if verdict is Verdict.DISMISSED and len(reason) < MIN_REASON:
        raise GongkaiError(
            "排除一项检查发现须说明理由。", "请写明为什么这不是问题（至少 4 个字）。"
        )
    key = finding_key(finding)
    row = session.scalar(
        select(FindingVerdict).where(
            FindingVerdict.agency_id == agency_id,
            FindingVerdict.year == year,
            FindingVerdict.finding_key == key,
        )
    )
    if row is None:
        row = FindingVerdict(
            agency_id=agency_id,
            year=year,
            finding_key=key,
            rule=str(finding["rule"])[:8],
            verdict=verdict,
            reason=reason,
            decided_by=user.id,
            decided_at=now,
        )
        row.created_at = now
        session.add(row)
        session.flush()
        record(
            session, user, "finding_verdict", row.id, AuditAction.CREATE, None, snapshot(row), now
        )
        return row
    before = snapshot(row)
    row.verdict, row.reason, row.decided_by, row.decided_at = verdict, reason, user.id, now
    session.flush()
    record(session, user, "finding_verdict", row.id, AuditAction.UPDATE, before, snapshot(row), now)
    return row


def verdicts(
    session: Session, actor_id: int, agency_id: int, year: int
) -> dict[str, FindingVerdict]:
    """The office's verdicts on an agency-year's findings, by `finding_key`."""
    user = access.actor(session, actor_id)
    _agency(session, user, agency_id)
    rows = session.scalars(
        select(FindingVerdict).where(
            FindingVerdict.agency_id == agency_id, FindingVerdict.year == year
        )
    )
    return {row.finding_key: row for row in rows}


def _agency(session: Session, user: User, agency_id: int) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("机关不存在。", "请从列表中选择机关。")
    access.require(session, user, Action.SUPERVISE, agency_id)
    return agency


def _names(session: Session, user: User) -> dict[str, int]:
    """The viewer's agencies by their normalised official name."""
    return {
        normalise(name): agency_id for agency_id, name in access.agency_names(session, user).items()
    }


def _alias_rows(session: Session, user: User) -> dict[str, tuple[int, str]]:
    """alias -> (agency id, official name), for the viewer's agencies."""
    names = access.agency_names(session, user)
    rows = session.execute(
        select(AgencyAlias.alias, AgencyAlias.agency_id).where(
            AgencyAlias.agency_id.in_(list(names)), AgencyAlias.archived_at.is_(None)
        )
    )
    return {row.alias: (row.agency_id, names[row.agency_id]) for row in rows}


def _summary(row: PublishedFile) -> dict[str, Any]:
    """What the audit log keeps of a file (the report itself stays in its row)."""
    return {
        "agency_id": row.agency_id,
        "year": row.year,
        "file_name": row.file_name,
        "sha256": row.sha256,
        "archived_at": row.archived_at.isoformat() if row.archived_at else None,
    }


def files(session: Session, actor_id: int, year: int | None = None) -> list[PublishedFile]:
    """The live files of the viewer's agencies (one per agency-year), newest year first."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.SUPERVISE, user.agency_id)
    names = access.agency_names(session, user)
    query = select(PublishedFile).where(
        PublishedFile.agency_id.in_(list(names)), PublishedFile.archived_at.is_(None)
    )
    if year is not None:
        query = query.where(PublishedFile.year == year)
    rows = session.scalars(query).all()
    return sorted(rows, key=lambda r: (-r.year, names.get(r.agency_id, ""), r.id))


def alias_list(session: Session, actor_id: int) -> list[tuple[str, int, str]]:
    """(alias, agency id, official name) of the viewer's agencies, by official name."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.SUPERVISE, user.agency_id)
    rows = _alias_rows(session, user)
    return sorted(
        ((alias, i, name) for alias, (i, name) in rows.items()), key=lambda r: (r[2], r[0])
    )
