from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import GongkaiError
from gongkai.report import format as fmt
from gongkai.workbench import lifecycle
from gongkai.workbench.lifecycle import Case, Event, EventKind, State, apply, replay, report_row

E, S = EventKind, State

REG = Event(E.REGISTER, on=date(2024, 3, 1))

# Every allowed transition, written out by hand from domain.md section 3.
HANDLING = [
    (E.DECIDE, S.DECIDED),
    (E.EXTEND, S.EXTENDED),
    (E.CONSULT_THIRD_PARTY, S.CONSULTING_THIRD_PARTY),
    (E.CONSULT_AGENCY, S.CONSULTING_AGENCY),
    (E.REQUEST_REASONS, S.REASONS_REQUESTED),
    (E.SET_DELAY, S.DELAY_SET),
    (E.ISSUE_FEE_NOTICE, S.FEE_NOTICE),
    (E.WITHDRAW, S.WITHDRAWN),
]
EXPECTED: list[tuple[State | None, EventKind, State]] = [
    (None, E.REGISTER, S.RECEIVED),
    (S.RECEIVED, E.ANSWER_ON_SPOT, S.ANSWERED_ON_SPOT),
    (S.RECEIVED, E.REQUEST_CORRECTION, S.CORRECTION_REQUESTED),
    *[(S.RECEIVED, e, t) for e, t in HANDLING],
    (S.ANSWERED_ON_SPOT, E.CLOSE, S.CLOSED),
    (S.CORRECTION_REQUESTED, E.RECEIVE_CORRECTION, S.CORRECTED),
    (S.CORRECTION_REQUESTED, E.CORRECTION_EXPIRED, S.CLOSED_NO_CORRECTION),
    (S.CORRECTION_REQUESTED, E.WITHDRAW, S.WITHDRAWN),
    *[(S.CORRECTED, e, t) for e, t in HANDLING],
    *[(S.IN_PROGRESS, e, t) for e, t in HANDLING],
    (S.EXTENDED, E.DECIDE, S.DECIDED),
    (S.EXTENDED, E.WITHDRAW, S.WITHDRAWN),
    (S.CONSULTING_THIRD_PARTY, E.END_CONSULTATION, S.IN_PROGRESS),
    (S.CONSULTING_THIRD_PARTY, E.WITHDRAW, S.WITHDRAWN),
    (S.CONSULTING_AGENCY, E.END_CONSULTATION, S.IN_PROGRESS),
    (S.CONSULTING_AGENCY, E.WITHDRAW, S.WITHDRAWN),
    (S.REASONS_REQUESTED, E.DECIDE, S.DECIDED),
    (S.REASONS_REQUESTED, E.SET_DELAY, S.DELAY_SET),
    (S.REASONS_REQUESTED, E.WITHDRAW, S.WITHDRAWN),
    (S.DELAY_SET, E.DECIDE, S.DECIDED),
    (S.DELAY_SET, E.WITHDRAW, S.WITHDRAWN),
    (S.FEE_NOTICE, E.FEE_PAID, S.IN_PROGRESS),
    (S.FEE_NOTICE, E.FEE_EXPIRED, S.CLOSED_FEE_UNPAID),
    (S.FEE_NOTICE, E.WITHDRAW, S.WITHDRAWN),
    (S.DECIDED, E.SERVE, S.SERVED),
    (S.SERVED, E.CLOSE, S.CLOSED),
]


def event(kind: EventKind) -> Event:
    """A valid event of `kind`; the decision outcome is one every deciding state accepts."""
    if kind is E.DECIDE:
        return Event.decide("rejected_excessive")
    if kind is E.ANSWER_ON_SPOT:
        return Event.answer_on_spot()
    if kind is E.EXTEND:
        return Event.extend(15)
    return Event(kind)


def events(*kinds: EventKind) -> list[Event]:
    return [event(k) for k in kinds]


# A hand-written way into every state.
PATHS: dict[State | None, list[Event]] = {
    None: [],
    S.RECEIVED: [REG],
    S.ANSWERED_ON_SPOT: [REG, Event.answer_on_spot()],
    S.CORRECTION_REQUESTED: [REG, *events(E.REQUEST_CORRECTION)],
    S.CORRECTED: [REG, *events(E.REQUEST_CORRECTION, E.RECEIVE_CORRECTION)],
    S.IN_PROGRESS: [REG, Event.start_consultation("third_party"), Event(E.END_CONSULTATION)],
    S.EXTENDED: [REG, Event.extend(20)],
    S.CONSULTING_THIRD_PARTY: [REG, Event.start_consultation("third_party")],
    S.CONSULTING_AGENCY: [REG, Event.start_consultation("agency")],
    S.REASONS_REQUESTED: [REG, *events(E.REQUEST_REASONS)],
    S.DELAY_SET: [REG, *events(E.REQUEST_REASONS, E.SET_DELAY)],
    S.FEE_NOTICE: [REG, *events(E.ISSUE_FEE_NOTICE)],
    S.DECIDED: [REG, Event.decide("disclosed")],
    S.SERVED: [REG, Event.decide("disclosed"), Event(E.SERVE)],
    S.CLOSED: [REG, Event.decide("disclosed"), Event(E.SERVE), Event(E.CLOSE)],
    S.CLOSED_NO_CORRECTION: [REG, *events(E.REQUEST_CORRECTION, E.CORRECTION_EXPIRED)],
    S.CLOSED_FEE_UNPAID: [REG, *events(E.ISSUE_FEE_NOTICE, E.FEE_EXPIRED)],
    S.WITHDRAWN: [REG, Event(E.WITHDRAW)],
}


def test_the_table_is_exactly_the_documented_transitions() -> None:
    table = {
        (source, kind, target)
        for source, moves in lifecycle.TRANSITIONS.items()
        for kind, target in moves.items()
    }
    assert table == set(EXPECTED)
    assert len(EXPECTED) == len(table)


def test_every_state_and_event_has_a_chinese_name() -> None:
    assert set(lifecycle.STATE_NAMES) == {None, *State}
    assert set(lifecycle.EVENT_NAMES) == set(EventKind)
    assert set(lifecycle.TRANSITIONS) == {None, *State}


@pytest.mark.parametrize("state", list(PATHS), ids=str)
def test_paths_reach_their_state(state: State | None) -> None:
    assert replay(PATHS[state]).state == state


@pytest.mark.parametrize(
    ("source", "kind", "target"), EXPECTED, ids=lambda v: str(v) if v is not None else "new"
)
def test_every_allowed_transition(source: State | None, kind: EventKind, target: State) -> None:
    assert apply(source, event(kind)) == target
    case = replay(PATHS[source]).apply(event(kind))
    assert case.state == target
    assert case.events[-1].kind is kind


@pytest.mark.parametrize(
    ("source", "kind", "message", "hint"),
    [
        (
            None,
            E.DECIDE,
            "不能在“尚未登记”状态下执行“作出答复决定”。",
            "该状态下可以执行：登记申请。",
        ),
        (
            S.RECEIVED,
            E.SERVE,
            "不能在“已登记收到”状态下执行“送达”。",
            "该状态下可以执行：当场答复、要求补正、作出答复决定、延期答复、征求第三方意见、"
            "征求其他机关意见、要求说明理由、确定延迟答复期限、发出收费通知、申请人撤回申请。",
        ),
        (S.RECEIVED, E.REGISTER, "不能在“已登记收到”状态下执行“登记申请”。", "要求补正"),
        (S.IN_PROGRESS, E.REQUEST_CORRECTION, "执行“要求补正”", "作出答复决定"),
        (S.CORRECTION_REQUESTED, E.DECIDE, "不能在“待补正”状态下执行“作出答复决定”。", "收到补正"),
        (S.EXTENDED, E.EXTEND, "不能在“已延期答复”状态下执行“延期答复”。", "作出答复决定"),
        (S.EXTENDED, E.ISSUE_FEE_NOTICE, "执行“发出收费通知”", "申请人撤回申请"),
        (
            S.FEE_NOTICE,
            E.DECIDE,
            "不能在“待缴纳信息处理费”状态下执行“作出答复决定”。",
            "缴纳信息处理费",
        ),
        (S.CONSULTING_AGENCY, E.DECIDE, "执行“作出答复决定”", "结束征求意见"),
        (
            S.DECIDED,
            E.WITHDRAW,
            "不能在“已作出答复”状态下执行“申请人撤回申请”。",
            "该状态下可以执行：送达。",
        ),
        (S.SERVED, E.DECIDE, "执行“作出答复决定”", "该状态下可以执行：办结。"),
        (
            S.CLOSED,
            E.SERVE,
            "不能在“已办结”状态下执行“送达”。",
            "该申请已终结（已办结），不能再进行任何操作。",
        ),
        (S.WITHDRAWN, E.REGISTER, "执行“登记申请”", "该申请已终结（申请人已撤回）"),
        (
            S.CLOSED_FEE_UNPAID,
            E.FEE_PAID,
            "不能在“逾期未缴费，不再处理”状态下执行“缴纳信息处理费”。",
            "已终结",
        ),
        (S.CLOSED_NO_CORRECTION, E.RECEIVE_CORRECTION, "执行“收到补正”", "已终结"),
    ],
)
def test_refused_transitions_say_what_is_allowed(
    source: State | None, kind: EventKind, message: str, hint: str
) -> None:
    with pytest.raises(GongkaiError) as refused:
        apply(source, event(kind))
    assert message in refused.value.message
    assert hint in refused.value.hint
    with pytest.raises(GongkaiError):
        replay(PATHS[source]).apply(event(kind))


def test_correction_only_once() -> None:
    case = replay(PATHS[S.CORRECTED])
    assert case.corrections == 1
    with pytest.raises(GongkaiError) as refused:
        case.apply(Event(E.REQUEST_CORRECTION))
    assert refused.value.message == "本申请已经要求过补正，不能再次要求补正。"
    assert "补正只能要求一次" in refused.value.hint


def test_extension_only_once_and_counted() -> None:
    case = replay(PATHS[S.EXTENDED])
    assert (case.extensions, case.extension_days) == (1, 20)
    with pytest.raises(GongkaiError, match="不能再次延期"):
        case.apply(Event.extend(1))


@pytest.mark.parametrize("days", [0, -3, 21, None])
def test_extension_is_one_to_twenty_working_days(days: int | None) -> None:
    with pytest.raises(GongkaiError, match="延期答复的期限必须是1至20个工作日"):
        replay([REG]).apply(Event(E.EXTEND, working_days=days))


@pytest.mark.parametrize("outcome", ["foo", "other", "results_total", "carried_forward", "new"])
def test_decide_with_an_unknown_outcome_is_refused(outcome: str) -> None:
    with pytest.raises(GongkaiError, match=f"未知的办理结果“{outcome}”") as refused:
        replay([REG]).apply(Event.decide(outcome))
    assert "disclosed" in refused.value.hint


def test_decide_requires_an_outcome() -> None:
    with pytest.raises(GongkaiError, match="必须填写一项办理结果"):
        apply(S.IN_PROGRESS, Event(E.DECIDE))


@pytest.mark.parametrize("outcome", ["other_no_correction", "other_fee_unpaid"])
def test_closing_rows_cannot_be_chosen_by_a_decision(outcome: str) -> None:
    with pytest.raises(GongkaiError, match="不能通过“作出答复决定”选择"):
        apply(S.IN_PROGRESS, Event.decide(outcome))


def test_only_decisions_carry_outcomes_and_only_extensions_carry_days() -> None:
    with pytest.raises(GongkaiError, match="“送达”不带办理结果"):
        apply(S.DECIDED, Event(E.SERVE, outcome="disclosed"))
    with pytest.raises(GongkaiError, match="“办结”不带延期天数"):
        apply(S.SERVED, Event(E.CLOSE, working_days=5))


def test_after_requesting_reasons_only_rejection_as_excessive() -> None:
    case = replay(PATHS[S.REASONS_REQUESTED])
    with pytest.raises(GongkaiError, match="不能作出“（一）予以公开”的决定"):
        case.apply(Event.decide("disclosed"))
    assert report_row(case.apply(Event.decide("rejected_excessive"))) == "rejected_excessive"


def test_decision_outcomes_are_the_2021_result_rows() -> None:
    results = fmt.result_keys(False)
    assert results == lifecycle.RESULT_ROWS
    assert set(lifecycle.DECISION_OUTCOMES) == set(results) - {
        "other_no_correction",
        "other_fee_unpaid",
    }


@pytest.mark.parametrize(
    ("state", "row"),
    [
        (S.CLOSED_NO_CORRECTION, "other_no_correction"),
        (S.CLOSED_FEE_UNPAID, "other_fee_unpaid"),
        (S.WITHDRAWN, "other_other"),
        (S.ANSWERED_ON_SPOT, "disclosed"),
        (S.DECIDED, "disclosed"),
        (S.SERVED, "disclosed"),
        (S.CLOSED, "disclosed"),
        (None, None),
        (S.RECEIVED, None),
        (S.CORRECTION_REQUESTED, None),
        (S.IN_PROGRESS, None),
        (S.FEE_NOTICE, None),
        (S.DELAY_SET, None),
    ],
)
def test_report_row_by_final_state(state: State | None, row: str | None) -> None:
    assert report_row(PATHS[state]) == row
    assert replay(PATHS[state]).concluded is (row is not None)


def test_report_row_follows_the_decision() -> None:
    history = [
        REG,
        Event(E.REQUEST_CORRECTION),
        Event(E.RECEIVE_CORRECTION),
        Event.start_consultation("third_party"),
        Event(E.END_CONSULTATION),
        Event(E.ISSUE_FEE_NOTICE),
        Event(E.FEE_PAID),
        Event.extend(10),
        Event.decide("withheld_third_party", on=date(2024, 5, 6)),
        Event(E.SERVE),
        Event(E.CLOSE),
    ]
    case = replay(history)
    assert case.state is S.CLOSED
    assert case.events == tuple(history)
    assert report_row(case) == report_row(history) == "withheld_third_party"


def test_on_the_spot_answer_may_name_its_row() -> None:
    assert report_row([REG, Event.answer_on_spot("unavailable_not_held")]) == "unavailable_not_held"


def test_case_is_immutable() -> None:
    case = replay([REG])
    assert case.apply(Event(E.WITHDRAW)).state is S.WITHDRAWN
    assert case.state is S.RECEIVED
    assert case.events == (REG,)


# ---------------------------------------------------------------- properties


@st.composite
def valid_histories(draw: st.DrawFn) -> list[Case]:
    """The successive cases of a random walk through the table, every step a valid one."""
    case = Case()
    cases = [case]
    for _ in range(draw(st.integers(min_value=0, max_value=15))):
        allowed = lifecycle.allowed_events(case.state)
        if not allowed:
            break
        kind = draw(st.sampled_from(allowed))
        if kind in (E.DECIDE, E.ANSWER_ON_SPOT):
            limited = lifecycle.OUTCOMES_FROM.get(case.state) if case.state else None
            outcome = draw(st.sampled_from(limited or lifecycle.DECISION_OUTCOMES))
            step = Event(kind, outcome=outcome)
        elif kind is E.EXTEND:
            step = Event.extend(draw(st.integers(min_value=1, max_value=20)))
        else:
            step = Event(kind)
        case = case.apply(step)
        cases.append(case)
    return cases


@given(valid_histories())
def test_random_valid_histories_land_in_at_most_one_row(cases: list[Case]) -> None:
    rows = {c.report_row for c in cases} - {None}
    assert len(rows) <= 1
    final = cases[-1]
    assert report_row(final.events) == final.report_row
    if final.report_row is not None:
        assert final.report_row in fmt.result_keys(False)
    if final.state in lifecycle.TERMINAL:
        assert final.report_row is not None
    # once concluded, an application stays concluded in the same row
    first = next((i for i, c in enumerate(cases) if c.concluded), len(cases))
    assert all(c.concluded and c.report_row == final.report_row for c in cases[first:])
    assert final.corrections <= 1
    assert final.extensions <= 1
    assert final.extension_days <= 20


@given(st.lists(st.sampled_from(list(EventKind)), max_size=12))
def test_arbitrary_sequences_are_refused_or_valid(kinds: list[EventKind]) -> None:
    case = Case()
    for kind in kinds:
        try:
            case = case.apply(event(kind))
        except GongkaiError as refused:
            assert refused.message.startswith(("不能在", "本申请已经"))
            assert refused.hint
            break
    row = case.report_row
    assert row is None or row in fmt.result_keys(False)
