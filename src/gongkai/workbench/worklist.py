"""The workbench's lists: the register of applications with its filters, and the dashboard.

Everything here reads, scoped by `access.visible_agencies` before any row is touched, so a list
never shows another agency's applications. The register is written for a million rows: it walks
`ix_applications_listing` (agency, received_on, id) newest first with a keyset cursor, counts at
most `COUNT_CAP` + 1 rows, and never loads timelines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, func, or_, select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.report import format as fmt
from gongkai.workbench import access, lifecycle
from gongkai.workbench.access import Action
from gongkai.workbench.deadlines import add_working_days
from gongkai.workbench.intake import APPLICANT_TYPE_NAMES, CHANNEL_NAMES, Channel, applicant_type
from gongkai.workbench.intake import channel as parse_channel
from gongkai.workbench.lifecycle import EVENT_NAMES, STATE_NAMES, EventKind, State
from gongkai.workbench.orm import Agency, Application, Publication, Role, User
from gongkai.workbench.publishing import Status
from gongkai.workbench.store import work_calendar

PAGE_SIZE = 50
COUNT_CAP = 1000
SUPERVISION_LIMIT = 50
_CASEWORKERS = frozenset({Role.CLERK, Role.REVIEWER, Role.AGENCY_ADMIN})
OPEN = "open"  # the pseudo-state "not concluded" of the state filter
# States in which the application has its answer or was closed: its clock no longer runs.
CONCLUDED: frozenset[State] = frozenset(
    {
        State.ANSWERED_ON_SPOT,
        State.DECIDED,
        State.SERVED,
        State.CLOSED,
        State.CLOSED_NO_CORRECTION,
        State.CLOSED_FEE_UNPAID,
        State.WITHDRAWN,
    }
)
OPEN_STATES: tuple[State, ...] = tuple(s for s in State if s not in CONCLUDED)
DUE_LIMIT = 20  # rows per list on the dashboard; the counters and a link give the rest
REVIEW_STATUSES: tuple[Status, ...] = (
    Status.FIRST_REVIEW,
    Status.SECOND_REVIEW,
    Status.FINAL_REVIEW,
)
# The columns a list row shows: never the timeline, never the long content.
_LIST_COLUMNS = (
    Application.id,
    Application.agency_id,
    Application.number,
    Application.applicant_type,
    Application.applicant_name,
    Application.channel,
    Application.received_on,
    Application.state,
    Application.due_on,
    Application.due_provisional,
    Application.concluded_on,
    Application.version,
)


class FilterError(GongkaiError):
    """A filter value the register cannot read (a bad date, an unknown state)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """What the register is narrowed to; every field optional."""

    state: str | None = None  # a State value, or OPEN
    channel: Channel | None = None
    applicant_type: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    overdue: bool = False
    agency: int | None = None
    q: str | None = None
    after: tuple[date, int] | None = None  # keyset cursor: (received_on, id) of the last row seen

    def query_items(self, *, with_cursor: bool = False) -> list[tuple[str, str]]:
        """The filters as query parameters (for links, the next page, the CSV export)."""
        items: list[tuple[str, str]] = []
        if self.q:
            items.append(("q", self.q))
        if self.state:
            items.append(("state", self.state))
        if self.channel:
            items.append(("channel", self.channel.value))
        if self.applicant_type:
            items.append(("applicant_type", self.applicant_type))
        if self.received_from:
            items.append(("received_from", self.received_from.isoformat()))
        if self.received_to:
            items.append(("received_to", self.received_to.isoformat()))
        if self.overdue:
            items.append(("overdue", "1"))
        if self.agency is not None:
            items.append(("agency", str(self.agency)))
        if with_cursor and self.after is not None:
            items.append(("after", cursor_text(self.after)))
        return items


@dataclass(frozen=True, slots=True)
class ListPage:
    rows: Sequence[Any]  # rows of the _LIST_COLUMNS of each application
    count: int  # capped at COUNT_CAP + 1
    next_after: tuple[date, int] | None
    agencies: Mapping[int, str]  # names of the agencies the user may list

    @property
    def count_text(self) -> str:
        return f"{COUNT_CAP}+ 件" if self.count > COUNT_CAP else f"{self.count} 件"

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def cursor_text(after: tuple[date, int]) -> str:
    return f"{after[0].isoformat()}_{after[1]}"


def parse_filters(params: Mapping[str, str]) -> Filters:
    """Filters from query parameters as a GET form sends them (empty fields mean no filter)."""

    def text(name: str) -> str | None:
        value = (params.get(name) or "").strip()
        return value or None

    state = text("state")
    if state is not None and state != OPEN:
        state = _state(state).value
    via = text("channel")
    kind = text("applicant_type")
    agency = text("agency")
    if agency is not None and not (agency.isascii() and agency.isdigit() and len(agency) < 19):
        raise FilterError(f"机关编号“{agency}”无效。", "请从机关列表中选择。")
    q = text("q")
    return Filters(
        state=state,
        channel=_channel(via) if via else None,
        applicant_type=_applicant_type(kind) if kind else None,
        received_from=_date(text("received_from"), "收到日期（起）"),
        received_to=_date(text("received_to"), "收到日期（止）"),
        overdue=text("overdue") in {"1", "true", "on", "yes"},
        agency=int(agency) if agency is not None else None,
        q=q[:100] if q else None,
        after=_cursor(text("after")),
    )


def listable_agencies(session: Session, user: User) -> Mapping[int, str]:
    """The agencies whose register `user` may read, by name."""
    return access.agency_names(session, user)


def handling_agencies(session: Session, user: User) -> dict[int, str]:
    """The agencies in which `user` may register applications."""
    return {
        agency_id: name
        for agency_id, name in listable_agencies(session, user).items()
        if access.can(session, user, Action.HANDLE, agency_id)
    }


def search(
    session: Session, actor_id: int, filters: Filters, today: date, *, limit: int = PAGE_SIZE
) -> ListPage:
    """One page of the register, newest first, within what the user may see."""
    user = access.actor(session, actor_id)
    agencies = listable_agencies(session, user)
    scope = _scope(session, user, filters.agency, agencies)
    where = _conditions(scope, filters, today)
    capped = select(Application.id).where(*where).limit(COUNT_CAP + 1).subquery()
    counted = session.scalar(select(func.count()).select_from(capped))
    # Plain rows, not ORM objects: a page is read-only, and fifty identity-mapped instances
    # cost more than the query that finds them.
    query = select(*_LIST_COLUMNS).where(*where)
    if filters.after is not None:
        day, last_id = filters.after
        query = query.where(
            or_(
                Application.received_on < day,
                (Application.received_on == day) & (Application.id < last_id),
            )
        )
    query = query.order_by(Application.received_on.desc(), Application.id.desc()).limit(limit + 1)
    rows = list(session.execute(query))
    more = len(rows) > limit
    rows = rows[:limit]
    next_after = (rows[-1].received_on, rows[-1].id) if more and rows else None
    return ListPage(rows, int(counted or 0), next_after, agencies)


def _scope(
    session: Session, user: User, agency: int | None, agencies: Mapping[int, str]
) -> list[int]:
    if agency is None:
        return sorted(agencies)
    access.require(session, user, Action.VIEW, agency)
    return [agency]


def _conditions(scope: Sequence[int], f: Filters, today: date) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        Application.agency_id.in_(scope),
        Application.archived_at.is_(None),
    ]
    if f.state == OPEN:
        where.extend(_open())
    elif f.state:
        where.append(Application.state == State(f.state))
    if f.channel is not None:
        where.append(Application.channel == f.channel)
    if f.applicant_type:
        where.append(Application.applicant_type == f.applicant_type)
    if f.received_from is not None:
        where.append(Application.received_on >= f.received_from)
    if f.received_to is not None:
        where.append(Application.received_on <= f.received_to)
    if f.overdue:
        where += _overdue(today)
    if f.q:
        pattern = "%" + _escape(f.q.lower()) + "%"
        where.append(
            or_(
                func.lower(Application.number).like(pattern, escape="\\"),
                func.lower(Application.applicant_name).like(pattern, escape="\\"),
                func.lower(Application.content).like(pattern, escape="\\"),
            )
        )
    return where


def _open() -> list[ColumnElement[bool]]:
    """Not concluded: an application is in one of OPEN_STATES exactly while `concluded_on` is
    null (the services set it with the concluding step, and every other state lies after one;
    tests/web/test_dashboard.py holds this over the demo county). Asking for the date rather
    than the state lets the database answer from indexes alone (the partial indexes of open
    applications, ix_applications_open_*, hold only the few percent still open)."""
    return [Application.concluded_on.is_(None), Application.archived_at.is_(None)]


def _overdue(today: date) -> list[ColumnElement[bool]]:
    return [
        *_open(),
        Application.due_on.is_not(None),
        Application.due_on < today,
    ]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------- the dashboard


@dataclass(frozen=True, slots=True)
class DueItem:
    id: int
    number: str
    applicant_name: str
    agency: str
    state: State
    due_on: date
    days_late: int  # calendar days past the due date (0 when not yet due)

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]


@dataclass(frozen=True, slots=True)
class ReviewItem:
    id: int
    title: str
    status: Status
    due_on: date | None


@dataclass(frozen=True, slots=True)
class Counters:
    year: int
    received: int
    concluded: int
    open: int
    overdue: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    today: date
    soon_3: date  # the 3rd working day from today
    soon_5: date
    handles: bool  # the user works cases in its own agency
    due_3: list[DueItem] = field(default_factory=list)
    due_5: list[DueItem] = field(default_factory=list)
    overdue: list[DueItem] = field(default_factory=list)
    reviews: list[ReviewItem] = field(default_factory=list)
    counters: Counters | None = None
    supervision: list[DueItem] | None = None  # agency admins, supervisors, system admin
    supervision_more: bool = False


CountersFn = Callable[[Session, Sequence[int], date], "Counters"]


def dashboard(
    session: Session, actor_id: int, today: date, *, count: CountersFn | None = None
) -> Dashboard:
    """What is due, overdue and waiting for the user, and this year's counters (`count` lets the
    web remember them for a few seconds: counting tens of thousands of open cases on every view
    of every dashboard is the page's main cost)."""
    user = access.actor(session, actor_id)
    calendar = work_calendar(session)
    soon_3 = add_working_days(today, 3, calendar).due
    soon_5 = add_working_days(today, 5, calendar).due
    own = user.agency_id
    # Staff work their own agency's cases; the offices above them watch many agencies instead.
    handles = user.role in _CASEWORKERS
    board = Dashboard(today, soon_3, soon_5, handles)
    if handles:
        board = replace(
            board,
            due_3=_due_items(session, [own], today, Application.due_on >= today, soon_3),
            due_5=_due_items(session, [own], today, Application.due_on > soon_3, soon_5),
            overdue=_due_items(session, [own], today, Application.due_on < today, None),
        )
    if access.can(session, user, Action.REVIEW, own):
        board = replace(board, reviews=_reviews(session, own))
    scope = sorted(access.visible_agencies(session, user)) if not handles else [own]
    board = replace(board, counters=(count or counters)(session, scope, today))
    if user.role in {Role.AGENCY_ADMIN, Role.SUPERVISOR, Role.SYSTEM_ADMIN}:
        visible = sorted(access.visible_agencies(session, user))
        items = _due_items(
            session, visible, today, Application.due_on < today, None, limit=SUPERVISION_LIMIT + 1
        )
        board = replace(
            board,
            supervision=items[:SUPERVISION_LIMIT],
            supervision_more=len(items) > SUPERVISION_LIMIT,
        )
    return board


def counters(session: Session, scope: Sequence[int], today: date) -> Counters:
    """This year's counters over the agencies `scope` (already checked by the caller)."""
    first, last = date(today.year, 1, 1), date(today.year, 12, 31)
    live = (Application.agency_id.in_(scope), Application.archived_at.is_(None))

    def count(*where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(Application).where(*live, *where)
        return int(session.scalar(query) or 0)

    # Counted by state, not by `concluded_on IS NULL`: ix_applications_due covers these counts,
    # while SQLite's statistics, which average the rows per concluded_on value (tens), would pick
    # ix_applications_concluded for the NULLs (tens of thousands) and look each row up.
    by_state = Application.state.in_(OPEN_STATES)
    return Counters(
        year=today.year,
        received=count(Application.received_on >= first, Application.received_on <= last),
        concluded=count(Application.concluded_on >= first, Application.concluded_on <= last),
        open=count(by_state),
        overdue=count(by_state, Application.due_on < today),
    )


def _due_items(
    session: Session,
    scope: Sequence[int],
    today: date,
    lower: ColumnElement[bool],
    upper: date | None,
    *,
    limit: int = DUE_LIMIT,
) -> list[DueItem]:
    query = (
        select(
            Application.id,
            Application.number,
            Application.applicant_name,
            Application.state,
            Application.due_on,
            Agency.name.label("agency"),
        )
        .join(Agency, Agency.id == Application.agency_id)
        .where(
            Application.agency_id.in_(scope),
            *_open(),
            Application.due_on.is_not(None),
            lower,
        )
        .order_by(Application.due_on, Application.id)
        .limit(limit)
    )
    if upper is not None:
        query = query.where(Application.due_on <= upper)
    return [
        DueItem(
            r.id,
            r.number,
            r.applicant_name,
            r.agency,
            r.state,
            r.due_on,
            max((today - r.due_on).days, 0),
        )
        for r in session.execute(query)
    ]


def _reviews(session: Session, agency_id: int) -> list[ReviewItem]:
    rows = session.execute(
        select(Publication.id, Publication.title, Publication.status, Publication.due_on)
        .where(
            Publication.agency_id == agency_id,
            Publication.archived_at.is_(None),
            Publication.status.in_(REVIEW_STATUSES),
        )
        .order_by(Publication.due_on, Publication.id)
        .limit(100)
    )
    return [ReviewItem(r.id, r.title, r.status, r.due_on) for r in rows]


# ---------------------------------------------------------------- parsing


def _state(value: str) -> State:
    for state in State:
        if value in (state.value, STATE_NAMES[state]):
            return state
    raise FilterError(f"未知的办理状态“{value}”。", "请从状态列表中选择。")


def _channel(value: str) -> Channel:
    try:
        return parse_channel(value)
    except GongkaiError as e:
        raise FilterError(e.message, e.hint) from None


def _applicant_type(value: str) -> str:
    try:
        return applicant_type(value)
    except GongkaiError as e:
        raise FilterError(e.message, e.hint) from None


def _date(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FilterError(f"{what}“{value}”不是有效日期。", "日期格式为 年-月-日。") from None


def _cursor(value: str | None) -> tuple[date, int] | None:
    if value is None:
        return None
    day, _, ident = value.partition("_")
    try:
        return date.fromisoformat(day), int(ident)
    except ValueError:
        raise FilterError("翻页参数无效。", "请回到第一页重新浏览。") from None


STATE_CHOICES: tuple[tuple[str, str], ...] = (
    (OPEN, "未办结（全部）"),
    *((s.value, STATE_NAMES[s]) for s in State),
)
CHANNEL_CHOICES: tuple[tuple[str, str], ...] = tuple((c.value, n) for c, n in CHANNEL_NAMES.items())
APPLICANT_CHOICES: tuple[tuple[str, str], ...] = tuple(APPLICANT_TYPE_NAMES.items())


# ---------------------------------------------------------------- one application, as data


def parse_kind(value: str) -> EventKind:
    """A step kind from its key (decide) or its Chinese name (作出答复决定)."""
    text = value.strip()
    for kind in EventKind:
        if text in (kind.value, EVENT_NAMES[kind]):
            return kind
    raise FilterError(f"未知的办理步骤“{value}”。", "请从页面列出的可办理步骤中选择。")


def parse_day(value: str | None, what: str, default: date) -> date:
    """A date typed into a form (年-月-日); empty means `default`."""
    return _date((value or "").strip() or None, what) or default


def outcome_label(key: str) -> str:
    """A table-三 result row as a user picks it: group and row, e.g. （三）不予公开·1．属于国家秘密."""
    row = fmt.APPLICATION_ROW_BY_KEY[key]
    if row.group and row.group.startswith("（"):
        return f"{row.group}·{row.label}"
    return row.label


def outcome_choices(state: State) -> tuple[tuple[str, str], ...]:
    """The results a decision (or on-the-spot answer) may carry in `state`."""
    keys = lifecycle.OUTCOMES_FROM.get(state, lifecycle.DECISION_OUTCOMES)
    return tuple((k, outcome_label(k)) for k in keys)


def describe(app: Application | Row[Any]) -> dict[str, Any]:
    """The facts of an application as JSON-ready data (the list row and the detail's head)."""
    return {
        "id": app.id,
        "agency_id": app.agency_id,
        "number": app.number,
        "applicant_type": app.applicant_type,
        "applicant_type_label": APPLICANT_TYPE_NAMES[app.applicant_type],
        "applicant_name": app.applicant_name,
        "channel": app.channel.value,
        "channel_label": CHANNEL_NAMES[app.channel],
        "received_on": app.received_on.isoformat(),
        "state": app.state.value,
        "state_label": STATE_NAMES[app.state],
        "due_on": app.due_on.isoformat() if app.due_on else None,
        "due_provisional": app.due_provisional,
        "concluded_on": app.concluded_on.isoformat() if app.concluded_on else None,
        "version": app.version,
    }
