"""督导 on agencies that work on the workbench (SQLite and PostgreSQL): the submitted report
against the register cell by cell, and the on-time rate only the register knows."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from gongkai.report import format as fmt
from gongkai.workbench import annual_reports as ar
from gongkai.workbench import applications as svc
from gongkai.workbench import oversight_files, oversight_summary
from gongkai.workbench.access import NotFound
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.intake import CHINA_TZ, Channel
from gongkai.workbench.lifecycle import EventKind as E
from tests.db.county import NOW, County, make_county

YEAR = 2025


@pytest.fixture
def county(session: Session) -> County:
    return make_county(session)


def register(session: Session, c: County, received: date, *steps: Entry) -> None:
    arrived = datetime(received.year, received.month, received.day, 10, tzinfo=CHINA_TZ)
    new = NewApplication(Applicant("natural_person", "王明"), Channel.IN_PERSON, arrived, "信息")
    app = svc.register(session, c.id("clerk"), c.bureau.id, new, now=NOW)
    for step in steps:
        svc.record_step(session, c.id("reviewer"), app.id, step, now=NOW)
    session.commit()


def submit(session: Session, c: County) -> None:
    texts = {"problems": "公开内容还不够全面，明年改进。"}
    ar.save_narrative(session, c.id("clerk"), c.bureau.id, YEAR, texts, expected_version=0, now=NOW)
    row = ar.find_draft(session, c.id("clerk"), c.bureau.id, YEAR)[1]
    assert row is not None
    ar.submit(session, c.id("clerk"), c.bureau.id, YEAR, expected_version=row.version, now=NOW)
    session.commit()


def test_a_report_matches_its_register_until_the_register_changes(
    session: Session, county: County
) -> None:
    c = county
    register(session, c, date(2025, 3, 3), Entry(E.DECIDE, date(2025, 3, 10), outcome="disclosed"))
    submit(session, c)
    found = oversight_summary.reconciliation(session, c.id("supervisor"), YEAR)
    assert [(r.agency, r.differences) for r in found.results] == [("桐庐县教育局", ())]
    assert found.not_submitted == ("桐庐县民政局",)  # on the workbench, nothing submitted

    register(session, c, date(2025, 12, 10))  # received in the year, registered after submitting
    one = oversight_summary.reconcile_one(session, c.id("supervisor"), c.bureau.id, YEAR)
    changed = {(d.row, d.column): (d.before, d.after) for d in one.differences}
    assert changed == {
        ("一、本年新收政府信息公开申请数量", "自然人"): (2, 1),
        ("一、本年新收政府信息公开申请数量", "总计"): (2, 1),
        ("四、结转下年度继续办理", "自然人"): (1, 0),
        ("四、结转下年度继续办理", "总计"): (1, 0),
    }
    assert one.source == "工作台（已报送）"


def test_an_agency_without_a_register_or_a_report_cannot_be_reconciled(
    session: Session, county: County
) -> None:
    c = county
    with pytest.raises(NotFound, match="尚无2025年度的年报"):
        oversight_summary.reconcile_one(session, c.id("supervisor"), c.bureau.id, YEAR)
    with pytest.raises(NotFound, match="不在您所辖的范围内"):
        oversight_summary.reconcile_one(session, c.id("supervisor"), 10**9, YEAR)


def test_the_on_time_rate_counts_replies_by_their_due_date(
    session: Session, county: County
) -> None:
    c = county
    register(session, c, date(2025, 3, 3), Entry(E.DECIDE, date(2025, 3, 10), outcome="disclosed"))
    register(session, c, date(2025, 5, 6), Entry(E.DECIDE, date(2025, 7, 30), outcome="disclosed"))
    register(session, c, date(2025, 6, 2), Entry(E.WITHDRAW, date(2025, 6, 10)))  # no reply
    rates = oversight_summary.on_time_rates(session, [c.bureau.id, c.other.id], YEAR)
    assert rates == {c.bureau.id: 0.5}
    submit(session, c)
    compared = oversight_summary.comparison(session, c.id("supervisor"), YEAR)
    (row,) = compared.comparison.rows
    assert row.agency == "桐庐县教育局" and row.values["on_time_rate"] == 0.5
    assert compared.without_report == ("桐庐县民政局",)


def test_a_published_file_without_table_four_does_not_agree_with_the_register(
    session: Session, county: County
) -> None:
    c = county
    register(session, c, date(2025, 3, 3), Entry(E.DECIDE, date(2025, 3, 10), outcome="disclosed"))
    computed, _ = ar.composed(session, c.id("clerk"), c.bureau.id, YEAR)
    uploaded = dataclasses.replace(computed, reviews=None)  # published without 表四
    oversight_files.file_report(
        session, c.id("supervisor"), "jy.txt", "0" * 64, uploaded, [], now=NOW
    )
    session.commit()
    one = oversight_summary.reconcile_one(session, c.id("supervisor"), c.bureau.id, YEAR)
    assert one.source == "年报文件 jy.txt"
    assert {d.table for d in one.differences} == {"表四"}
    assert len(one.differences) == len(fmt.REVIEW_GROUPS) * len(fmt.REVIEW_COLUMNS)
    assert all(d.after is None for d in one.differences)
