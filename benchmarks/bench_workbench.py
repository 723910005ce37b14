"""Workbench at scale: bulk-load applications with their timelines, then time the annual report.

    python benchmarks/bench_workbench.py [--rows 1000000] [--db sqlite|postgresql|both]

For each database (a SQLite file in a temporary directory; a throwaway PostgreSQL server, see
benchmarks/pgserver.py) it creates the schema with the migrations, loads `--rows` applications and
their events spread over 10 agencies of one region and the years 2021-2025 (one agency-year holds
10 % of them: 100,000 of 1,000,000), runs ANALYZE, and prints:

- load rate: applications/s and events/s (each measured as the time of its own inserts) and the
  wall time of the whole load, generation included;
- the annual report (`build_report`, and its three tables) of the big agency-year and of the whole
  region (`annual_report(..., subtree=True)`) for 2025: best and median of 5 after a warm-up;
- a correctness check of the region-year: R10 per column, and the results total against a
  direct COUNT of the applications concluded in the year.

Rows go in with SQLAlchemy Core `insert()` executemany, 10,000 applications per transaction, not
through the service layer; PostgreSQL uses COPY by default (`--pg-load executemany` to compare).
Every row is what the service would have stored: the timelines follow the state machine, and a
sample of the generated applications is replayed through `lifecycle.replay` and `reply_clock` and
compared with the state, report row, dates and due date written.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gongkai.db.engine import make_engine, migrate
from gongkai.workbench import lifecycle
from gongkai.workbench.calendar import WorkCalendar
from gongkai.workbench.clock import Step, reply_clock
from gongkai.workbench.deadlines import add_working_days
from gongkai.workbench.intake import APPLICANT_TYPES, Channel, legal_receipt_date
from gongkai.workbench.lifecycle import EventKind, State
from gongkai.workbench.orm import (
    Agency,
    AgencyKind,
    Application,
    ApplicationEvent,
    Region,
    Role,
    User,
)
from gongkai.workbench.registers import proactive_table
from gongkai.workbench.statistics import (
    annual_report,
    applications_table,
    build_report,
    reviews_table,
)
from pgserver import throwaway_postgres

E = EventKind
YEARS = (2021, 2022, 2023, 2024, 2025)
REPORT_YEAR = 2025
NOW = date(2026, 2, 27)  # the day the register is looked at: no step is later
BIG_AGENCY = 2  # agency 2 holds 10 % of all applications in REPORT_YEAR alone
CN = timedelta(hours=8)
CALENDAR = WorkCalendar.packaged()

AGENCIES = (
    ("某某市人民政府办公室", AgencyKind.OPEN_GOV_OFFICE),
    ("某某市自然资源和规划局", AgencyKind.DEPARTMENT),
    ("某某市住房和城乡建设局", AgencyKind.DEPARTMENT),
    ("某某市公安局", AgencyKind.DEPARTMENT),
    ("某某市生态环境局", AgencyKind.DEPARTMENT),
    ("某某市市场监督管理局", AgencyKind.DEPARTMENT),
    ("某某市人力资源和社会保障局", AgencyKind.DEPARTMENT),
    ("某某市交通运输局", AgencyKind.DEPARTMENT),
    ("某某市城关街道办事处", AgencyKind.TOWNSHIP),
    ("某某市东城镇人民政府", AgencyKind.TOWNSHIP),
)
APPLICANT_WEIGHTS = {
    "natural_person": 70,
    "business": 18,
    "research": 2,
    "public_interest": 2,
    "legal_services": 5,
    "other_org": 3,
}
# Decisions (table 三 result rows): mostly disclosed, partially disclosed, not held.
OUTCOME_WEIGHTS = {
    "disclosed": 40,
    "partially_disclosed": 12,
    "withheld_state_secret": 0.3,
    "withheld_prohibited_by_law": 1,
    "withheld_security_stability": 0.5,
    "withheld_third_party": 2,
    "withheld_internal_affairs": 3,
    "withheld_process_info": 3,
    "withheld_enforcement_files": 1,
    "withheld_admin_query": 2,
    "unavailable_not_held": 18,
    "unavailable_needs_creation": 3,
    "rejected_petition": 3,
    "rejected_duplicate": 2,
    "rejected_publication": 1.5,
    "rejected_excessive": 0.3,
    "rejected_confirmation": 1,
}
CHANNEL_WEIGHTS = {
    Channel.ONLINE: 45,
    Channel.POST: 30,
    Channel.IN_PERSON: 15,
    Channel.EMAIL: 8,
    Channel.FAX: 1,
    Channel.OTHER: 1,
}
CONFIRMED = (Channel.ONLINE, Channel.EMAIL, Channel.FAX)  # may arrive on a rest day
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
BATCH = 10_000


# ---------------------------------------------------------------- the plan: who gets how many


def plan(n: int) -> list[tuple[int, int, int]]:
    """(agency_id, year, count) for n applications: the big agency-year is 10 %, the big agency
    33 % over five years, the other nine agencies share the rest, growing year by year."""
    shares: dict[tuple[int, int], float] = {
        (BIG_AGENCY, 2021): 0.04,
        (BIG_AGENCY, 2022): 0.05,
        (BIG_AGENCY, 2023): 0.06,
        (BIG_AGENCY, 2024): 0.08,
        (BIG_AGENCY, REPORT_YEAR): 0.10,
    }
    others = [a for a in range(1, len(AGENCIES) + 1) if a != BIG_AGENCY]
    size = dict(zip(others, (3, 2, 1.5, 1.2, 1, 0.8, 0.6, 0.5, 0.4), strict=True))
    growth = dict(zip(YEARS, (0.7, 0.85, 1.0, 1.15, 1.3), strict=True))
    total = sum(size[a] * growth[y] for a in others for y in YEARS)
    for a in others:
        for y in YEARS:
            shares[(a, y)] = 0.67 * size[a] * growth[y] / total
    out = [(a, y, int(n * s)) for (a, y), s in sorted(shares.items())]
    big = out.index((BIG_AGENCY, REPORT_YEAR, int(n * 0.10)))
    out[-1] = (out[-1][0], out[-1][1], out[-1][2] + n - sum(c for _, _, c in out))
    assert out[big][2] == int(n * 0.10)
    return out


# ---------------------------------------------------------------- calendar look-ups, cached


@cache
def _after(start: date, days: int) -> tuple[date, bool]:
    d = add_working_days(start, days, CALENDAR)
    return d.due, d.provisional


@cache
def _receipt(via: Channel, arrived: date) -> tuple[date, str]:
    at = datetime(arrived.year, arrived.month, arrived.day, 2, 0, tzinfo=UTC)  # 10:00 Beijing
    r = legal_receipt_date(via, at, CALENDAR)
    return r.received_on, r.explanation


@cache
def _is_workday(d: date) -> bool:
    return CALENDAR.is_workday(d)


# ---------------------------------------------------------------- one application


@dataclass
class Generated:
    """One application row and its events, as dicts keyed by column name."""

    app: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)


class Generator:
    """Consistent applications, deterministic for a seed."""

    def __init__(self, seed: int, n: int) -> None:
        self.rng = random.Random(seed)
        self.types = list(APPLICANT_WEIGHTS)
        self.type_w = list(APPLICANT_WEIGHTS.values())
        self.outcomes = list(OUTCOME_WEIGHTS)
        self.outcome_w = list(OUTCOME_WEIGHTS.values())
        self.channels = list(CHANNEL_WEIGHTS)
        self.channel_w = list(CHANNEL_WEIGHTS.values())
        self.pool = max(n // 3, 10)  # applicants: about three applications each
        self.event_id = 0

    def agency_year(
        self, agency_id: int, year: int, count: int, first_id: int
    ) -> Iterator[Generated]:
        """`count` applications received by `agency_id` in `year`, numbered in receipt order."""
        rng = self.rng
        start = date(year, 1, 1).toordinal()
        days = (date(year, 12, 31).toordinal() - start) + 1
        arrivals = []
        for _ in range(count):
            arrived = date.fromordinal(start + rng.randrange(days))
            via = rng.choices(self.channels, self.channel_w)[0]
            if not _is_workday(arrived) and via not in CONFIRMED:
                via = Channel.ONLINE  # only online, fax and e-mail arrive on rest days
            received, note = _receipt(via, arrived)
            if received.year != year:  # a rest-day arrival at year end: counted next year
                while not _is_workday(arrived):
                    arrived -= timedelta(days=1)
                received, note = _receipt(via, arrived)
            arrivals.append((received, arrived, via, note, rng.randrange(2, 10) * 3600))
        arrivals.sort(key=lambda a: a[0])
        for i, (received, arrived, via, note, secs) in enumerate(arrivals):
            yield self.one(
                first_id + i,
                agency_id,
                f"{year}-{i + 1:05d}",
                r=received,
                arrived=arrived,
                via=via,
                note=note,
                secs=secs,
            )

    def one(
        self,
        app_id: int,
        agency_id: int,
        number: str,
        *,
        r: date,
        arrived: date,
        via: Channel,
        note: str,
        secs: int,
    ) -> Generated:
        rng = self.rng
        kind = rng.choices(self.types, self.type_w)[0]
        who = rng.randrange(self.pool)
        if kind == "natural_person":
            name, id_kind, id_number = (
                f"申请人{who}",
                "身份证",
                f"{110101190001010000 + who * 7:018d}",
            )
        else:
            name, id_kind, id_number = f"某某单位{who}", "统一社会信用代码", f"91{who:016d}"
        if rng.random() < 0.2:  # some leave no document number: counted by name
            id_kind = id_number = None
        key = "id:" + id_number.upper()[:90] if id_number else "name:" + name[:90]
        arrived_at = (
            datetime(arrived.year, arrived.month, arrived.day, tzinfo=UTC)
            - CN
            + timedelta(seconds=secs)
        )
        app: dict[str, Any] = {
            "id": app_id,
            "agency_id": agency_id,
            "number": number,
            "tracking_code": tracking_code(app_id),
            "applicant_type": kind,
            "applicant_name": name,
            "applicant_id_kind": id_kind,
            "applicant_id_number": id_number,
            "applicant_contact": f"13{who % 1_000_000_000:09d}",
            "applicant_key": key,
            "channel": via,
            "arrived_at": arrived_at,
            "received_on": r,
            "receipt_note": note,
            "content": f"申请公开{number}号所涉项目的审批文件",
            "form": "电子" if via in CONFIRMED else "纸质",
            "delivery": "电子邮件" if via in CONFIRMED else "邮寄",
            "report_row": None,
            "concluded_on": None,
            "served_on": None,
            "fee_amount": None,
            "created_at": arrived_at,
            "archived_at": None,
        }
        g = Generated(app)
        self.event(g, E.REGISTER, r, details={"channel": via.value, "receipt": note})
        due0, prov0 = _after(r, 20)
        due, prov = due0, prov0
        x = rng.random()
        recent = r >= date(REPORT_YEAR, 10, 1)
        if x < (0.40 if recent else 0.024):  # still open
            self.still_open(g, r)
            return self.finish(g)
        x = rng.random()
        if x < 0.055:  # withdrawn: at once, or after a correction request or an extension
            state, row = State.WITHDRAWN, "other_other"
            y = rng.random()
            if y < 0.3:
                self.request_correction(g, r)
            elif y < 0.5 and not recent:
                due, prov = self.extend(g, r, due0)
            w = self.later(g, 1, 20)
            self.event(g, E.WITHDRAW, w)
            g.app["concluded_on"] = w
        elif x < 0.085:  # closed: no correction came in time
            state, row = State.CLOSED_NO_CORRECTION, "other_no_correction"
            until = self.request_correction(g, r)
            expired = until + timedelta(days=rng.randint(1, 10))
            self.event(g, E.CORRECTION_EXPIRED, expired)
            g.app["concluded_on"] = expired
        elif x < 0.105:  # answered on the spot
            state, row = State.CLOSED, "disclosed"
            self.event(g, E.ANSWER_ON_SPOT, r, outcome=row)
            self.event(g, E.CLOSE, self.later(g, 0, 3))
            g.app["concluded_on"] = r
        elif x < 0.175:  # corrected, then decided and served
            state = State.SERVED
            self.request_correction(g, r)
            corrected = self.later(g, 1, 14)
            self.event(g, E.RECEIVE_CORRECTION, corrected)
            due, prov = _after(corrected, 20)
            row = "unavailable_unclear" if rng.random() < 0.25 else self.outcome()
            self.decide(g, row, due)
            g.app["served_on"] = self.later(g, 0, 3)
            self.event(g, E.SERVE, g.app["served_on"])
        else:  # decided (some after an extension), served, closed
            state, row = State.CLOSED, self.outcome()
            if not recent and rng.random() < 0.12:
                due, prov = self.extend(g, r, due0)
            self.decide(g, row, due)
            g.app["served_on"] = self.later(g, 0, 3)
            self.event(g, E.SERVE, g.app["served_on"])
            self.event(g, E.CLOSE, self.later(g, 0, 5))
        g.app.update(state=state, report_row=row, due_on=due, due_provisional=prov)
        return self.finish(g)

    def still_open(self, g: Generated, r: date) -> None:
        """Open on NOW: registered, waiting for a correction, extended, or consulting."""
        rng = self.rng
        y = rng.random()
        due0, prov0 = _after(r, 20)
        if y < 0.4 or r > NOW - timedelta(days=25):
            state, due, prov = State.RECEIVED, due0, prov0
        elif y < 0.6:
            self.request_correction(g, r)
            state, due, prov = State.CORRECTION_REQUESTED, None, False
        elif y < 0.85:
            state = State.EXTENDED
            due, prov = self.extend(g, r, due0)
        else:
            state = State.CONSULTING_THIRD_PARTY
            self.event(g, E.CONSULT_THIRD_PARTY, self.later(g, 1, 10))
            steps = [
                Step(e["kind"], e["on"], e["working_days"], e["details"]) for e in g.events[1:]
            ]
            clock = reply_clock(r, steps, CALENDAR)
            due, prov = clock.due, clock.reply.provisional if clock.reply else False
        g.app.update(state=state, due_on=due, due_provisional=prov)

    def request_correction(self, g: Generated, r: date) -> date:
        on = self.later(g, 1, 7)
        until = on + timedelta(days=15)
        self.event(
            g,
            E.REQUEST_CORRECTION,
            on,
            details={"items": "请明确所需信息的文号或名称", "correction_until": until.isoformat()},
        )
        return until

    def extend(self, g: Generated, r: date, due0: date) -> tuple[date, bool]:
        on = min(self.later(g, 10, 25), due0)
        days = self.rng.choice((10, 15, 20, 20))
        self.event(
            g,
            E.EXTEND,
            on,
            working_days=days,
            details={"approved_by": "分管负责人", "original_due": due0.isoformat()},
        )
        return _after(due0, days)

    def decide(self, g: Generated, outcome: str, due: date) -> None:
        on = self.later(g, 1, 25)
        self.event(g, E.DECIDE, on, outcome=outcome, details={"late": True} if on > due else {})
        g.app["concluded_on"] = on

    def outcome(self) -> str:
        return self.rng.choices(self.outcomes, self.outcome_w)[0]

    def later(self, g: Generated, lo: int, hi: int) -> date:
        """A date lo..hi days after the last event, never after NOW."""
        return min(g.events[-1]["on"] + timedelta(days=self.rng.randint(lo, hi)), NOW)

    def event(
        self,
        g: Generated,
        kind: EventKind,
        on: date,
        *,
        outcome: str | None = None,
        working_days: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.event_id += 1
        g.events.append(
            {
                "id": self.event_id,
                "application_id": g.app["id"],
                "seq": len(g.events) + 1,
                "kind": kind,
                "on": on,
                "recorded_at": datetime(on.year, on.month, on.day, 9, tzinfo=UTC)
                + timedelta(minutes=self.rng.randrange(480)),
                "actor_id": g.app["agency_id"],  # the clerk of the agency has the agency's id
                "outcome": outcome,
                "working_days": working_days,
                "details": details or {},
            }
        )

    @staticmethod
    def finish(g: Generated) -> Generated:
        g.app["version"] = len(g.events)  # one version per step recorded after the registration
        return g


def tracking_code(app_id: int) -> str:
    """12 characters of the service's alphabet, a bijection of the id: unique, scattered."""
    x = (app_id * 0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D) % (1 << 60)
    return "".join(TRACKING_ALPHABET[(x >> (5 * i)) & 31] for i in range(12))


def check_consistent(g: Generated) -> None:
    """Replay the timeline with the domain code and compare with what the row says."""
    events = g.events
    case = lifecycle.replay(
        lifecycle.Event(e["kind"], outcome=e["outcome"], working_days=e["working_days"], on=e["on"])
        for e in events
    )
    steps = [Step(e["kind"], e["on"], e["working_days"], e["details"]) for e in events[1:]]
    clock = reply_clock(g.app["received_on"], steps, CALENDAR)
    a = g.app
    got = (a["state"], a["report_row"], a["concluded_on"], a["due_on"])
    want = (case.state, case.report_row, clock.concluded_on, clock.due)
    assert got == want, (a["number"], got, want)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    ons = [e["on"] for e in events]
    assert ons == sorted(ons) and ons[0] == a["received_on"] and ons[-1] <= NOW, ons
    assert case.concluded == (a["concluded_on"] is not None)
    assert 1 <= len(events) <= 6


# ---------------------------------------------------------------- loading


@dataclass
class LoadStats:
    apps: int = 0
    events: int = 0
    app_seconds: float = 0.0
    event_seconds: float = 0.0
    wall: float = 0.0
    checked: int = 0
    open: int = 0
    by_state: dict[str, int] = field(default_factory=dict)


def batches(
    n: int, seed: int, stats: LoadStats
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Applications and their events in batches of BATCH applications."""
    gen = Generator(seed, n)
    apps: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    next_id = 1
    for agency_id, year, count in plan(n):
        for g in gen.agency_year(agency_id, year, count, next_id):
            if g.app["id"] % 97 == 0:
                check_consistent(g)
                stats.checked += 1
            state = g.app["state"].value
            stats.by_state[state] = stats.by_state.get(state, 0) + 1
            apps.append(g.app)
            events.extend(g.events)
            if len(apps) >= BATCH:
                yield apps, events
                apps, events = [], []
        next_id += count
    if apps:
        yield apps, events


def setup_people(engine: Engine) -> int:
    """One region, ten agencies (nine under the first), a clerk in each, a supervisor; returns
    the supervisor's id."""
    with Session(engine) as session, session.begin():
        region = Region(code="330100", name="某某市")
        session.add(region)
        session.flush()
        for i, (name, kind) in enumerate(AGENCIES, start=1):
            session.add(
                Agency(
                    id=i, name=name, kind=kind, region_id=region.id, parent_id=None if i == 1 else 1
                )
            )
            session.flush()
        for i in range(1, len(AGENCIES) + 1):
            session.add(
                User(id=i, login=f"clerk{i}", name=f"经办人{i}", role=Role.CLERK, agency_id=i)
            )
        session.add(
            User(id=100, login="supervisor", name="政务公开办", role=Role.SUPERVISOR, agency_id=1)
        )
    return 100


def load_core(engine: Engine, n: int, seed: int, stats: LoadStats) -> None:
    """SQLAlchemy Core insert() executemany, one transaction per batch."""
    apps_t, events_t = Application.__table__, ApplicationEvent.__table__
    for apps, events in batches(n, seed, stats):
        with engine.begin() as conn:
            t0 = time.perf_counter()
            conn.execute(insert(apps_t), apps)
            t1 = time.perf_counter()
            conn.execute(insert(events_t), events)
            t2 = time.perf_counter()
        t3 = time.perf_counter()  # the commit is shared by both: counted with the events
        stats.app_seconds += t1 - t0
        stats.event_seconds += t3 - t1
        stats.apps += len(apps)
        stats.events += len(events)
        del t2


APP_COLUMNS = [c.name for c in Application.__table__.columns]
EVENT_COLUMNS = [c.name for c in ApplicationEvent.__table__.columns]


def _plain(value: Any) -> Any:
    if isinstance(value, State | Channel | EventKind):
        return value.value
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def load_copy(engine: Engine, n: int, seed: int, stats: LoadStats) -> None:
    """psycopg COPY ... FROM STDIN, one transaction per batch (PostgreSQL only)."""
    app_sql = f"COPY applications ({', '.join(APP_COLUMNS)}) FROM STDIN"
    quoted = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)  # "on" is a reserved word
    event_sql = f"COPY application_events ({quoted}) FROM STDIN"
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert conn is not None
        for apps, events in batches(n, seed, stats):
            t0 = time.perf_counter()
            with conn.cursor() as cur:
                with cur.copy(app_sql) as copy:
                    for a in apps:
                        copy.write_row([_plain(a[c]) for c in APP_COLUMNS])
                t1 = time.perf_counter()
                with cur.copy(event_sql) as copy:
                    for e in events:
                        copy.write_row([_plain(e[c]) for c in EVENT_COLUMNS])
            conn.commit()
            t2 = time.perf_counter()
            stats.app_seconds += t1 - t0
            stats.event_seconds += t2 - t1
            stats.apps += len(apps)
            stats.events += len(events)
    finally:
        raw.close()


def after_load(engine: Engine) -> float:
    """Sequences past the ids we chose (PostgreSQL), then ANALYZE; returns the seconds taken."""
    t0 = time.perf_counter()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for table in ("applications", "application_events"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
                )
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - t0


# ---------------------------------------------------------------- timing the report


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Best and median seconds of `rounds` calls after one warm-up."""
    fn()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def check_region(session: Session, ids: list[int], year: int, actor: int) -> list[str]:
    """R10 per column and the results total against a direct COUNT; returns failures."""
    report = annual_report(session, actor, 1, year, subtree=True)
    rows = report.applications.rows
    failures = []
    for c in range(len(APPLICANT_TYPES) + 1):
        left = rows["new"][c] + rows["carried_over"][c]
        right = rows["results_total"][c] + rows["carried_forward"][c]
        if left != right:
            failures.append(f"R10 column {c}: {left} != {right}")
    a = Application
    concluded = session.scalar(
        select(func.count()).where(
            a.agency_id.in_(ids), a.concluded_on.between(date(year, 1, 1), date(year, 12, 31))
        )
    )
    if rows["results_total"][-1] != concluded:
        failures.append(f"results_total {rows['results_total'][-1]} != COUNT {concluded}")
    received = session.scalar(
        select(func.count()).where(
            a.agency_id.in_(ids), a.received_on.between(date(year, 1, 1), date(year, 12, 31))
        )
    )
    if rows["new"][-1] != received:
        failures.append(f"new {rows['new'][-1]} != COUNT {received}")
    return failures


def bench_reports(engine: Engine, actor: int, rounds: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    ids = list(range(1, len(AGENCIES) + 1))
    with Session(engine) as s:
        y = REPORT_YEAR
        out["agency_rows"] = s.scalar(
            select(func.count()).where(
                Application.agency_id == BIG_AGENCY,
                Application.received_on.between(date(y, 1, 1), date(y, 12, 31)),
            )
        )
        out["region_rows"] = s.scalar(select(func.count()).select_from(Application))
        big = [BIG_AGENCY]
        out["agency: build_report"] = timed(lambda: build_report(s, "机关", big, y), rounds)
        out["agency: applications_table"] = timed(lambda: applications_table(s, big, y), rounds)
        out["region: annual_report(subtree)"] = timed(
            lambda: annual_report(s, actor, 1, y, subtree=True), rounds
        )
        out["region: applications_table"] = timed(lambda: applications_table(s, ids, y), rounds)
        out["region: reviews_table"] = timed(lambda: reviews_table(s, ids, y), rounds)
        out["region: proactive_table"] = timed(lambda: proactive_table(s, ids, y), rounds)
        out["failures"] = check_region(s, ids, y, actor)
    return out


# ---------------------------------------------------------------- driver


def run(url: str, n: int, seed: int, rounds: int, pg_load: str) -> dict[str, Any]:
    migrate(url)
    engine = make_engine(url)
    try:
        actor = setup_people(engine)
        stats = LoadStats()
        method = (
            "COPY"
            if engine.dialect.name == "postgresql" and pg_load == "copy"
            else "Core executemany"
        )
        t0 = time.perf_counter()
        (load_copy if method == "COPY" else load_core)(engine, n, seed, stats)
        stats.wall = time.perf_counter() - t0
        analyze = after_load(engine)
        results = bench_reports(engine, actor, rounds)
        return {
            "db": engine.dialect.name,
            "method": method,
            "stats": stats,
            "analyze": analyze,
            **results,
        }
    finally:
        engine.dispose()


def show(r: dict[str, Any]) -> None:
    st: LoadStats = r["stats"]
    print(f"\n== {r['db']} ({r['method']}) ==")
    print(
        f"load: {st.apps:,} applications, {st.events:,} events ({st.events / st.apps:.2f} per application)"
    )
    print(
        f"  applications/s {st.apps / st.app_seconds:>10,.0f}   ({st.app_seconds:.1f} s inserting)"
    )
    print(
        f"  events/s       {st.events / st.event_seconds:>10,.0f}   ({st.event_seconds:.1f} s inserting + commits)"
    )
    print(
        f"  wall time      {st.wall:>10.1f} s (generation included); ANALYZE {r['analyze']:.1f} s"
    )
    states = ", ".join(
        f"{k} {v / st.apps:.1%}" for k, v in sorted(st.by_state.items(), key=lambda kv: -kv[1])
    )
    print(f"  states: {states}")
    print(
        f"  {st.checked:,} sampled applications replayed through lifecycle + reply_clock: consistent"
    )
    print(f"report {REPORT_YEAR} (best / median of the rounds, after a warm-up):")
    print(
        f"  agency-year rows: {r['agency_rows']:,}; region rows (all years): {r['region_rows']:,}"
    )
    for key, value in r.items():
        if isinstance(value, tuple):
            goal = (
                " (goal <= 0.5 s)"
                if key == "agency: build_report"
                else " (goal <= 3 s)"
                if key.startswith("region: annual")
                else ""
            )
            print(f"  {key:<34} {value[0] * 1000:>9.1f} ms / {value[1] * 1000:>9.1f} ms{goal}")
    verdict = "OK" if not r["failures"] else "FAIL: " + "; ".join(r["failures"])
    print(f"  region-year check (R10 per column, results_total == COUNT, new == COUNT): {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pg-load", choices=("copy", "executemany"), default="copy")
    args = parser.parse_args(argv)
    if args.rows < 1000:
        parser.error("--rows must be at least 1000")
    results = []
    failed = False
    try:
        if args.db in ("sqlite", "both"):
            with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
                results.append(
                    run(
                        f"sqlite:///{tmp}/bench.sqlite3",
                        args.rows,
                        args.seed,
                        args.rounds,
                        args.pg_load,
                    )
                )
                show(results[-1])
        if args.db in ("postgresql", "both"):
            with throwaway_postgres() as admin:
                results.append(run(admin, args.rows, args.seed, args.rounds, args.pg_load))
                show(results[-1])
    except KeyboardInterrupt:
        print("interrupted: temporary databases removed", file=sys.stderr)
        return 130
    failed = any(r["failures"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
