"""Demo data: a plausible county with a few years of disclosure work, made through the services.

Everything goes through the same service functions users call, so the demo exercises the state
machine, the clock, the review workflow and the audit log, and its annual reports pass the
checker's arithmetic by construction. The same seed and `now` give the same county.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from gongkai.workbench import applications as apps
from gongkai.workbench import cases, publications, registers
from gongkai.workbench.accounts import HASHER
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.calendar import WorkCalendar
from gongkai.workbench.disputes import CaseKind, CaseOutcome
from gongkai.workbench.intake import APPLICANT_TYPES, CHINA_TZ, Channel
from gongkai.workbench.lifecycle import EventKind as E
from gongkai.workbench.orm import (
    Agency,
    AgencyKind,
    Application,
    Publication,
    PublishedFile,
    Region,
    ReportDraft,
    Role,
    User,
)
from gongkai.workbench.publishing import Attribute, DocKind, FigureItem, Step
from gongkai.workbench.store import session_factory, transaction

REGION = ("330122", "桐庐县")
OFFICE = "桐庐县人民政府办公室（县政务公开办）"
AGENCIES: tuple[tuple[str, AgencyKind, str, int], ...] = (
    # name, kind, login prefix, applications per year
    ("桐庐县人民政府", AgencyKind.GOVERNMENT, "zf", 30),
    ("桐庐县教育局", AgencyKind.DEPARTMENT, "jy", 25),
    ("桐庐县自然资源和规划局", AgencyKind.DEPARTMENT, "zr", 45),
    ("桐庐县市场监督管理局", AgencyKind.DEPARTMENT, "sj", 20),
    ("桐庐县民政局", AgencyKind.DEPARTMENT, "mz", 12),
    ("桐庐县富春江镇人民政府", AgencyKind.TOWNSHIP, "fcj", 6),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
TOPICS = (
    "2024年度部门预算执行情况",
    "某地块国有土地使用权出让合同",
    "集体土地征收补偿安置方案",
    "本辖区义务教育学校招生划片范围",
    "某小区规划许可证及附图",
    "食品安全抽检不合格产品处置情况",
    "最低生活保障对象审批名单",
    "某企业环境影响评价批复文件",
    "农村宅基地审批情况",
    "本单位公务用车购置及运行费用",
)
# Rough shares of outcomes seen in the sample reports.
OUTCOMES = (
    ("disclosed", 40),
    ("partially_disclosed", 8),
    ("unavailable_not_held", 25),
    ("unavailable_needs_creation", 3),
    ("withheld_third_party", 3),
    ("withheld_process_info", 3),
    ("withheld_state_secret", 1),
    ("rejected_petition", 4),
    ("rejected_duplicate", 3),
    ("rejected_publication", 1),
)
TYPE_WEIGHTS = (80, 10, 1, 2, 4, 3)
DEMO_PASSWORD = "gongkai2026"  # every demo user's; printed by `make run`, never for real data


@dataclass
class DemoSummary:
    created: bool
    agencies: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # login, role, agency
    applications: dict[int, int] = field(default_factory=dict)  # year -> count
    publications: int = 0
    reports: int = 0  # annual reports in the workflow
    report_files: int = 0  # published report files the office uploaded

    def lines(self) -> list[str]:
        head = "已建立演示数据" if self.created else "演示数据已存在，未重复建立"
        out = [f"{head}：{REGION[1]}，{len(self.agencies)} 个机关。"]
        out += [f"  申请 {year} 年：{n} 件" for year, n in sorted(self.applications.items())]
        out.append(f"  主动公开信息：{self.publications} 条")
        if self.reports or self.report_files:
            out.append(
                f"  年度报告：工作台 {self.reports} 份，上传的已公开年报文件 {self.report_files} 份"
                "（以 gkb 登录，在“督导”中查看）"
            )
        out.append(f"演示账号（登录名 / 角色 / 机关），密码均为 {DEMO_PASSWORD}：")
        out += [f"  {login} / {role} / {agency}" for login, role, agency in self.logins]
        return out


def build_demo(
    engine: Engine, *, now: datetime, seed: int = 2026, years: int = 3, oversight: bool = False
) -> DemoSummary:
    """Create the demo county unless it exists; return what the database holds. With
    `oversight`, also last years' annual reports and the uploaded files of townships off the
    workbench (`demo_oversight`), so that 督导 has a region to show."""
    factory = session_factory(engine)
    with factory() as session:
        exists = session.scalar(select(Agency.id).where(Agency.name == OFFICE)) is not None
    if not exists:
        rng = random.Random(seed)
        with transaction(factory) as session:
            _people(session)
        first_year = now.year - years
        with factory() as session:
            staff = _staff(session)
        for agency_id, per_year in staff.volume.items():
            for year in range(first_year, now.year + 1):
                _year_of_work(
                    factory,
                    rng,
                    staff=staff,
                    agency_id=agency_id,
                    year=year,
                    per_year=per_year,
                    now=now,
                )
        with factory() as session:
            staff = _staff(session)
        for agency_id in staff.volume:
            with transaction(factory) as session:
                _work_in_hand(session, rng, staff=staff, agency_id=agency_id, now=now)
        if oversight:
            from gongkai.workbench.demo_oversight import build_oversight_demo

            build_oversight_demo(factory, now=now, seed=seed)
    return _summary(factory, created=not exists)


# What a disclosure office has on its desk today, so that the 工作台 has something to show: one
# application at each open stage, received so many working days ago (the reply is due 20 working
# days after receipt), and one overdue that the 督办 list picks up.
IN_HAND: tuple[tuple[int, E | None], ...] = (
    (1, None),
    (16, None),  # due within 3 working days
    (18, E.REQUEST_CORRECTION),
    (14, E.CONSULT_THIRD_PARTY),
    (17, None),  # due within 3-5 working days
    (24, E.EXTEND),
    (26, None),  # overdue: no reply after 20 working days
)


def _work_in_hand(
    session: Session, rng: random.Random, *, staff: _Staff, agency_id: int, now: datetime
) -> None:
    calendar = WorkCalendar.packaged()
    today = now.astimezone(CHINA_TZ).date()
    for back, step in IN_HAND:
        received = today
        for _ in range(back):
            received -= timedelta(days=1)
            while not calendar.is_workday(received):
                received -= timedelta(days=1)
        kind = rng.choices(APPLICANT_TYPES, TYPE_WEIGHTS)[0]
        name = rng.choice(SURNAMES) + rng.choice("明华强芳敏静丽军磊洋")
        new = NewApplication(
            Applicant(kind, name if kind == "natural_person" else f"杭州{name[0]}氏科技有限公司"),
            Channel.IN_PERSON,
            datetime(received.year, received.month, received.day, 10, tzinfo=CHINA_TZ),
            f"申请公开{rng.choice(TOPICS)}",
            form="电子",
            delivery="电子邮件",
        )
        app = apps.register(session, staff.clerk[agency_id], agency_id, new, now=now)
        first = _workday(calendar, received + timedelta(days=3))
        if step is E.REQUEST_CORRECTION:
            entry = Entry(step, first, details={"items": "请明确所需信息的名称、文号或形成时间"})
            apps.record_step(session, staff.clerk[agency_id], app.id, entry, now=now)
        elif step is E.CONSULT_THIRD_PARTY:
            entry = Entry(step, first, details={"party": "杭州某某建设有限公司"})
            apps.record_step(session, staff.clerk[agency_id], app.id, entry, now=now)
        elif step is E.EXTEND:
            on = _workday(calendar, received + timedelta(days=25))
            entry = Entry(step, on, working_days=20, details={"approved_by": "分管负责人"})
            apps.record_step(session, staff.reviewer[agency_id], app.id, entry, now=now)


# ---------------------------------------------------------------- people


@dataclass
class _Staff:
    clerk: dict[int, int] = field(default_factory=dict)  # agency -> user id
    reviewer: dict[int, int] = field(default_factory=dict)
    admin: dict[int, int] = field(default_factory=dict)
    volume: dict[int, int] = field(default_factory=dict)


def _people(session: Session) -> None:
    password = HASHER.hash(DEMO_PASSWORD)  # one hash: the salt is shared, fine for demo data
    region = Region(code=REGION[0], name=REGION[1])
    office = Agency(name=OFFICE, kind=AgencyKind.OPEN_GOV_OFFICE, region=region)
    session.add_all(
        [
            region,
            office,
            User(
                login="admin",
                name="系统管理员",
                role=Role.SYSTEM_ADMIN,
                agency=office,
                password_hash=password,
            ),
            User(
                login="gkb",
                name="县政务公开办",
                role=Role.SUPERVISOR,
                agency=office,
                password_hash=password,
            ),
        ]
    )
    for name, kind, prefix, _ in AGENCIES:
        agency = Agency(name=name, kind=kind, region=region, parent=office)
        session.add_all(
            [
                agency,
                User(
                    login=f"{prefix}_jb",
                    name=f"{name}经办人",
                    role=Role.CLERK,
                    agency=agency,
                    password_hash=password,
                ),
                User(
                    login=f"{prefix}_sh",
                    name=f"{name}审核人",
                    role=Role.REVIEWER,
                    agency=agency,
                    password_hash=password,
                ),
                User(
                    login=f"{prefix}_gl",
                    name=f"{name}管理员",
                    role=Role.AGENCY_ADMIN,
                    agency=agency,
                    password_hash=password,
                ),
            ]
        )


def _staff(session: Session) -> _Staff:
    staff = _Staff()
    volumes = {name: n for name, _, _, n in AGENCIES}
    for user in session.scalars(select(User).join(Agency).where(Agency.name.in_(volumes))):
        slot = {
            Role.CLERK: staff.clerk,
            Role.REVIEWER: staff.reviewer,
            Role.AGENCY_ADMIN: staff.admin,
        }
        slot[user.role][user.agency_id] = user.id
        staff.volume[user.agency_id] = volumes[user.agency.name]
    return staff


# ---------------------------------------------------------------- one year of an agency


def _year_of_work(
    factory: sessionmaker[Session],
    rng: random.Random,
    *,
    staff: _Staff,
    agency_id: int,
    year: int,
    per_year: int,
    now: datetime,
) -> None:
    calendar = WorkCalendar.packaged()
    last_day = min(date(year, 12, 31), now.date() - timedelta(days=1))
    if last_day < date(year, 1, 1):
        return
    span = (last_day - date(year, 1, 1)).days
    count = max(1, round(per_year * min(1.0, (span + 1) / 365) * rng.uniform(0.8, 1.25)))
    for _ in range(count):
        received = _workday(calendar, date(year, 1, 1) + timedelta(days=rng.randint(0, span)))
        if received > last_day:
            continue
        with transaction(factory) as session:
            _application(
                session,
                rng,
                staff=staff,
                agency_id=agency_id,
                received=received,
                now=now,
                calendar=calendar,
            )
    with transaction(factory) as session:
        _publications(
            session, rng, staff=staff, agency_id=agency_id, year=year, now=now, calendar=calendar
        )


def _application(
    session: Session,
    rng: random.Random,
    *,
    staff: _Staff,
    agency_id: int,
    received: date,
    now: datetime,
    calendar: WorkCalendar,
) -> None:
    kind = rng.choices(APPLICANT_TYPES, TYPE_WEIGHTS)[0]
    name = (
        rng.choice(SURNAMES) + rng.choice("明华强芳敏静丽军磊洋")
        if kind == "natural_person"
        else f"杭州{rng.choice('恒瑞众诚远信')}{rng.choice(('科技有限公司', '律师事务所', '建设有限公司'))}"
    )
    via = rng.choices(list(Channel), (15, 20, 45, 2, 15, 3))[0]
    arrived = datetime(
        received.year, received.month, received.day, rng.randint(8, 17), tzinfo=CHINA_TZ
    )
    new = NewApplication(
        Applicant(kind, name, contact=f"1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}"),
        via,
        arrived,
        f"申请公开{rng.choice(TOPICS)}",
        form=rng.choice(("纸质", "电子")),
        delivery=rng.choice(("邮寄", "电子邮件", "自行领取")),
        confirmed_on=received,
    )
    clerk, reviewer = staff.clerk[agency_id], staff.reviewer[agency_id]
    app = apps.register(session, clerk, agency_id, new, now=now)
    day = app.received_on

    def later(low: int, high: int) -> date:
        nonlocal day
        day = _workday(calendar, day + timedelta(days=rng.randint(low, high)))
        return day

    steps: list[tuple[Entry, int]] = []
    roll = rng.random()
    if roll < 0.08:
        steps.append(
            (
                Entry(
                    E.REQUEST_CORRECTION,
                    later(1, 5),
                    details={"items": "请明确所需信息的名称或文号"},
                ),
                clerk,
            )
        )
        if rng.random() < 0.3:
            steps.append((Entry(E.CORRECTION_EXPIRED, later(25, 40)), clerk))
        else:
            steps.append((Entry(E.RECEIVE_CORRECTION, later(2, 10)), clerk))
    elif roll < 0.12:
        steps.append((Entry(E.WITHDRAW, later(2, 15)), clerk))
    elif roll < 0.16:
        steps.append((Entry(E.CONSULT_THIRD_PARTY, later(3, 10)), clerk))
        steps.append((Entry(E.END_CONSULTATION, later(5, 20)), clerk))
    if roll > 0.9:
        steps.append(
            (
                Entry(
                    E.EXTEND,
                    later(15, 20),
                    working_days=rng.choice((10, 15, 20)),
                    details={"approved_by": "分管负责人"},
                ),
                reviewer,
            )
        )
    if not steps or steps[-1][0].kind not in (E.WITHDRAW, E.CORRECTION_EXPIRED):
        outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
        if any(s.kind is E.RECEIVE_CORRECTION for s, _ in steps) and rng.random() < 0.3:
            outcome = "unavailable_unclear"
        steps.append((Entry(E.DECIDE, later(3, 18), outcome=outcome), reviewer))
        steps.append((Entry(E.SERVE, later(0, 2)), clerk))
        steps.append((Entry(E.CLOSE, later(0, 3)), clerk))
    for entry, who in steps:
        if entry.on >= now.date():
            break  # still in progress today
        apps.record_step(session, who, app.id, entry, now=now)
    if app.report_row in ("withheld_third_party", "unavailable_not_held") and rng.random() < 0.15:
        filed = later(20, 50)
        if filed < now.date():
            kind_ = rng.choices(list(CaseKind), (6, 2, 1))[0]
            case = cases.open_case(
                session, clerk, agency_id, kind_, filed, now=now, application_id=app.id
            )
            closed = later(40, 120)
            if closed < now.date():
                outcome_ = rng.choices(list(CaseOutcome), (6, 2, 2))[0]
                cases.close_case(session, clerk, case.id, outcome_, closed, now=now)


def _publications(
    session: Session,
    rng: random.Random,
    *,
    staff: _Staff,
    agency_id: int,
    year: int,
    now: datetime,
    calendar: WorkCalendar,
) -> None:
    clerk, reviewer, admin = (
        staff.clerk[agency_id],
        staff.reviewer[agency_id],
        staff.admin[agency_id],
    )
    for i in range(rng.randint(4, 8)):
        formed = _workday(calendar, date(year, 1, 1) + timedelta(days=rng.randint(0, 330)))
        if formed >= now.date():
            continue
        pub = publications.draft(
            session,
            clerk,
            agency_id=agency_id,
            index_no=f"{agency_id:03d}/{year}-{i + 1:05d}",
            title=f"关于{rng.choice(TOPICS)}的公告",
            category=rng.choice(("art20_01", "art20_05", "art20_07", "art20_11", "art20_13")),
            attribute=Attribute.PROACTIVE,
            formed_on=formed,
            summary="依据《中华人民共和国政府信息公开条例》第二十条主动公开。",
            now=now,
        )
        for step in (Step.SUBMIT, Step.PASS_FIRST, Step.PASS_SECOND, Step.SECRECY):
            who = clerk if step is Step.SUBMIT else reviewer
            publications.review(session, who, pub.id, step, now=now)
        published = _workday(calendar, formed + timedelta(days=rng.randint(2, 25)))
        if published < now.date():
            publications.review(
                session, reviewer, pub.id, Step.PUBLISH, published_on=published, now=now
            )
    if year < now.year:
        for i in range(rng.randint(0, 3)):
            issued = _workday(calendar, date(year, 1, 1) + timedelta(days=rng.randint(0, 340)))
            registers.register_document(
                session, admin, agency_id=agency_id, kind=DocKind.NORMATIVE,
                title=f"关于{rng.choice(TOPICS)}的管理办法", doc_number=f"桐{agency_id}规〔{year}〕{i + 1}号",
                issued_on=issued, now=now,
            )  # fmt: skip
        figures = {
            FigureItem.LICENSING: Decimal(rng.randint(50, 3000)),
            FigureItem.PUNISHMENT: Decimal(rng.randint(0, 400)),
            FigureItem.ENFORCEMENT: Decimal(rng.randint(0, 30)),
            FigureItem.FEES: Decimal(rng.randint(0, 50000)) / 100,
        }
        for item, value in figures.items():
            registers.set_figure(
                session, admin, agency_id=agency_id, year=year, item=item, value=value,
                source="县政务服务网及财政非税收入系统年度汇总", now=now,
            )  # fmt: skip


def _workday(calendar: WorkCalendar, day: date) -> date:
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def _summary(factory: sessionmaker[Session], *, created: bool) -> DemoSummary:
    summary = DemoSummary(created=created)
    with factory() as session:
        summary.agencies = list(session.scalars(select(Agency.name).order_by(Agency.id)))
        for user in session.scalars(select(User).order_by(User.id)):
            summary.logins.append((user.login, user.role.label, user.agency.name))
        year = func.extract("year", Application.received_on)
        for y, n in session.execute(select(year, func.count()).group_by(year)):
            summary.applications[int(y)] = int(n)
        summary.publications = int(
            session.scalar(select(func.count()).select_from(Publication)) or 0
        )
        summary.reports = int(session.scalar(select(func.count()).select_from(ReportDraft)) or 0)
        files = select(func.count()).select_from(PublishedFile)
        summary.report_files = int(
            session.scalar(files.where(PublishedFile.archived_at.is_(None))) or 0
        )
    return summary
