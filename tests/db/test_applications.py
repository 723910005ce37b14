"""依申请公开 through the service layer, on SQLite and PostgreSQL: registration, every kind of
step, the clock, refusals that leave the database unchanged, permissions, optimistic locking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.workbench import applications as svc
from gongkai.workbench.access import Conflict, NotFound, PermissionDenied
from gongkai.workbench.applications import Applicant, Entry, NewApplication, StepError
from gongkai.workbench.intake import CHINA_TZ, IntakeError
from gongkai.workbench.lifecycle import EventKind as E
from gongkai.workbench.lifecycle import State
from gongkai.workbench.orm import Application, ApplicationEvent, AuditEntry, HolidayYear
from gongkai.workbench.store import session_factory, transaction, work_calendar
from tests.db.county import NOW, County, make_county

PERSON = Applicant("natural_person", "张三", "身份证", "330122199001011234", "13900000000")


def _new(day: str, channel: str = "当面", hour: int = 10, **kw: Any) -> NewApplication:
    arrived = datetime.fromisoformat(day).replace(hour=hour, tzinfo=CHINA_TZ)
    return NewApplication(
        kw.pop("applicant", PERSON), channel, arrived, "2025年义务教育招生计划", **kw
    )


@pytest.fixture
def county(session: Session) -> County:
    return make_county(session)


@pytest.fixture
def run(engine: Engine) -> Callable[..., Any]:
    """Call a service in its own transaction, as the web and CLI do."""
    factory = session_factory(engine)

    def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with transaction(factory) as s:
            return fn(s, *args, **kwargs)

    return call


def _count(engine: Engine, model: type[Any]) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _step(
    run: Callable[..., Any], county: County, app_id: int, entry: Entry, who: str = "clerk"
) -> Application:
    return run(svc.record_step, county.id(who), app_id, entry, now=NOW)  # type: ignore[no-any-return]


def test_registration_sets_receipt_date_number_clock_and_audit(
    run: Callable[..., Any], county: County, engine: Engine
) -> None:
    app = run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-09-22"), now=NOW)
    assert app.received_on == date(2025, 9, 22)
    assert app.number == "2025-00001"
    assert len(app.tracking_code) == 12
    assert app.state is State.RECEIVED
    # 20 working days across 国庆·中秋 2025 (1–8 Oct) with the make-up days 28 Sep and 11 Oct.
    assert app.due_on == date(2025, 10, 24)
    assert app.due_provisional is False
    second = run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-09-23"), now=NOW)
    assert second.number == "2025-00002"
    assert second.tracking_code != app.tracking_code
    with Session(engine) as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "application")).all()
        assert [(e.entity_id, e.action.value, e.actor_id) for e in entries] == [
            (app.id, "create", county.id("clerk")),
            (second.id, "create", county.id("clerk")),
        ]
        assert entries[0].after is not None and entries[0].after["applicant_name"] == "张三"
        found = svc.by_tracking_code(s, app.tracking_code.lower())
        assert found is not None and found.id == app.id
        assert svc.by_tracking_code(s, "NOSUCHCODE00") is None


def test_an_email_arriving_on_a_rest_day_is_received_on_the_next_working_day(
    run: Callable[..., Any], county: County
) -> None:
    # Saturday 4 October 2025 is inside the 国庆 block: received on Thursday 9 October.
    app = run(
        svc.register, county.id("clerk"), county.bureau.id, _new("2025-10-04", "电子邮件"), now=NOW
    )
    assert app.received_on == date(2025, 10, 9)
    assert "下一个工作日" in app.receipt_note
    confirmed = run(
        svc.register,
        county.id("clerk"),
        county.bureau.id,
        _new("2025-10-04", "网上申请", confirmed_on=date(2025, 10, 10)),
        now=NOW,
    )
    assert confirmed.received_on == date(2025, 10, 10)


def test_the_full_procedure_with_correction_consultation_and_extension(
    run: Callable[..., Any], county: County
) -> None:
    app = run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-09-22"), now=NOW)
    a = _step(
        run,
        county,
        app.id,
        Entry(E.REQUEST_CORRECTION, date(2025, 9, 24), details={"items": "请写明文件名称"}),
    )
    assert (a.state, a.due_on) == (State.CORRECTION_REQUESTED, None)
    a = _step(run, county, app.id, Entry(E.RECEIVE_CORRECTION, date(2025, 9, 29)))
    assert a.due_on == date(2025, 11, 3)  # the clock restarts from the corrected application
    a = _step(run, county, app.id, Entry(E.CONSULT_THIRD_PARTY, date(2025, 10, 10)))
    assert a.state is State.CONSULTING_THIRD_PARTY
    a = _step(run, county, app.id, Entry(E.END_CONSULTATION, date(2025, 10, 20)))
    assert a.due_on == date(2025, 11, 12)  # 7 working days (11 Oct … 20 Oct) not counted
    a = _step(
        run,
        county,
        app.id,
        Entry(E.EXTEND, date(2025, 11, 5), working_days=15, details={"approved_by": "李审核"}),
        "reviewer",
    )
    assert (a.state, a.due_on) == (State.EXTENDED, date(2025, 12, 3))
    a = _step(run, county, app.id, Entry(E.DECIDE, date(2025, 11, 20), outcome="disclosed"))
    assert (a.state, a.report_row, a.concluded_on) == (
        State.DECIDED,
        "disclosed",
        date(2025, 11, 20),
    )
    a = _step(run, county, app.id, Entry(E.SERVE, date(2025, 11, 21), details={"method": "邮寄"}))
    a = _step(run, county, app.id, Entry(E.CLOSE, date(2025, 11, 24)))
    assert (a.state, a.served_on, a.version) == (State.CLOSED, date(2025, 11, 21), 9)
    assert [e.kind for e in a.events] == [
        E.REGISTER, E.REQUEST_CORRECTION, E.RECEIVE_CORRECTION, E.CONSULT_THIRD_PARTY,
        E.END_CONSULTATION, E.EXTEND, E.DECIDE, E.SERVE, E.CLOSE,
    ]  # fmt: skip
    assert a.events[5].details["original_due"] == "2025-11-12"
    assert svc.allowed_next(a) == ()


def test_clock_explains_itself(run: Callable[..., Any], county: County, session: Session) -> None:
    app = run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-09-22"), now=NOW)
    _step(run, county, app.id, Entry(E.CONSULT_AGENCY, date(2025, 9, 26)))
    clock = svc.clock_of(session, session.get(Application, app.id))  # type: ignore[arg-type]
    assert not clock.running and clock.consultation is not None
    text_ = "\n".join(clock.notes + (clock.reply.explanation if clock.reply else ()))
    assert "征求其他机关意见期间暂停计算" in text_
    assert "暂停计算：2025年9月27日至10月23日" in text_  # the other side's 15 days, assumed used
    assert clock.due == date(2025, 11, 14)


def _refused(engine: Engine, exc: type[Exception], call: Callable[[], Any]) -> GongkaiError:
    before = (
        _count(engine, Application),
        _count(engine, ApplicationEvent),
        _count(engine, AuditEntry),
    )
    with pytest.raises(exc) as caught:
        call()
    after = (
        _count(engine, Application),
        _count(engine, ApplicationEvent),
        _count(engine, AuditEntry),
    )
    assert after == before, "a refused step must leave the database unchanged"
    assert isinstance(caught.value, GongkaiError) and caught.value.message and caught.value.hint
    return caught.value


def test_bad_registrations_are_refused_and_leave_nothing(
    run: Callable[..., Any], county: County, engine: Engine
) -> None:
    clerk, bureau = county.id("clerk"), county.bureau.id
    unknown = Applicant("外星人", "X")
    err = _refused(
        engine,
        IntakeError,
        lambda: run(svc.register, clerk, bureau, _new("2025-03-03", applicant=unknown), now=NOW),
    )
    assert "未知的申请人类型" in err.message
    _refused(
        engine,
        IntakeError,
        lambda: run(svc.register, clerk, bureau, _new("2025-03-03", "信鸽"), now=NOW),
    )
    blank = Applicant("natural_person", "  ")
    _refused(
        engine,
        IntakeError,
        lambda: run(svc.register, clerk, bureau, _new("2025-03-03", applicant=blank), now=NOW),
    )
    future = _new("2027-01-05")
    _refused(engine, IntakeError, lambda: run(svc.register, clerk, bureau, future, now=NOW))
    early = _new("2025-03-03", "电子邮件", confirmed_on=date(2025, 3, 1))
    _refused(engine, IntakeError, lambda: run(svc.register, clerk, bureau, early, now=NOW))
    run(svc.register, clerk, bureau, _new("2025-03-03", number="A-1"), now=NOW)
    _refused(
        engine,
        IntakeError,
        lambda: run(svc.register, clerk, bureau, _new("2025-03-04", number="A-1"), now=NOW),
    )


def test_bad_steps_are_refused_and_leave_nothing(
    run: Callable[..., Any], county: County, engine: Engine
) -> None:
    app = run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-09-22"), now=NOW)

    def step(entry: Entry, who: str = "clerk") -> Callable[[], Any]:
        return lambda: _step(run, county, app.id, entry, who)

    # a reply before the receipt date, and one in the future
    err = _refused(engine, StepError, step(Entry(E.DECIDE, date(2025, 9, 21), outcome="disclosed")))
    assert "早于收到申请之日" in err.message
    _refused(engine, StepError, step(Entry(E.DECIDE, date(2026, 12, 1), outcome="disclosed")))
    # an outcome that is not a row of table 三, and none at all
    _refused(engine, GongkaiError, step(Entry(E.DECIDE, date(2025, 9, 30), outcome="maybe")))
    _refused(engine, GongkaiError, step(Entry(E.DECIDE, date(2025, 9, 30))))
    # 补正后仍不明确 without a correction; a correction notice listing nothing
    _refused(
        engine, StepError, step(Entry(E.DECIDE, date(2025, 9, 30), outcome="unavailable_unclear"))
    )
    _refused(engine, IntakeError, step(Entry(E.REQUEST_CORRECTION, date(2025, 9, 23))))
    # an extension without approval, by a clerk, and of 21 days
    _refused(
        engine, IntakeError, step(Entry(E.EXTEND, date(2025, 9, 30), working_days=10), "reviewer")
    )
    _refused(
        engine,
        PermissionDenied,
        step(Entry(E.EXTEND, date(2025, 9, 30), working_days=10, details={"approved_by": "李"})),
    )
    _refused(
        engine,
        GongkaiError,
        step(
            Entry(E.EXTEND, date(2025, 9, 30), working_days=21, details={"approved_by": "李"}),
            "reviewer",
        ),
    )
    # two outcomes: the second decision is refused by the state machine
    _step(run, county, app.id, Entry(E.DECIDE, date(2025, 9, 30), outcome="partially_disclosed"))
    err = _refused(
        engine, GongkaiError, step(Entry(E.DECIDE, date(2025, 10, 9), outcome="disclosed"))
    )
    assert "已作出答复" in err.message and "送达" in err.hint
    # a step dated before the previous one
    _refused(engine, StepError, step(Entry(E.SERVE, date(2025, 9, 29))))


def test_permissions_are_enforced_by_the_service(
    run: Callable[..., Any], county: County, session: Session
) -> None:
    app = run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-05-06"), now=NOW)
    with pytest.raises(PermissionDenied):
        run(svc.register, county.id("other_clerk"), county.bureau.id, _new("2025-05-06"), now=NOW)
    with pytest.raises(PermissionDenied):
        run(svc.register, county.id("supervisor"), county.bureau.id, _new("2025-05-06"), now=NOW)
    # Another agency's clerk is told the application does not exist (no probing by id).
    with pytest.raises(NotFound):
        run(svc.load, county.id("other_clerk"), app.id)
    with pytest.raises(NotFound):
        _step(
            run,
            county,
            app.id,
            Entry(E.DECIDE, date(2025, 5, 8), outcome="disclosed"),
            "other_clerk",
        )
    assert run(svc.load, county.id("supervisor"), app.id).id == app.id
    with pytest.raises(PermissionDenied):
        _step(
            run,
            county,
            app.id,
            Entry(E.DECIDE, date(2025, 5, 8), outcome="disclosed"),
            "supervisor",
        )
    assert (
        _step(
            run, county, app.id, Entry(E.DECIDE, date(2025, 5, 8), outcome="disclosed"), "root"
        ).state
        is State.DECIDED
    )
    with pytest.raises(NotFound):
        run(svc.load, county.id("clerk"), 999999)


def test_a_concurrent_edit_gets_a_conflict_and_loses_nothing(
    run: Callable[..., Any], county: County, engine: Engine
) -> None:
    app = run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-05-06"), now=NOW)
    seen = app.version
    first = run(
        svc.record_step,
        county.id("clerk"),
        app.id,
        Entry(E.DECIDE, date(2025, 5, 7), outcome="disclosed"),
        now=NOW,
        expected_version=seen,
    )
    with pytest.raises(Conflict) as caught:
        run(
            svc.record_step,
            county.id("reviewer"),
            app.id,
            Entry(E.DECIDE, date(2025, 5, 7), outcome="partially_disclosed"),
            now=NOW,
            expected_version=seen,
        )
    assert "已被他人修改" in caught.value.message
    # Two writers that both passed the version check: the database's version check decides.
    factory = session_factory(engine)
    with factory() as s1, factory() as s2:
        a1, a2 = s1.get(Application, app.id), s2.get(Application, app.id)
        assert a1 is not None and a2 is not None
        a1.form, a2.form = "纸质", "电子"
        s1.commit()
        with pytest.raises(Exception, match="expected to update 1 row"):
            s2.commit()
    with Session(engine) as s:
        stored = s.get(Application, app.id)
        assert stored is not None
        assert (stored.report_row, stored.form, stored.version) == (
            "disclosed",
            "纸质",
            first.version + 1,
        )
        assert len(stored.events) == 2


def test_fees_per_application_counter_and_unpaid_closure(
    run: Callable[..., Any], county: County
) -> None:
    ids = [
        run(
            svc.register, county.id("clerk"), county.bureau.id, _new(f"2025-03-{d:02d}"), now=NOW
        ).id
        for d in range(3, 14)
    ]
    eleventh = ids[10]
    a = _step(
        run,
        county,
        eleventh,
        Entry(E.ISSUE_FEE_NOTICE, date(2025, 3, 14), details={"method": "per_application"}),
    )
    assert (a.state, a.fee_amount) == (State.FEE_NOTICE, 100)
    assert "第11件" in a.events[-1].details["explanation"]
    with pytest.raises(StepError, match="尚未届满"):
        _step(run, county, eleventh, Entry(E.FEE_EXPIRED, date(2025, 4, 14)))
    a = _step(run, county, eleventh, Entry(E.FEE_EXPIRED, date(2025, 4, 15)))
    assert (a.state, a.report_row, a.concluded_on) == (
        State.CLOSED_FEE_UNPAID,
        "other_fee_unpaid",
        date(2025, 4, 15),
    )
    # The first application of the month is free: no notice can go out.
    with pytest.raises(StepError, match="无需收费"):
        _step(
            run,
            county,
            ids[0],
            Entry(E.ISSUE_FEE_NOTICE, date(2025, 3, 14), details={"method": "per_application"}),
        )
    paged = _step(
        run, county, ids[1], Entry(E.ISSUE_FEE_NOTICE, date(2025, 3, 14), details={"pages": 2219})
    )
    assert paged.fee_amount == 83460


def test_closings_land_in_their_rows(run: Callable[..., Any], county: County) -> None:
    app = run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-06-03"), now=NOW)
    _step(
        run,
        county,
        app.id,
        Entry(
            E.REQUEST_CORRECTION,
            date(2025, 6, 4),
            details={"items": "写明年份", "correction_until": "2025-06-20"},
        ),
    )
    with pytest.raises(StepError, match="补正期限"):
        _step(run, county, app.id, Entry(E.CORRECTION_EXPIRED, date(2025, 6, 20)))
    a = _step(run, county, app.id, Entry(E.CORRECTION_EXPIRED, date(2025, 6, 23)))
    assert (a.state, a.report_row) == (State.CLOSED_NO_CORRECTION, "other_no_correction")
    w = run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-06-03"), now=NOW)
    a = _step(run, county, w.id, Entry(E.WITHDRAW, date(2025, 6, 5)))
    assert (a.state, a.report_row, a.concluded_on) == (
        State.WITHDRAWN,
        "other_other",
        date(2025, 6, 5),
    )


def test_history_cannot_be_rewritten_even_in_raw_sql(
    run: Callable[..., Any], county: County, engine: Engine
) -> None:
    run(svc.register, county.id("clerk"), county.bureau.id, _new("2025-06-03"), now=NOW)
    for statement in (
        "UPDATE audit_log SET entity = 'x'",
        "DELETE FROM audit_log",
        "UPDATE application_events SET kind = 'withdraw'",
        "DELETE FROM application_events",
    ):
        with engine.connect() as c, pytest.raises(Exception, match="append-only"):
            c.execute(text(statement))
    assert _count(engine, ApplicationEvent) == 1


def test_loading_holidays_for_a_provisional_year_recomputes_due_dates(
    run: Callable[..., Any], county: County, engine: Engine
) -> None:
    future_now = datetime(2031, 12, 1, 9, tzinfo=CHINA_TZ)
    app = run(
        svc.register, county.id("clerk"), county.bureau.id, _new("2031-09-26"), now=future_now
    )
    assert app.due_provisional is True
    guess = app.due_on
    with Session(engine) as s:
        # An (invented) 2031 notice: a ten-day 国庆 block and no make-up days.
        holidays = {f"2031-10-{d:02d}": "国庆节" for d in range(1, 11)}
        s.add(HolidayYear(year=2031, data={"holidays": holidays, "workdays": []}))
        s.flush()
        assert svc.recompute_due_dates(s, work_calendar(s)) == 1
        s.commit()
        stored = s.get(Application, app.id)
        assert stored is not None and stored.due_provisional is False
        assert stored.due_on is not None and guess is not None and stored.due_on > guess
