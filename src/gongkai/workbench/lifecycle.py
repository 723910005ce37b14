"""依申请公开: the procedure of domain.md section 3 as a transition table.

An application is a `Case`: an append-only history of `Event`s and the state it leads to. The
table `TRANSITIONS` says which events each state accepts and where they lead; `apply` looks the
pair up and refuses, in Chinese, anything the table does not list. Rules that need the history
(补正 once, extension once and at most 20 working days) live in `Case.apply`. Dates may ride on
events for the record, but nothing here reads a clock: deadlines are the deadlines module's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from gongkai.errors import GongkaiError
from gongkai.report import format as fmt


class State(StrEnum):
    RECEIVED = "received"
    ANSWERED_ON_SPOT = "answered_on_spot"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTED = "corrected"
    IN_PROGRESS = "in_progress"
    EXTENDED = "extended"
    CONSULTING_THIRD_PARTY = "consulting_third_party"
    CONSULTING_AGENCY = "consulting_agency"
    REASONS_REQUESTED = "reasons_requested"
    DELAY_SET = "delay_set"
    FEE_NOTICE = "fee_notice"
    DECIDED = "decided"
    SERVED = "served"
    CLOSED = "closed"
    CLOSED_NO_CORRECTION = "closed_no_correction"
    CLOSED_FEE_UNPAID = "closed_fee_unpaid"
    WITHDRAWN = "withdrawn"


STATE_NAMES: Mapping[State | None, str] = {
    None: "尚未登记",
    State.RECEIVED: "已登记收到",
    State.ANSWERED_ON_SPOT: "当场答复",
    State.CORRECTION_REQUESTED: "待补正",
    State.CORRECTED: "已补正",
    State.IN_PROGRESS: "办理中",
    State.EXTENDED: "已延期答复",
    State.CONSULTING_THIRD_PARTY: "征求第三方意见中",
    State.CONSULTING_AGENCY: "征求其他机关意见中",
    State.REASONS_REQUESTED: "要求说明理由中",
    State.DELAY_SET: "已确定延迟答复期限",
    State.FEE_NOTICE: "待缴纳信息处理费",
    State.DECIDED: "已作出答复",
    State.SERVED: "已送达",
    State.CLOSED: "已办结",
    State.CLOSED_NO_CORRECTION: "逾期未补正，不再处理",
    State.CLOSED_FEE_UNPAID: "逾期未缴费，不再处理",
    State.WITHDRAWN: "申请人已撤回",
}


class EventKind(StrEnum):
    REGISTER = "register"
    ANSWER_ON_SPOT = "answer_on_spot"
    REQUEST_CORRECTION = "request_correction"
    RECEIVE_CORRECTION = "receive_correction"
    CORRECTION_EXPIRED = "correction_expired"
    EXTEND = "extend"
    CONSULT_THIRD_PARTY = "start_consultation_third_party"
    CONSULT_AGENCY = "start_consultation_agency"
    END_CONSULTATION = "end_consultation"
    REQUEST_REASONS = "request_reasons"
    SET_DELAY = "set_delay"
    ISSUE_FEE_NOTICE = "issue_fee_notice"
    FEE_PAID = "fee_paid"
    FEE_EXPIRED = "fee_expired"
    DECIDE = "decide"
    SERVE = "serve"
    WITHDRAW = "withdraw"
    CLOSE = "close"


EVENT_NAMES: Mapping[EventKind, str] = {
    EventKind.REGISTER: "登记申请",
    EventKind.ANSWER_ON_SPOT: "当场答复",
    EventKind.REQUEST_CORRECTION: "要求补正",
    EventKind.RECEIVE_CORRECTION: "收到补正",
    EventKind.CORRECTION_EXPIRED: "补正期限届满未补正",
    EventKind.EXTEND: "延期答复",
    EventKind.CONSULT_THIRD_PARTY: "征求第三方意见",
    EventKind.CONSULT_AGENCY: "征求其他机关意见",
    EventKind.END_CONSULTATION: "结束征求意见",
    EventKind.REQUEST_REASONS: "要求说明理由",
    EventKind.SET_DELAY: "确定延迟答复期限",
    EventKind.ISSUE_FEE_NOTICE: "发出收费通知",
    EventKind.FEE_PAID: "缴纳信息处理费",
    EventKind.FEE_EXPIRED: "缴费期限届满未缴费",
    EventKind.DECIDE: "作出答复决定",
    EventKind.SERVE: "送达",
    EventKind.WITHDRAW: "申请人撤回申请",
    EventKind.CLOSE: "办结",
}

MAX_EXTENSION_WORKING_DAYS = 20
MAX_CORRECTIONS = 1
MAX_EXTENSIONS = 1

# ---------------------------------------------------------------- the transition table

_E, _S = EventKind, State

# What an application under normal handling may go to (domain.md: IN_PROGRESS "leaves to").
# RECEIVED and CORRECTED accept the same events: there is no separate "start handling" step.
_HANDLING: Mapping[EventKind, State] = {
    _E.DECIDE: _S.DECIDED,
    _E.EXTEND: _S.EXTENDED,
    _E.CONSULT_THIRD_PARTY: _S.CONSULTING_THIRD_PARTY,
    _E.CONSULT_AGENCY: _S.CONSULTING_AGENCY,
    _E.REQUEST_REASONS: _S.REASONS_REQUESTED,
    _E.SET_DELAY: _S.DELAY_SET,
    _E.ISSUE_FEE_NOTICE: _S.FEE_NOTICE,
    _E.WITHDRAW: _S.WITHDRAWN,
}

TRANSITIONS: Mapping[State | None, Mapping[EventKind, State]] = {
    None: {_E.REGISTER: _S.RECEIVED},
    _S.RECEIVED: {
        _E.ANSWER_ON_SPOT: _S.ANSWERED_ON_SPOT,
        _E.REQUEST_CORRECTION: _S.CORRECTION_REQUESTED,
        **_HANDLING,
    },
    _S.ANSWERED_ON_SPOT: {_E.CLOSE: _S.CLOSED},
    _S.CORRECTION_REQUESTED: {
        _E.RECEIVE_CORRECTION: _S.CORRECTED,
        _E.CORRECTION_EXPIRED: _S.CLOSED_NO_CORRECTION,
        _E.WITHDRAW: _S.WITHDRAWN,
    },
    _S.CORRECTED: _HANDLING,
    _S.IN_PROGRESS: _HANDLING,
    _S.EXTENDED: {_E.DECIDE: _S.DECIDED, _E.WITHDRAW: _S.WITHDRAWN},
    _S.CONSULTING_THIRD_PARTY: {_E.END_CONSULTATION: _S.IN_PROGRESS, _E.WITHDRAW: _S.WITHDRAWN},
    _S.CONSULTING_AGENCY: {_E.END_CONSULTATION: _S.IN_PROGRESS, _E.WITHDRAW: _S.WITHDRAWN},
    _S.REASONS_REQUESTED: {
        _E.DECIDE: _S.DECIDED,
        _E.SET_DELAY: _S.DELAY_SET,
        _E.WITHDRAW: _S.WITHDRAWN,
    },
    _S.DELAY_SET: {_E.DECIDE: _S.DECIDED, _E.WITHDRAW: _S.WITHDRAWN},
    _S.FEE_NOTICE: {
        _E.FEE_PAID: _S.IN_PROGRESS,
        _E.FEE_EXPIRED: _S.CLOSED_FEE_UNPAID,
        _E.WITHDRAW: _S.WITHDRAWN,
    },
    _S.DECIDED: {_E.SERVE: _S.SERVED},
    _S.SERVED: {_E.CLOSE: _S.CLOSED},
    _S.CLOSED: {},
    _S.CLOSED_NO_CORRECTION: {},
    _S.CLOSED_FEE_UNPAID: {},
    _S.WITHDRAWN: {},
}

TERMINAL: frozenset[State] = frozenset(s for s in State if not TRANSITIONS[s])

# ---------------------------------------------------------------- outcomes and report rows

# The result rows of table 三, 2021 template: the only outcomes a decision may carry.
RESULT_ROWS: tuple[str, ...] = fmt.result_keys(False)

# Closings without a decision, each with its （六） sub-row, in format order.
CLOSING_ROWS: Mapping[State, str] = dict(
    zip(
        (_S.CLOSED_NO_CORRECTION, _S.CLOSED_FEE_UNPAID, _S.WITHDRAWN),
        fmt.OTHER_SPLIT,
        strict=True,
    )
)
# A decision may not claim the rows that only a closing event reaches.
_CLOSING_ONLY = {row: state for state, row in CLOSING_ROWS.items() if state is not _S.WITHDRAWN}
DECISION_OUTCOMES: tuple[str, ...] = tuple(k for k in RESULT_ROWS if k not in _CLOSING_ONLY)

# After 要求说明理由 (第三十五条) the table allows only 不予处理4 or a delay.
_EXCESSIVE = fmt.APPLICATION_ROW_BY_KEY["rejected_excessive"].key
OUTCOMES_FROM: Mapping[State, tuple[str, ...]] = {_S.REASONS_REQUESTED: (_EXCESSIVE,)}

# States whose report row is the outcome of the decision (or on-the-spot answer) that led there.
_DECIDED_STATES = frozenset({_S.ANSWERED_ON_SPOT, _S.DECIDED, _S.SERVED, _S.CLOSED})

DEFAULT_ON_SPOT_OUTCOME = fmt.APPLICATION_ROW_BY_KEY["disclosed"].key

# ---------------------------------------------------------------- events

Party = Literal["third_party", "agency"]
_CONSULT: Mapping[Party, EventKind] = {
    "third_party": _E.CONSULT_THIRD_PARTY,
    "agency": _E.CONSULT_AGENCY,
}


@dataclass(frozen=True, slots=True)
class Event:
    """One step of the procedure. `outcome` is a table-三 row key (decide, answer_on_spot only);
    `working_days` the length of an extension (extend only); `on` the date, kept for the record."""

    kind: EventKind
    outcome: str | None = None
    working_days: int | None = None
    on: date | None = None

    @classmethod
    def decide(cls, outcome: str, on: date | None = None) -> Event:
        return cls(_E.DECIDE, outcome=outcome, on=on)

    @classmethod
    def answer_on_spot(
        cls, outcome: str = DEFAULT_ON_SPOT_OUTCOME, on: date | None = None
    ) -> Event:
        return cls(_E.ANSWER_ON_SPOT, outcome=outcome, on=on)

    @classmethod
    def extend(
        cls, working_days: int = MAX_EXTENSION_WORKING_DAYS, on: date | None = None
    ) -> Event:
        return cls(_E.EXTEND, working_days=working_days, on=on)

    @classmethod
    def start_consultation(cls, party: Party, on: date | None = None) -> Event:
        return cls(_CONSULT[party], on=on)

    @property
    def name(self) -> str:
        return EVENT_NAMES[self.kind]


def state_name(state: State | None) -> str:
    return STATE_NAMES[state]


def allowed_events(state: State | None) -> tuple[EventKind, ...]:
    return tuple(TRANSITIONS[state])


def apply(state: State | None, event: Event) -> State:
    """The state `event` leads to from `state` (None = not yet registered), or a GongkaiError
    naming the refused step and listing what the state allows."""
    target = TRANSITIONS[state].get(event.kind)
    if target is None:
        raise GongkaiError(
            f"不能在“{state_name(state)}”状态下执行“{event.name}”。",
            _allowed_hint(state),
        )
    _check_details(state, event)
    return target


def _allowed_hint(state: State | None) -> str:
    allowed = allowed_events(state)
    if not allowed:
        return f"该申请已终结（{state_name(state)}），不能再进行任何操作。"
    return "该状态下可以执行：" + "、".join(EVENT_NAMES[k] for k in allowed) + "。"


def _check_details(state: State | None, event: Event) -> None:
    takes_outcome = event.kind in (_E.DECIDE, _E.ANSWER_ON_SPOT)
    if takes_outcome:
        _check_outcome(state, event)
    elif event.outcome is not None:
        raise GongkaiError(
            f"“{event.name}”不带办理结果，收到的是“{event.outcome}”。",
            "办理结果只在作出答复决定或当场答复时填写。",
        )
    if event.kind is _E.EXTEND:
        days = event.working_days
        if (
            isinstance(days, bool)
            or not isinstance(days, int)
            or not 1 <= days <= MAX_EXTENSION_WORKING_DAYS
        ):
            raise GongkaiError(
                f"延期答复的期限必须是1至{MAX_EXTENSION_WORKING_DAYS}个工作日，收到的是“{days}”。",
                f"延长答复期限最长不得超过{MAX_EXTENSION_WORKING_DAYS}个工作日（第三十三条）。",
            )
    elif event.working_days is not None:
        raise GongkaiError(
            f"“{event.name}”不带延期天数，收到的是“{event.working_days}”。",
            "延期天数只在延期答复时填写。",
        )


def _check_outcome(state: State | None, event: Event) -> None:
    outcome = event.outcome
    if outcome is None:
        raise GongkaiError(
            f"“{event.name}”必须填写一项办理结果。",
            "请从政府信息公开工作年度报告表三的办理结果中选择一项。",
        )
    if outcome in _CLOSING_ONLY:
        closing = _CLOSING_ONLY[outcome]
        raise GongkaiError(
            f"办理结果“{fmt.APPLICATION_ROW_BY_KEY[outcome].label}”不能通过“{event.name}”选择。",
            f"该结果由申请进入“{state_name(closing)}”状态时自动计入。",
        )
    if outcome not in DECISION_OUTCOMES:
        raise GongkaiError(
            f"未知的办理结果“{outcome}”。",
            "办理结果必须是年度报告表三（2021年格式）中的一行："
            + "、".join(DECISION_OUTCOMES)
            + "。",
        )
    limited = OUTCOMES_FROM.get(state) if state is not None else None
    if limited is not None and outcome not in limited:
        labels = "、".join(fmt.APPLICATION_ROW_BY_KEY[k].label for k in limited)
        raise GongkaiError(
            f"在“{state_name(state)}”状态下不能作出“{fmt.APPLICATION_ROW_BY_KEY[outcome].label}”的决定。",
            f"该状态下只能作出：{labels}；理由成立的，请先确定延迟答复期限。",
        )


# ---------------------------------------------------------------- the case


@dataclass(frozen=True, slots=True)
class Case:
    """An application's history and what it adds up to. Immutable: `apply` returns a new Case."""

    events: tuple[Event, ...] = ()
    state: State | None = None
    corrections: int = 0
    extensions: int = 0
    extension_days: int = 0
    outcome: str | None = None

    def apply(self, event: Event) -> Case:
        if event.kind is _E.REQUEST_CORRECTION and self.corrections >= MAX_CORRECTIONS:
            raise GongkaiError(
                "本申请已经要求过补正，不能再次要求补正。",
                "补正只能要求一次，应一次性告知需要补正的全部事项（第三十条）。",
            )
        if event.kind is _E.EXTEND and self.extensions >= MAX_EXTENSIONS:
            raise GongkaiError(
                f"本申请已经延期答复过一次（{self.extension_days}个工作日），不能再次延期。",
                f"延期答复只能一次，且最长不超过{MAX_EXTENSION_WORKING_DAYS}个工作日（第三十三条）。",
            )
        state = apply(self.state, event)
        return Case(
            events=(*self.events, event),
            state=state,
            corrections=self.corrections + (event.kind is _E.REQUEST_CORRECTION),
            extensions=self.extensions + (event.kind is _E.EXTEND),
            extension_days=self.extension_days + (event.working_days or 0),
            outcome=event.outcome if event.outcome is not None else self.outcome,
        )

    @property
    def concluded(self) -> bool:
        """Counted in table 三's results: decided (or answered) or closed without a decision."""
        return self.state in _DECIDED_STATES or self.state in CLOSING_ROWS

    @property
    def report_row(self) -> str | None:
        if self.state in _DECIDED_STATES:
            return self.outcome
        if self.state is not None and self.state in CLOSING_ROWS:
            return CLOSING_ROWS[self.state]
        return None


def replay(events: Iterable[Event]) -> Case:
    """The case an event history describes; refuses the first impossible step."""
    case = Case()
    for event in events:
        case = case.apply(event)
    return case


def report_row(history: Iterable[Event] | Case) -> str | None:
    """The table-三 result row an application lands in, or None while it is still open (it is
    then 结转下年度继续办理). R60: exactly one row per concluded application."""
    case = history if isinstance(history, Case) else replay(history)
    return case.report_row
