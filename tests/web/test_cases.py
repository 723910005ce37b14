"""复议与诉讼 pages: the list of visible cases, opening a case on an application, closing it."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.workbench.disputes import CaseKind, CaseOutcome
from gongkai.workbench.orm import Agency, Application, DisputeCase
from tests.web.conftest import sign_in

JY, MZ = "桐庐县教育局", "桐庐县民政局"


def db(client: TestClient) -> Session:
    session: Session = client.app.state.factory()  # type: ignore[attr-defined]
    return session


def agency_id(client: TestClient, name: str) -> int:
    with db(client) as s:
        return int(s.scalar(select(Agency.id).where(Agency.name == name)) or 0)


def mz_case(client: TestClient) -> int:
    """A pending case of 民政局 linked to one of its applications."""
    mz = agency_id(client, MZ)
    with db(client) as s:
        app = s.scalars(select(Application).where(Application.agency_id == mz)).first()
        assert app is not None
        case = DisputeCase(
            agency_id=mz, application_id=app.id, kind=CaseKind.RECONSIDERATION,
            case_number="桐政复〔2026〕88号", body="桐庐县人民政府", filed_on=date(2026, 10, 9),
        )  # fmt: skip
        s.add(case)
        s.commit()
        return case.id


def test_list_shows_the_agency_cases_with_links(client: TestClient) -> None:
    case_id = mz_case(client)
    token = sign_in(client, "mz_jb")
    mz = agency_id(client, MZ)
    with db(client) as s:
        count = s.scalar(select(func.count()).where(DisputeCase.agency_id == mz))
        case = s.get(DisputeCase, case_id)
        assert case is not None
        app = s.get(Application, case.application_id)
        assert app is not None
    page = client.get("/cases")
    assert page.status_code == 200
    assert f"行政复议和行政诉讼案件（{count} 件）" in page.text
    assert "桐政复〔2026〕88号" in page.text and "尚未审结" in page.text
    assert f'<a href="/applications/{app.id}">{app.number}</a>' in page.text
    detail = client.get(f"/cases/{case_id}")
    assert detail.status_code == 200 and "桐庐县人民政府" in detail.text
    # The supervising office sees every agency's cases.
    client.post("/logout", data={"csrf_token": token})
    sign_in(client, "gkb")
    with db(client) as s:
        every = s.scalar(select(func.count()).select_from(DisputeCase))
    assert f"（{every} 件）" in client.get("/cases").text
    assert "登记审结" not in client.get(f"/cases/{case_id}").text


def test_other_agency_is_refused(client: TestClient) -> None:
    case_id = mz_case(client)
    token = sign_in(client, "jy_jb")
    page = client.get("/cases")
    assert "桐政复〔2026〕88号" not in page.text
    assert client.get(f"/cases/{case_id}").status_code in (403, 404)
    assert client.get("/cases", params={"agency": agency_id(client, MZ)}).status_code == 403
    closing = client.post(
        f"/cases/{case_id}/close",
        data={"csrf_token": token, "outcome": "upheld", "closed_on": "2026-11-20"},
    )
    assert closing.status_code in (403, 404)
    opening = client.post(
        "/cases/new",
        data={
            "csrf_token": token,
            "agency": str(agency_id(client, MZ)),
            "kind": "reconsideration",
            "filed_on": "2026-11-02",
        },
    )
    assert opening.status_code == 403
    with db(client) as s:
        case = s.get(DisputeCase, case_id)
        assert case is not None and case.closed_on is None
        assert s.scalar(select(func.count()).where(DisputeCase.filed_on == date(2026, 11, 2))) == 0


def test_open_and_close_a_case(client: TestClient) -> None:
    token = sign_in(client, "jy_jb")
    jy = agency_id(client, JY)
    with db(client) as s:
        app = s.scalars(
            select(Application)
            .where(Application.agency_id == jy, Application.received_on < date(2026, 6, 1))
            .order_by(Application.id)
        ).first()
        assert app is not None
        number, app_id = app.number, app.id
    form = {"csrf_token": token, "agency": str(jy), "kind": "litigation_direct",
            "filed_on": "2026-11-02", "case_number": "（2026）浙0122行初5号",
            "body": "桐庐县人民法院", "application": "2099-99999"}  # fmt: skip
    unknown = client.post("/cases/new", data=form)
    assert unknown.status_code == 400
    assert "本机关没有登记编号为“2099-99999”的申请" in unknown.text
    assert 'value="（2026）浙0122行初5号"' in unknown.text
    form["application"] = number
    created = client.post("/cases/new", data=form)
    assert created.status_code == 303
    case_id = int(created.headers["location"].rsplit("/", 1)[1])
    with db(client) as s:
        case = s.get(DisputeCase, case_id)
        assert case is not None and case.application_id == app_id and case.agency_id == jy
    page = client.get(f"/cases/{case_id}")
    assert "行政诉讼·未经复议直接起诉" in page.text and number in page.text
    early = client.post(
        f"/cases/{case_id}/close",
        data={"csrf_token": token, "outcome": "upheld", "closed_on": "2026-10-01"},
    )
    assert early.status_code == 400 and "应在立案日期" in early.text
    closed = client.post(
        f"/cases/{case_id}/close",
        data={
            "csrf_token": token,
            "outcome": "corrected",
            "closed_on": "2026-11-20",
            "note": "判决撤销原答复",
            "expected_version": "1",
        },
    )
    assert closed.status_code == 303
    with db(client) as s:
        case = s.get(DisputeCase, case_id)
        assert case is not None and case.outcome is CaseOutcome.CORRECTED
    assert "结果纠正" in client.get("/cases").text
