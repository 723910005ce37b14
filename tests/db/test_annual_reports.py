"""The annual report workflow: draft → submitted → returned/accepted → published, who may do what,
and that locked versions never change."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.report.finding import Finding
from gongkai.workbench import annual_reports as ar
from gongkai.workbench.access import Conflict, PermissionDenied
from gongkai.workbench.orm import AuditEntry, ReportStatus, ReportVersion
from gongkai.workbench.orm.base import HardDeleteError
from tests.db.county import NOW, County, make_county

YEAR = 2025
TEXTS = {"overview": "本机关认真贯彻《条例》。", "problems": "公开内容还不够全面，明年改进。"}


@pytest.fixture
def county(session: Session) -> County:
    return make_county(session)


def _save(session: Session, c: County, who: str = "clerk", **texts: str) -> Any:
    row = ar.find_draft(session, c.id(who), c.bureau.id, YEAR)[1]
    out = ar.save_narrative(
        session,
        c.id(who),
        c.bureau.id,
        YEAR,
        texts or TEXTS,
        expected_version=row.version if row else 0,
        now=NOW,
    )
    session.commit()
    return out


def _version(session: Session, c: County) -> int:
    row = ar.find_draft(session, c.id("clerk"), c.bureau.id, YEAR)[1]
    assert row is not None
    return row.version


def test_the_whole_workflow_with_the_right_roles(session: Session, county: County) -> None:
    c = county
    _save(session, c)
    first = ar.submit(
        session, c.id("clerk"), c.bureau.id, YEAR, expected_version=_version(session, c), now=NOW
    )
    session.commit()
    assert first.status is ReportStatus.SUBMITTED and first.seq == 1
    assert first.report["agency"] == "桐庐县教育局"
    assert first.report["text"]["problems"] == TEXTS["problems"]
    assert "本机关" in first.report["text"]["overview"]  # drafted sentences plus the written text

    ar.return_with_comments(
        session,
        c.id("supervisor"),
        c.bureau.id,
        YEAR,
        "请补充改进措施。",
        expected_version=_version(session, c),
        now=NOW,
    )
    session.commit()
    _save(session, c, overview="改写后的总体情况。", problems="改进措施如下。")
    ar.submit(
        session, c.id("clerk"), c.bureau.id, YEAR, expected_version=_version(session, c), now=NOW
    )
    ar.accept(
        session,
        c.id("supervisor"),
        c.bureau.id,
        YEAR,
        expected_version=_version(session, c),
        now=NOW,
    )
    ar.publish(
        session, c.id("admin"), c.bureau.id, YEAR, expected_version=_version(session, c), now=NOW
    )
    session.commit()

    history = ar.versions(session, c.id("clerk"), c.bureau.id, YEAR)
    assert [v.status for v in history] == [
        ReportStatus.SUBMITTED,
        ReportStatus.RETURNED,
        ReportStatus.SUBMITTED,
        ReportStatus.ACCEPTED,
        ReportStatus.PUBLISHED,
    ]
    assert history[1].comment == "请补充改进措施。"
    assert history[0].report["text"]["problems"] == TEXTS["problems"]  # the first stays as it was
    assert history[4].report == history[2].report
    public = ar.published(session, c.bureau.id, YEAR)
    assert public is not None and public.text is not None
    assert public.text.problems == "改进措施如下。"
    entities = set(session.scalars(select(AuditEntry.entity)))
    assert {"report_drafts", "report_versions"} <= entities


def test_wrong_roles_are_refused(session: Session, county: County) -> None:
    c = county
    with pytest.raises(PermissionDenied):
        _save(session, c, "supervisor")
    session.rollback()
    with pytest.raises(PermissionDenied):
        _save(session, c, "other_clerk")
    session.rollback()
    _save(session, c)
    v = _version(session, c)
    ar.submit(session, c.id("clerk"), c.bureau.id, YEAR, expected_version=v, now=NOW)
    session.commit()
    v = _version(session, c)
    for who in ("clerk", "admin", "other_clerk"):
        with pytest.raises(PermissionDenied):
            ar.accept(session, c.id(who), c.bureau.id, YEAR, expected_version=v, now=NOW)
        session.rollback()
    with pytest.raises(ar.ReportFlowError, match="只有审核通过的报告可以发布"):
        ar.publish(session, c.id("admin"), c.bureau.id, YEAR, expected_version=v, now=NOW)
    session.rollback()
    ar.accept(session, c.id("supervisor"), c.bureau.id, YEAR, expected_version=v, now=NOW)
    session.commit()
    with pytest.raises(PermissionDenied):
        ar.publish(
            session,
            c.id("clerk"),
            c.bureau.id,
            YEAR,
            expected_version=_version(session, c),
            now=NOW,
        )


def test_the_narrative_is_locked_once_submitted(session: Session, county: County) -> None:
    c = county
    _save(session, c)
    ar.submit(
        session, c.id("clerk"), c.bureau.id, YEAR, expected_version=_version(session, c), now=NOW
    )
    session.commit()
    with pytest.raises(ar.ReportFlowError, match="已报送"):
        _save(session, c, problems="偷偷改一下。")
    session.rollback()
    row = ar.find_draft(session, c.id("clerk"), c.bureau.id, YEAR)[1]
    assert row is not None and row.narrative["problems"] == TEXTS["problems"]
    locked = session.scalars(select(ReportVersion)).one()
    locked.comment = "changed"
    with pytest.raises(HardDeleteError):
        session.flush()


def test_stale_versions_and_missing_comment_are_refused(session: Session, county: County) -> None:
    c = county
    _save(session, c)
    with pytest.raises(Conflict):
        ar.save_narrative(
            session, c.id("clerk"), c.bureau.id, YEAR, TEXTS, expected_version=0, now=NOW
        )
    session.rollback()
    ar.submit(
        session, c.id("clerk"), c.bureau.id, YEAR, expected_version=_version(session, c), now=NOW
    )
    session.commit()
    with pytest.raises(ar.ReportFlowError, match="修改意见"):
        ar.return_with_comments(
            session, c.id("supervisor"), c.bureau.id, YEAR, "  ", expected_version=None, now=NOW
        )


def test_submission_needs_section_five_and_no_errors(
    session: Session, county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = county
    _save(session, c, overview="只写了总体情况。", problems="")
    with pytest.raises(ar.ReportFlowError, match="第五部分"):
        ar.submit(session, c.id("clerk"), c.bureau.id, YEAR, expected_version=None, now=NOW)
    session.rollback()
    _save(session, c)
    wrong = Finding("R10", "error", "本年新收与办结不平衡。")
    monkeypatch.setattr(ar, "check_report", lambda report: [wrong])
    with pytest.raises(ar.ReportHasErrors, match="R10") as refused:
        ar.submit(session, c.id("clerk"), c.bureau.id, YEAR, expected_version=None, now=NOW)
    assert refused.value.findings == [wrong]
    session.rollback()
    assert session.scalars(select(ReportVersion)).all() == []
    warning = Finding("R40", "warning", "正文数字与表格不一致。")
    monkeypatch.setattr(ar, "check_report", lambda report: [warning])
    ar.submit(session, c.id("clerk"), c.bureau.id, YEAR, expected_version=None, now=NOW)


def test_supervisor_queue_and_moves(session: Session, county: County) -> None:
    c = county
    _save(session, c)
    ar.submit(session, c.id("clerk"), c.bureau.id, YEAR, expected_version=None, now=NOW)
    session.commit()
    queue = ar.awaiting_verdict(session, c.id("supervisor"))
    assert [(r.agency_id, r.year) for r in queue] == [(c.bureau.id, YEAR)]
    assert ar.awaiting_verdict(session, c.id("clerk")) == []
    row = queue[0]
    assert ar.moves(session, c.users["supervisor"], c.bureau.id, row) == ar.Moves(verdict=True)
    assert ar.moves(session, c.users["clerk"], c.bureau.id, row) == ar.Moves()
    assert ar.drafts_for(session, c.id("other_clerk")) == []
