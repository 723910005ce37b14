"""Every route × role × agency: nobody reads or changes another agency's records.

The routes are taken from the application itself, so a route added later is covered without
editing this file. Record ids in paths are named by convention (`application_id`,
`publication_id`, …); each is filled with a record of a *foreign* agency:

- 教育局's clerk, reviewer and agency admin against 民政局 (a sibling under the same office) and
  against an agency outside the county (created here);
- the county's supervising office (gkb) against the agency outside its county.

Foreign records carry a marker in their texts (矩阵乙 in 民政局, 矩阵丙 outside). A GET must answer 403/404 (or, for a list
page asked with `?agency=<foreign>`, must not show the marker); a POST, sent with a valid CSRF
token and a plausible form, must not succeed, must not show the marker, and must leave the
database exactly as it was. As a control, the system administrator opens every GET route with the
same ids and gets the page, so that the refusals are about scope, not about bad ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from gongkai.report import codec
from gongkai.web.pages import ROUTERS
from gongkai.workbench import applications, cases, publications
from gongkai.workbench.applications import Applicant, NewApplication
from gongkai.workbench.orm import (
    Agency,
    AgencyKind,
    Application,
    Base,
    DisputeCase,
    Publication,
    Region,
    RegisteredDocument,
    ReportDraft,
    ReportStatus,
    ReportVersion,
    Role,
    User,
)
from gongkai.workbench.publishing import Attribute, DocKind
from gongkai.workbench.statistics import build_report
from gongkai.workbench.store import session_factory, transaction
from tests.web.conftest import NOW, sign_in

MARKS = ("矩阵乙", "矩阵丙")  # the sibling's records, the outside agency's
PUBLIC_PREFIXES = ("/public", "/login", "/static", "/api/openapi.json", "/api/docs")
PUBLIC_ROUTES = {("POST", "/api/session"), ("DELETE", "/api/session"), ("POST", "/logout")}
RECORD_PARAMS = {
    "application_id",
    "publication_id",
    "case_id",
    "document_id",
    "user_id",
    "agency_id",
    "draft_id",
    "version_id",
}
STAFF = ("jy_jb", "jy_sh", "jy_gl")
# Routes where the system administrator's control GET may legitimately not be a page.
CONTROL_EXCEPTIONS: set[str] = set()


@dataclass(frozen=True)
class Foreign:
    agency_id: int
    ids: dict[str, str]
    mark: str


def _first(session: Session, model: Any, agency_id: int) -> int:
    found = session.scalar(
        select(model.id).where(model.agency_id == agency_id).order_by(model.id.desc()).limit(1)
    )
    assert found is not None, f"no {model.__name__} in agency {agency_id}"
    return int(found)


def _make_records(session: Session, admin_id: int, agency_id: int, MARK: str) -> None:
    """Marked records of every kind in `agency_id`, made through the services where they exist."""
    app = applications.register(
        session,
        admin_id,
        agency_id,
        NewApplication(
            applicant=Applicant(type="natural_person", name=f"{MARK}申请人"),
            channel="in_person",
            arrived_at=datetime(2025, 6, 3, 10, 0, tzinfo=NOW.tzinfo),
            content=f"{MARK}申请内容",
        ),
        now=NOW,
    )
    publications.draft(
        session,
        admin_id,
        agency_id=agency_id,
        index_no=f"{MARK}-{agency_id}",
        title=f"{MARK}公开文件",
        category="art20_01",
        attribute=Attribute.PROACTIVE,
        formed_on=date(2025, 6, 3),
        now=NOW,
        summary=f"{MARK}概述",
    )
    cases.open_case(
        session,
        admin_id,
        agency_id,
        "reconsideration",
        date(2025, 9, 1),
        now=NOW,
        application_id=app.id,
        case_number=f"{MARK}复议号",
    )
    session.add(
        RegisteredDocument(
            agency_id=agency_id,
            kind=next(iter(DocKind)),
            title=f"{MARK}规范性文件",
            issued_on=date(2025, 3, 1),
        )
    )
    session.add(
        User(
            login=f"mark{agency_id}",
            name=f"{MARK}用户",
            role=Role.CLERK,
            agency_id=agency_id,
        )
    )
    agency = session.get(Agency, agency_id)
    assert agency is not None
    report = build_report(session, agency.name, [agency_id], 2025)
    draft = ReportDraft(
        agency_id=agency_id,
        year=2025,
        narrative={"overview": f"{MARK}总体情况"},
        status=ReportStatus.SUBMITTED,
    )
    session.add(draft)
    session.flush()
    session.add(
        ReportVersion(
            draft_id=draft.id,
            seq=1,
            status=ReportStatus.SUBMITTED,
            report=codec.to_dict(report),
            comment=f"{MARK}报送说明",
            actor_id=admin_id,
        )
    )
    session.flush()


def _ids(session: Session, agency_id: int) -> dict[str, str]:
    app_id = _first(session, Application, agency_id)
    app = session.get(Application, app_id)
    assert app is not None
    draft_id = _first(session, ReportDraft, agency_id)
    version = session.scalar(select(ReportVersion.id).where(ReportVersion.draft_id == draft_id))
    return {
        "application_id": str(app_id),
        "publication_id": str(_first(session, Publication, agency_id)),
        "case_id": str(_first(session, DisputeCase, agency_id)),
        "document_id": str(_first(session, RegisteredDocument, agency_id)),
        "user_id": str(_first(session, User, agency_id)),
        "agency_id": str(agency_id),
        "draft_id": str(draft_id),
        "version_id": str(version),
        "year": "2025",
        "seq": "1",
        "kind": "acceptance",
        "code": app.tracking_code,
    }


@pytest.fixture
def world(client: TestClient) -> dict[str, Foreign]:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    factory = session_factory(engine)
    with transaction(factory) as session:
        admin_id = session.scalar(select(User.id).where(User.login == "admin"))
        assert admin_id is not None
        sibling = session.scalar(select(Agency.id).where(Agency.name == "桐庐县民政局"))
        assert sibling is not None
        region = Region(code="330127", name="淳安县")
        outside = Agency(name="淳安县民政局", kind=AgencyKind.DEPARTMENT, region=region)
        session.add_all([region, outside])
        session.flush()
        for agency_id, mark in zip((sibling, outside.id), MARKS, strict=True):
            _make_records(session, admin_id, agency_id, mark)
        world = {
            "sibling": Foreign(sibling, _ids(session, sibling), MARKS[0]),
            "outside": Foreign(outside.id, _ids(session, outside.id), MARKS[1]),
        }
    return world


def _routes(client: TestClient) -> Iterator[tuple[str, str, APIRoute]]:
    del client  # the app's routes are those of its routers (FastAPI nests included routers)
    for route in (r for router in ROUTERS for r in router.routes):
        if not isinstance(route, APIRoute):
            continue
        for method in sorted(route.methods - {"HEAD"}):
            if route.path.startswith(PUBLIC_PREFIXES) or (method, route.path) in PUBLIC_ROUTES:
                continue
            yield method, route.path, route


def _fill(path: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[0]
        assert name in ids, (
            f"{path}: path parameter {{{name}}} is not one of the conventional names"
        )
        return ids[name]

    return re.sub(r"\{([^}]+)\}", value, path)


def _form_for(route: APIRoute) -> dict[str, str]:
    """Plausible values for every form field of the route, so validation does not stop it first."""
    form: dict[str, str] = {}
    for field in route.dependant.body_params:
        annotation = str(field.field_info.annotation)
        name = field.alias or field.name
        if "int" in annotation:
            form[name] = "1"
        elif "datetime" in annotation:
            form[name] = "2025-06-03T10:00"
        elif "date" in annotation:
            form[name] = "2025-06-03"
        elif "bool" in annotation:
            form[name] = "1"
        else:
            form[name] = "矩阵测试"
    return form


def _fingerprint(engine: Engine) -> dict[str, int]:
    """Row counts and version sums of every table but the sign-in bookkeeping."""
    out: dict[str, int] = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in ("web_sessions", "login_attempts"):
                continue
            out[table.name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
            if "version" in table.c:
                out[table.name + ".version"] = int(
                    conn.execute(select(func.coalesce(func.sum(table.c.version), 0))).scalar_one()
                )
    return out


def _cases(world: dict[str, Foreign]) -> list[tuple[str, Foreign]]:
    return [(login, world[side]) for login in STAFF for side in ("sibling", "outside")] + [
        ("gkb", world["outside"])
    ]


def test_every_signed_in_route_refuses_anonymous_visitors(client: TestClient) -> None:
    seen = 0
    for method, path, _ in _routes(client):
        filled = re.sub(r"\{[^}]+\}", "1", path)
        answer = client.request(method, filled)
        # 403: an unsafe request without session is stopped by the CSRF guard before anything.
        expected = (401, 403) if path.startswith("/api/") else (303, 403)
        assert answer.status_code in expected, f"{method} {path}: {answer.status_code}"
        seen += 1
    assert seen >= 5


def test_no_route_reads_or_changes_another_agencys_records(
    client: TestClient, world: dict[str, Foreign]
) -> None:
    engine: Engine = client.app.state.engine  # type: ignore[attr-defined]
    problems: list[str] = []
    checked = 0
    for login, foreign in _cases(world):
        client.cookies.clear()
        csrf = sign_in(client, login)
        for method, path, route in _routes(client):
            url = _fill(path, foreign.ids)
            has_record = any(f"{{{p}" in path for p in RECORD_PARAMS)
            if method == "GET":
                if not has_record:
                    url += ("&" if "?" in url else "?") + f"agency={foreign.agency_id}"
                answer = client.get(url)
                if has_record and answer.status_code not in (403, 404):
                    problems.append(f"{login} GET {url}: {answer.status_code}, expected 403/404")
                if foreign.mark in answer.text:
                    problems.append(f"{login} GET {url}: shows a foreign record")
            else:
                before = _fingerprint(engine)
                answer = client.request(
                    method, url, data=_form_for(route), headers={"X-CSRF-Token": csrf}
                )
                if answer.status_code < 400:
                    problems.append(f"{login} {method} {url}: {answer.status_code}, not refused")
                if foreign.mark in answer.text:
                    problems.append(f"{login} {method} {url}: shows a foreign record")
                if _fingerprint(engine) != before:
                    problems.append(f"{login} {method} {url}: changed the database")
            checked += 1
    assert not problems, "\n".join(problems)
    assert checked >= 7 * 10


def test_the_control_the_system_administrator_opens_every_record_page(
    client: TestClient, world: dict[str, Foreign]
) -> None:
    sign_in(client, "admin")
    opened = 0
    failures = []
    for method, path, _ in _routes(client):
        if method != "GET" or not any(f"{{{p}" in path for p in RECORD_PARAMS):
            continue
        if path in CONTROL_EXCEPTIONS:
            continue
        for foreign in world.values():
            answer = client.get(_fill(path, foreign.ids))
            if answer.status_code != 200:
                failures.append(f"GET {path}: {answer.status_code}")
            opened += 1
    assert not failures, "\n".join(failures)
    assert opened >= 2
