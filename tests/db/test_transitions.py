"""Every pair (state, step) of the state machine through the service, on both databases: the
table's transitions are accepted and land where the table says; every other pair is refused
with a Chinese message and leaves the timeline as it was."""

from __future__ import annotations

from collections import deque
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.workbench import applications as svc
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.lifecycle import TRANSITIONS, EventKind, State
from gongkai.workbench.orm import ApplicationEvent
from gongkai.workbench.store import session_factory, transaction
from tests.db.county import NOW, make_county

E = EventKind
START = date(2024, 1, 8)
# Days after the previous step: long enough for the windows that must have passed first.
_GAP = {E.FEE_EXPIRED: 45, E.CORRECTION_EXPIRED: 20}


def _paths() -> dict[State, list[EventKind]]:
    """The shortest path of events from registration to each state."""
    paths: dict[State, list[EventKind]] = {State.RECEIVED: []}
    queue = deque([State.RECEIVED])
    while queue:
        state = queue.popleft()
        for event, target in TRANSITIONS[state].items():
            if target not in paths:
                paths[target] = [*paths[state], event]
                queue.append(target)
    return paths


def _entry(kind: EventKind, on: date, state: State) -> Entry:
    outcome = None
    if kind in (E.DECIDE, E.ANSWER_ON_SPOT):
        outcome = "rejected_excessive" if state is State.REASONS_REQUESTED else "disclosed"
    details: dict[str, object] = {
        E.REQUEST_CORRECTION: {"items": "写明文号"},
        E.EXTEND: {"approved_by": "负责人"},
        E.SET_DELAY: {"due_on": (on + timedelta(days=60)).isoformat()},
        E.ISSUE_FEE_NOTICE: {"pages": 120},
    }.get(kind, {})
    return Entry(
        kind, on, outcome=outcome, working_days=10 if kind is E.EXTEND else None, details=details
    )


def test_every_transition_and_every_refusal(engine: Engine, session: Session) -> None:
    county = make_county(session)
    factory = session_factory(engine)
    reviewer = county.id("reviewer")
    paths = _paths()
    assert set(paths) == set(State), "every state is reachable from registration"
    accepted = refused = 0
    for state, path in paths.items():
        for kind in E:
            if kind is E.REGISTER:
                continue
            arrived = datetime(START.year, START.month, START.day, 10, tzinfo=CHINA_TZ)
            new = NewApplication(Applicant("natural_person", "测试"), "当面", arrived, "内容")
            with transaction(factory) as s:
                app = svc.register(s, reviewer, county.bureau.id, new, now=NOW)
                day, current = START, State.RECEIVED
                for step in path:
                    day += timedelta(days=_GAP.get(step, 1))
                    app = svc.record_step(s, reviewer, app.id, _entry(step, day, current), now=NOW)
                    current = app.state
                assert app.state is state
            day += timedelta(days=_GAP.get(kind, 1))
            target = TRANSITIONS[state].get(kind)
            if target is None:
                before = _events(engine)
                with pytest.raises(GongkaiError) as caught, transaction(factory) as s:
                    svc.record_step(s, reviewer, app.id, _entry(kind, day, state), now=NOW)
                assert caught.value.message and caught.value.hint
                assert _events(engine) == before
                refused += 1
            else:
                with transaction(factory) as s:
                    after = svc.record_step(s, reviewer, app.id, _entry(kind, day, state), now=NOW)
                assert after.state is target, (state, kind)
                accepted += 1
    assert accepted == sum(len(t) for s, t in TRANSITIONS.items() if s is not None)
    assert refused == len(State) * (len(E) - 1) - accepted


def _events(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(ApplicationEvent)) or 0)
