"""annual_report against a brute-force count of randomized case histories (R60), both databases.

Histories are made through the service layer, as users make them; the brute force replays each
stored timeline with the state machine and counts by the fill rules of domain.md 1.5 in Python.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from gongkai.report import format as fmt
from gongkai.report.rules import check_report
from gongkai.workbench import applications as svc
from gongkai.workbench import cases, lifecycle
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.disputes import CaseKind, CaseOutcome
from gongkai.workbench.intake import APPLICANT_TYPES, CHINA_TZ
from gongkai.workbench.lifecycle import EventKind as E
from gongkai.workbench.orm import Application
from gongkai.workbench.statistics import DisputeCounting, annual_report
from gongkai.workbench.store import session_factory, transaction
from tests.db.county import NOW, County, make_county

YEARS = (2023, 2024, 2025)
_CONCLUDING = {E.ANSWER_ON_SPOT, E.DECIDE, E.CORRECTION_EXPIRED, E.FEE_EXPIRED, E.WITHDRAW}


def _workday(rng: random.Random, start: date, spread: int) -> date:
    day = start + timedelta(days=rng.randint(1, spread))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return min(day, NOW.date())


def _history(rng: random.Random, received: date) -> list[Entry]:
    """A random, valid path through the procedure (or an open application)."""
    path = rng.choice(
        (
            "open",
            "decide",
            "decide",
            "decide",
            "correct",
            "no_correction",
            "withdraw",
            "fee",
            "spot",
        )
    )
    day = received
    steps: list[Entry] = []

    def at(spread: int = 25) -> date:
        nonlocal day
        day = _workday(rng, day, spread)
        return day

    if path == "open":
        return steps
    if path == "spot":
        return [
            Entry(
                E.ANSWER_ON_SPOT,
                received,
                outcome=rng.choice(("disclosed", "rejected_publication")),
            )
        ]
    if path in ("correct", "no_correction"):
        steps.append(Entry(E.REQUEST_CORRECTION, at(5), details={"items": "写明文件名称"}))
        if path == "no_correction":
            return [*steps, Entry(E.CORRECTION_EXPIRED, at(40))]
        steps.append(Entry(E.RECEIVE_CORRECTION, at(20)))
    if path == "withdraw":
        return [Entry(E.WITHDRAW, at(30))]
    if path == "fee":
        steps.append(Entry(E.ISSUE_FEE_NOTICE, at(10), details={"pages": rng.randint(31, 500)}))
        if rng.random() < 0.5:
            return [*steps, Entry(E.FEE_EXPIRED, at(10) + timedelta(days=40))]
        steps.append(Entry(E.FEE_PAID, at(10)))
    if rng.random() < 0.2:
        return steps  # still being handled
    outcome = rng.choice(lifecycle.DECISION_OUTCOMES)
    if outcome == "unavailable_unclear" and path != "correct":
        outcome = "unavailable_not_held"
    steps.append(Entry(E.DECIDE, at(30), outcome=outcome))
    if rng.random() < 0.7:
        steps += [Entry(E.SERVE, at(3)), Entry(E.CLOSE, at(3))]
    return steps


def _populate(engine: Engine, county: County, seed: int, n: int) -> None:
    rng = random.Random(seed)
    factory = session_factory(engine)
    clerk = county.id("clerk")
    for i in range(n):
        received = _workday(rng, date(2022, 10, 1), 3 * 365 + 80)
        kind = rng.choice(APPLICANT_TYPES)
        who = Applicant(kind, f"申请人{rng.randint(1, 40)}")
        arrived = datetime(received.year, received.month, received.day, 10, tzinfo=CHINA_TZ)
        history = _history(rng, received)
        with transaction(factory) as s:
            app = svc.register(
                s,
                clerk,
                county.bureau.id,
                NewApplication(who, "当面", arrived, f"信息{i}"),
                now=NOW,
            )
            for entry in history:
                if entry.on > NOW.date():
                    break
                svc.record_step(s, county.id("reviewer"), app.id, entry, now=NOW)
        if rng.random() < 0.15:
            filed = _workday(rng, received, 200)
            with transaction(factory) as s:
                case = cases.open_case(
                    s,
                    clerk,
                    county.bureau.id,
                    rng.choice(list(CaseKind)),
                    filed,
                    now=NOW,
                    application_id=app.id,
                )
                if rng.random() < 0.6:
                    closed = _workday(rng, filed, 300)
                    cases.close_case(
                        s, clerk, case.id, rng.choice(list(CaseOutcome)), closed, now=NOW
                    )


def _brute_force(session: Session, agency_id: int, year: int) -> dict[str, tuple[int, ...]]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    cells: dict[str, Counter[int]] = {k: Counter() for k in fmt.application_keys(False)}
    for app in session.scalars(select(Application).where(Application.agency_id == agency_id)):
        case = lifecycle.replay(
            lifecycle.Event(e.kind, e.outcome, e.working_days, e.on) for e in app.events
        )
        concluded = next((e.on for e in app.events if e.kind in _CONCLUDING), None)
        col = APPLICANT_TYPES.index(app.applicant_type)
        received = app.events[0].on
        if first <= received <= last:
            cells["new"][col] += 1
        if received < first and (concluded is None or concluded >= first):
            cells["carried_over"][col] += 1
        if concluded is not None and first <= concluded <= last:
            assert case.report_row is not None
            cells[case.report_row][col] += 1
            cells["results_total"][col] += 1
        if received <= last and (concluded is None or concluded > last):
            cells["carried_forward"][col] += 1
    rows = {}
    for key, counter in cells.items():
        row = [counter[c] for c in range(len(APPLICANT_TYPES))]
        rows[key] = (*row, sum(row))
    return rows


def _fees_brute_force(session: Session, agency_id: int, year: int) -> dict[str, int]:
    out = dict.fromkeys(("notices_issued", "notices_amount", "payments", "collected_amount"), 0)
    for app in session.scalars(select(Application).where(Application.agency_id == agency_id)):
        for event in app.events:
            if event.on.year != year:
                continue
            if event.kind is E.ISSUE_FEE_NOTICE:
                out["notices_issued"] += 1
                out["notices_amount"] += app.fee_amount or 0
            elif event.kind is E.FEE_PAID:
                out["payments"] += 1
                out["collected_amount"] += app.fee_amount or 0
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_annual_tables_equal_a_brute_force_count(
    engine: Engine, session: Session, seed: int
) -> None:
    county = make_county(session)
    _populate(engine, county, seed, 90)
    with Session(engine) as s:
        for year in YEARS:
            report = annual_report(s, county.id("clerk"), county.bureau.id, year)
            assert report.applications is not None
            assert dict(report.applications.rows) == _brute_force(s, county.bureau.id, year)
            arithmetic = [
                f
                for f in check_report(report)
                if f.rule in ("R10", "R11", "R12", "R13", "R20", "R21")
            ]
            assert arithmetic == [], arithmetic
            assert report.extra["fees_info"] == _fees_brute_force(s, county.bureau.id, year)
            drafted = [f for f in check_report(report) if f.rule in ("R40", "R41")]
            assert drafted == [], drafted  # the drafted narrative states the tables' figures
        # The years chain: what one year carries forward the next carries over (R14).
        reports = [annual_report(s, county.id("clerk"), county.bureau.id, y) for y in YEARS]
        for before, after in itertools.pairwise(reports):
            assert before.applications and after.applications
            assert after.applications["carried_over"] == before.applications["carried_forward"]
        assert sum(r.applications["new"][6] for r in reports if r.applications) > 0
        assert sum(r.extra["fees_info"]["payments"] for r in reports) > 0
        assert sum(r.extra["fees_info"]["notices_amount"] for r in reports) > 0


def _reviews(report: Any) -> dict[str, dict[str, int]]:
    return {g: dict(cols) for g, cols in report.reviews.groups.items()}


def test_table_four_by_filing_year_and_by_activity(engine: Engine, session: Session) -> None:
    county = make_county(session)
    factory = session_factory(engine)
    clerk, bureau = county.id("clerk"), county.bureau.id
    with transaction(factory) as s:
        a = cases.open_case(s, clerk, bureau, "reconsideration", date(2024, 11, 4), now=NOW)
        cases.close_case(s, clerk, a.id, "corrected", date(2025, 2, 10), now=NOW)
        b = cases.open_case(s, clerk, bureau, CaseKind.LITIGATION_DIRECT, date(2025, 3, 3), now=NOW)
        cases.close_case(s, clerk, b.id, CaseOutcome.UPHELD, date(2025, 9, 1), now=NOW)
        cases.open_case(
            s, clerk, bureau, CaseKind.LITIGATION_AFTER_RECONSIDERATION, date(2025, 12, 30), now=NOW
        )
    with Session(engine) as s:
        filed_2024 = _reviews(annual_report(s, clerk, bureau, 2024))
        assert filed_2024["reconsideration"] == {
            "upheld": 0,
            "corrected": 0,
            "other": 0,
            "pending": 1,
            "total": 1,
        }
        filed_2025 = _reviews(annual_report(s, clerk, bureau, 2025))
        assert filed_2025["reconsideration"]["total"] == 0
        assert filed_2025["litigation_direct"] == {
            "upheld": 1,
            "corrected": 0,
            "other": 0,
            "pending": 0,
            "total": 1,
        }
        assert filed_2025["litigation_after_reconsideration"]["pending"] == 1
        active_2025 = _reviews(
            annual_report(s, clerk, bureau, 2025, disputes=DisputeCounting.ACTIVE)
        )
        assert active_2025["reconsideration"] == {
            "upheld": 0,
            "corrected": 1,
            "other": 0,
            "pending": 0,
            "total": 1,
        }


def test_a_supervising_office_sees_the_sum_of_its_region(engine: Engine, session: Session) -> None:
    county = make_county(session)
    factory = session_factory(engine)
    arrived = datetime(2025, 4, 1, 10, tzinfo=CHINA_TZ)
    for agency, clerk in (
        (county.bureau, "clerk"),
        (county.other, "other_clerk"),
        (county.other, "other_clerk"),
    ):
        with transaction(factory) as s:
            new = NewApplication(Applicant("business", "某公司"), "邮寄", arrived, "采购合同")
            svc.register(s, county.id(clerk), agency.id, new, now=NOW)
    with Session(engine) as s:
        region = annual_report(s, county.id("supervisor"), county.office.id, 2025, subtree=True)
        assert region.applications is not None
        assert region.applications["new"] == (0, 3, 0, 0, 0, 0, 3)
        assert region.applications["carried_forward"] == (0, 3, 0, 0, 0, 0, 3)
        single = annual_report(s, county.id("supervisor"), county.other.id, 2025)
        assert single.applications is not None and single.applications["new"][6] == 2
        from gongkai.workbench.access import PermissionDenied

        with pytest.raises(PermissionDenied):
            annual_report(s, county.id("other_clerk"), county.bureau.id, 2025)
