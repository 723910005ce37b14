"""Demo data for 督导: last years' reports through the workflow, and files of agencies off it.

On top of the demo county (`demo.build_demo`): each workbench agency's report of two years ago
is submitted, accepted and published in January; last year's reports stand at every stage
(published on time, published late, accepted, submitted, returned, not submitted). One agency
registers an application of last year after its report was published, so 核对 has a
difference to show. Townships that do not use the workbench publish their reports as files,
which the office uploads (read back by the reader, as real files are): one is late, one has a
table that does not balance, one has not published last year's. Everything goes through the
services, so the audit log and the checks are those of real use.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gongkai.renderers import render_report
from gongkai.report.drafting import draft
from gongkai.report.model import AnnualReport, Applications, DocumentFacts, Narrative, Reviews
from gongkai.workbench import annual_reports as ar
from gongkai.workbench import applications as apps
from gongkai.workbench import oversight_files
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.intake import CHINA_TZ, Channel
from gongkai.workbench.lifecycle import EventKind as E
from gongkai.workbench.orm import Agency, AgencyKind, User
from gongkai.workbench.statistics import build_report
from gongkai.workbench.store import transaction

# Townships publishing files only: name, scale of their figures against 富春江镇's register.
FILE_ONLY: tuple[tuple[str, int], ...] = (
    ("桐庐县分水镇人民政府", 2),
    ("桐庐县横村镇人民政府", 1),
    ("桐庐县百江镇人民政府", 1),
    ("桐庐县瑶琳镇人民政府", 3),
    ("桐庐县江南镇人民政府", 2),
    ("桐庐县城南街道办事处", 1),
)
LATE_FILE, SPOILED_FILE, MISSING_FILE = FILE_ONLY[1][0], FILE_ONLY[2][0], FILE_ONLY[5][0]
TEMPLATE_AGENCY = "桐庐县富春江镇人民政府"
# Last year's report of each workbench agency: where its workflow stops (None: not submitted).
LAST_YEAR: Mapping[str, str | None] = {
    "桐庐县人民政府": "published",
    "桐庐县自然资源和规划局": "published",
    "桐庐县市场监督管理局": "published_late",
    "桐庐县民政局": "accepted",
    "桐庐县富春江镇人民政府": "submitted",
    "桐庐县教育局": None,
}
RECONCILE_AGENCY = "桐庐县自然资源和规划局"  # registers one more application after publishing
PROBLEMS = (
    "一是依申请公开答复的规范性有待加强；二是主动公开内容的更新还不够及时。"
    "下一步将加强业务培训，完善答复文书模板，定期检查栏目更新情况。"
)


def build_oversight_demo(factory: sessionmaker[Session], *, now: datetime, seed: int) -> None:
    """Add the 督导 part of the demo to a freshly built demo county."""
    rng = random.Random(seed + 7)
    last, before = now.year - 1, now.year - 2
    with factory() as session:
        logins = {u.login: u.id for u in session.scalars(select(User))}
        agencies = {a.name: a.id for a in session.scalars(select(Agency))}
    with transaction(factory) as session:
        viewer = session.get(User, logins["gkb"])
        office = session.get(Agency, viewer.agency_id) if viewer is not None else None
        assert office is not None, "the demo county has its office"
        for name, _ in FILE_ONLY:
            session.add(
                Agency(name=name, kind=AgencyKind.TOWNSHIP, region=office.region, parent=office)
            )
    prefixes = _prefixes(factory)
    for name, stage in LAST_YEAR.items():
        step = partial(
            _through, factory, logins, prefix=prefixes[name], agency_id=agencies[name], now=now
        )
        step(year=before, stage="published")
        if stage is not None:
            step(year=last, stage=stage)
    if now > datetime(now.year, 2, 21, tzinfo=CHINA_TZ):  # after the report was published
        agency = RECONCILE_AGENCY
        _late_registration(
            factory, logins, prefix=prefixes[agency], agency_id=agencies[agency], year=last
        )
    with factory() as session:
        township = agencies[TEMPLATE_AGENCY]
        bases = {y: build_report(session, TEMPLATE_AGENCY, [township], y) for y in (before, last)}
    for year, base in bases.items():
        for name, scale in FILE_ONLY:
            if year == last and name == MISSING_FILE:
                continue
            late = year == last and name == LATE_FILE
            published = date(year + 1, 3, 12) if late else date(year + 1, 1, rng.randint(10, 28))
            published = min(published, now.date() - timedelta(days=4))  # a demo built in January
            report = _township_report(base, name, year, scale, published)
            if year == last and name == SPOILED_FILE and report.applications is not None:
                report = _spoiled(report)
            data = render_report(report, "txt")
            with transaction(factory) as session:
                at = datetime.combine(published + timedelta(days=3), time(10), CHINA_TZ)
                oversight_files.import_file(
                    session, logins["gkb"], f"{name}{year}年度报告.txt", data, now=at
                )


def _prefixes(factory: sessionmaker[Session]) -> dict[str, str]:
    """Agency name -> demo login prefix (zf, jy, …), read from the clerks' logins."""
    with factory() as session:
        rows = session.execute(
            select(Agency.name, User.login).join(User, User.agency_id == Agency.id)
        )
        return {name: login.removesuffix("_jb") for name, login in rows if login.endswith("_jb")}


def _through(
    factory: sessionmaker[Session],
    logins: Mapping[str, int],
    *,
    prefix: str,
    agency_id: int,
    year: int,
    stage: str,
    now: datetime,
) -> None:
    """One report through the workflow, in January of the next year (March when late)."""
    month = 3 if stage == "published_late" else 1
    day = min(datetime(year + 1, month, 8, 9, 30, tzinfo=CHINA_TZ), now - timedelta(days=20))
    clerk, admin, office = logins[f"{prefix}_jb"], logins[f"{prefix}_gl"], logins["gkb"]
    with transaction(factory) as session:
        ar.save_narrative(
            session, clerk, agency_id, year, {"problems": PROBLEMS}, expected_version=None, now=day
        )
        ar.submit(session, clerk, agency_id, year, expected_version=None, now=day)
    if stage == "submitted":
        return
    with transaction(factory) as session:
        ar.accept(
            session, office, agency_id, year, expected_version=None, now=day + timedelta(days=5)
        )
    if stage == "accepted":
        return
    with transaction(factory) as session:
        ar.publish(
            session, admin, agency_id, year, expected_version=None, now=day + timedelta(days=10)
        )


def _late_registration(
    factory: sessionmaker[Session],
    logins: Mapping[str, int],
    *,
    prefix: str,
    agency_id: int,
    year: int,
) -> None:
    """An application received in December, registered after the report was published."""
    received = date(year, 12, 15)
    arrived = datetime.combine(received, time(10), CHINA_TZ)
    registered = datetime(year + 1, 2, 20, 9, tzinfo=CHINA_TZ)
    clerk, reviewer = logins[f"{prefix}_jb"], logins[f"{prefix}_sh"]
    new = NewApplication(
        Applicant("natural_person", "周敏", contact="13800000000"),
        Channel.POST,
        arrived,
        "申请公开某地块规划条件",
        form="纸质",
        delivery="邮寄",
        confirmed_on=received,
    )
    with transaction(factory) as session:
        app = apps.register(session, clerk, agency_id, new, now=registered)
        decided = Entry(E.DECIDE, date(year + 1, 1, 9), outcome="disclosed")
        apps.record_step(session, reviewer, app.id, decided, now=registered)
        served = Entry(E.SERVE, date(year + 1, 1, 9))
        apps.record_step(session, clerk, app.id, served, now=registered)


def _township_report(
    base: AnnualReport, name: str, year: int, scale: int, published: date
) -> AnnualReport:
    """富春江镇's figures times `scale` under another name: still balanced (R10–R12, R20)."""
    apps_ = base.applications
    reviews = base.reviews
    scaled = dataclasses.replace(
        base,
        agency=name,
        applications=Applications(
            {
                k: tuple(None if v is None else v * scale for v in row)
                for k, row in apps_.rows.items()
            }
        )
        if apps_ is not None
        else None,
        reviews=Reviews(
            {
                g: {c: None if v is None else v * scale for c, v in cols.items()}
                for g, cols in reviews.groups.items()
            }
        )
        if reviews is not None
        else None,
        document=DocumentFacts(
            title=f"{name}{year}年政府信息公开工作年度报告",
            sections=base.document.sections if base.document else (),
            title_year=year,
            period_year=year,
            published=published,
        ),
        text=Narrative(problems=PROBLEMS),
        extra={},
    )
    return draft(scaled)


def _spoiled(report: AnnualReport) -> AnnualReport:
    """本年新收 one higher in the 自然人 column than its results account for (R10, R11)."""
    assert report.applications is not None
    rows = dict(report.applications.rows)
    new = list(rows["new"])
    new[0] = (new[0] or 0) + 1
    rows["new"] = tuple(new)
    return dataclasses.replace(report, applications=Applications(rows))
