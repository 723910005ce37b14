"""依申请公开 pages: the register, registering, the detail page, steps, letters, scope."""

from __future__ import annotations

import io
import re
from datetime import datetime

import docx
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.workbench import applications
from gongkai.workbench.applications import Applicant, NewApplication
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.lifecycle import State
from gongkai.workbench.orm import Agency, Application, ApplicationEvent, User
from gongkai.workbench.store import session_factory, transaction
from tests.web.conftest import NOW, sign_in

# ---------------------------------------------------------------- demo facts, read directly
# (also used by test_dashboard and test_api_applications)
MZ = "桐庐县民政局"
JY = "桐庐县教育局"


def session(client: TestClient) -> Session:
    return Session(client.app.state.engine)  # type: ignore[attr-defined]


def agency_id(client: TestClient, name: str) -> int:
    with session(client) as s:
        return int(s.scalar(select(Agency.id).where(Agency.name == name)) or 0)


def user_id(client: TestClient, login: str) -> int:
    with session(client) as s:
        return int(s.scalar(select(User.id).where(User.login == login)) or 0)


def count_apps(client: TestClient) -> int:
    with session(client) as s:
        return int(s.scalar(select(func.count(Application.id))) or 0)


def count_events(client: TestClient, app_id: int) -> int:
    with session(client) as s:
        query = select(func.count()).where(ApplicationEvent.application_id == app_id)
        return int(s.scalar(query) or 0)


def app_row(client: TestClient, app_id: int) -> Application:
    with session(client) as s:
        row = s.get(Application, app_id)
        assert row is not None
        s.expunge(row)
        return row


def first_app_of(client: TestClient, name: str) -> Application:
    with session(client) as s:
        row = s.scalar(
            select(Application)
            .join(Agency, Agency.id == Application.agency_id)
            .where(Agency.name == name)
            .order_by(Application.id)
        )
        assert row is not None
        s.expunge(row)
        return row


def register(
    client: TestClient, login: str, arrived: datetime, name: str = "测试申请人", **kw: str
) -> int:
    """A new application through the service (as `login`, in that user's agency)."""
    factory = session_factory(client.app.state.engine)  # type: ignore[attr-defined]
    uid = user_id(client, login)
    with transaction(factory) as s:
        user = s.get(User, uid)
        assert user is not None
        app = applications.register(
            s,
            uid,
            user.agency_id,
            NewApplication(
                applicant=Applicant(type="natural_person", name=name),
                channel=kw.get("channel", "in_person"),
                arrived_at=arrived.replace(tzinfo=CHINA_TZ),
                content=kw.get("content", "本单位2026年度部门预算"),
            ),
            now=NOW,
        )
        return app.id


# ---------------------------------------------------------------- the pages

IDS = re.compile(r'href="/applications/(\d+)"')


def _listed(html: str) -> set[int]:
    return {int(i) for i in IDS.findall(html)}


def test_list_filters_and_search_stay_in_the_agency(client: TestClient) -> None:
    sign_in(client, "mz_jb")
    mz = agency_id(client, MZ)
    known = first_app_of(client, MZ)
    page = client.get("/applications")
    assert page.status_code == 200
    assert "申请登记簿" in page.text
    listed = _listed(page.text)
    assert listed and all(app_row(client, i).agency_id == mz for i in listed)
    # Search by applicant name (case-insensitive contains) and by 登记编号.
    found = client.get("/applications", params={"q": known.applicant_name})
    assert known.id in _listed(found.text)
    assert all(app_row(client, i).agency_id == mz for i in _listed(found.text))
    by_number = client.get("/applications", params={"q": known.number})
    assert known.id in _listed(by_number.text)
    # A 教育局 applicant's name never finds a 教育局 application for 民政局 staff.
    other = first_app_of(client, JY)
    assert other.id not in _listed(client.get("/applications", params={"q": other.number}).text)
    # Wildcards are literal.
    assert _listed(client.get("/applications", params={"q": "%"}).text) == set()
    # Filters: state by its Chinese name, channel, received range.
    state = known.state
    by_state = client.get("/applications", params={"state": "已办结"})
    assert by_state.status_code == 200
    for i in _listed(by_state.text):
        assert app_row(client, i).state is State.CLOSED
    ranged = client.get(
        "/applications",
        params={"received_from": known.received_on.isoformat(), "channel": known.channel.value},
    )
    assert known.id in _listed(ranged.text) or state is None
    for i in _listed(ranged.text):
        assert app_row(client, i).received_on >= known.received_on
    # Another agency by the query parameter: refused.
    jy = agency_id(client, JY)
    assert client.get("/applications", params={"agency": jy}).status_code == 403
    # A bad date is a Chinese message, not a crash.
    bad = client.get("/applications", params={"received_from": "2026-13-01"})
    assert bad.status_code == 400
    assert "不是有效日期" in bad.text


def test_overdue_filter_and_pages(client: TestClient) -> None:
    late = register(client, "mz_jb", datetime(2026, 10, 9, 9, 0), name="逾期甲")
    sign_in(client, "mz_jb")
    page = client.get("/applications", params={"overdue": "1"})
    listed = _listed(page.text)
    assert late in listed
    for i in listed:  # the demo's own overdue case and this one, nothing else
        row = app_row(client, i)
        assert row.concluded_on is None and row.due_on is not None
        assert row.due_on < NOW.date()
    assert "已超期" in page.text
    assert f"共 {len(listed)} 件" in page.text
    # Keyset paging: the htmx partial and the next-page link.
    first = client.get("/applications", headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<h1>" not in first.text and "申请登记簿" in first.text
    client.cookies.clear()
    sign_in(client, "zr_jb")  # 自然资源和规划局: more than one page of applications
    full = client.get("/applications")
    next_link = re.search(r'href="(/applications\?after=[^"]+)"', full.text.replace("&amp;", "&"))
    assert next_link
    second = client.get(next_link.group(1))
    assert second.status_code == 200
    assert not (_listed(second.text) & _listed(full.text))


def test_register_and_a_bad_date_that_adds_nothing(client: TestClient) -> None:
    token = sign_in(client, "mz_jb")
    form = client.get("/applications/new")
    assert form.status_code == 200
    assert '<label for="r-arrived">' in form.text
    before = count_apps(client)
    bad = client.post(
        "/applications/new",
        data={
            "csrf_token": token,
            "applicant_type": "natural_person",
            "applicant_name": "赵测试",
            "channel": "email",
            "arrived_at": "2026-11-20T09:30",
            "confirmed_on": "2026-11-18",
            "content": "某村2025年低保名单",
        },
    )
    assert bad.status_code == 400
    assert "早于申请到达时间" in bad.text
    assert 'value="赵测试"' in bad.text
    assert "某村2025年低保名单" in bad.text
    assert count_apps(client) == before
    good = client.post(
        "/applications/new",
        data={
            "csrf_token": token,
            "applicant_type": "natural_person",
            "applicant_name": "赵测试",
            "channel": "email",
            "arrived_at": "2026-11-21T09:30",
            "content": "某村2025年低保名单",
            "delivery": "电子邮件",
        },
    )
    assert good.status_code == 303
    detail = client.get(good.headers["location"])
    assert detail.status_code == 200
    # Arrived on a Saturday by e-mail: received on the next working day.
    assert "2026年11月23日" in detail.text
    assert "休息日" in detail.text
    assert count_apps(client) == before + 1


def test_detail_offers_only_allowed_steps(client: TestClient) -> None:
    app_id = register(client, "mz_jb", datetime(2026, 11, 20, 9, 0))
    sign_in(client, "mz_jb")
    page = client.get(f"/applications/{app_id}")
    assert page.status_code == 200
    assert 'class="timeline"' in page.text and "登记申请" in page.text
    assert '<dl class="facts">' in page.text
    for offered in ("要求补正", "作出答复决定", "当场答复"):
        assert f"<summary>{offered}</summary>" in page.text
    for absent in ("收到补正", "送达", "办结", "延期答复"):
        assert f"<summary>{absent}</summary>" not in page.text
    assert "须由机关负责人" in page.text
    client.cookies.clear()
    sign_in(client, "mz_sh")
    assert "<summary>延期答复</summary>" in client.get(f"/applications/{app_id}").text


def test_correction_then_reply_changes_timeline_and_state(client: TestClient) -> None:
    app_id = register(client, "mz_jb", datetime(2026, 11, 20, 9, 0))
    token = sign_in(client, "mz_jb")
    asked = client.post(
        f"/applications/{app_id}/steps",
        data={
            "csrf_token": token,
            "kind": "request_correction",
            "on": "2026-11-23",
            "items": "请写明所需信息的年份",
            "correction_until": "2026-12-10",
            "expected_version": "1",
        },
    )
    assert asked.status_code == 303, asked.text
    assert app_row(client, app_id).state is State.CORRECTION_REQUESTED
    page = client.get(asked.headers["location"])
    assert "待补正" in page.text and "请写明所需信息的年份" in page.text
    assert "<summary>收到补正</summary>" in page.text
    assert "补正告知书" in page.text
    version = app_row(client, app_id).version
    replied = client.post(
        f"/applications/{app_id}/steps",
        data={
            "csrf_token": token,
            "kind": "receive_correction",
            "on": "2026-11-23",
            "expected_version": str(version),
        },
    )
    assert replied.status_code == 303
    row = app_row(client, app_id)
    assert row.state is State.CORRECTED
    assert count_events(client, app_id) == 3
    assert "申请人于2026年11月23日补正" in client.get(f"/applications/{app_id}").text


def test_refused_steps_change_nothing(client: TestClient) -> None:
    app_id = register(client, "mz_jb", datetime(2026, 11, 20, 9, 0))
    token = sign_in(client, "mz_jb")
    future = client.post(
        f"/applications/{app_id}/steps",
        data={
            "csrf_token": token,
            "kind": "decide",
            "on": "2026-12-01",
            "outcome": "disclosed",
            "reason": "我的理由",
        },
    )
    assert future.status_code == 400
    assert "晚于今天" in future.text
    assert "我的理由" in future.text  # the input is kept
    missing = client.post(
        f"/applications/{app_id}/steps",
        data={"csrf_token": token, "kind": "request_correction", "on": "2026-11-23"},
    )
    assert missing.status_code == 400
    assert "缺少需要补正的事项" in missing.text
    wrong_state = client.post(
        f"/applications/{app_id}/steps",
        data={"csrf_token": token, "kind": "serve", "on": "2026-11-23"},
    )
    assert wrong_state.status_code == 400
    assert "不能在“已登记收到”状态下执行“送达”" in wrong_state.text
    stale = client.post(
        f"/applications/{app_id}/steps",
        data={
            "csrf_token": token,
            "kind": "decide",
            "on": "2026-11-23",
            "outcome": "disclosed",
            "expected_version": "7",
        },
    )
    assert stale.status_code == 409
    assert "已被他人修改" in stale.text
    assert count_events(client, app_id) == 1
    assert app_row(client, app_id).state is State.RECEIVED


def test_a_clerk_cannot_extend_but_a_reviewer_can(client: TestClient) -> None:
    app_id = register(client, "mz_jb", datetime(2026, 11, 20, 9, 0))
    data = {"kind": "extend", "on": "2026-11-23", "working_days": "10", "approved_by": "李局长"}
    token = sign_in(client, "mz_jb")
    refused = client.post(f"/applications/{app_id}/steps", data={**data, "csrf_token": token})
    assert refused.status_code == 403
    assert "审批" in refused.text
    assert count_events(client, app_id) == 1
    client.cookies.clear()
    token = sign_in(client, "mz_sh")
    done = client.post(f"/applications/{app_id}/steps", data={**data, "csrf_token": token})
    assert done.status_code == 303
    assert app_row(client, app_id).state is State.EXTENDED
    assert "经批准延期10个工作日" in client.get(f"/applications/{app_id}").text


def test_another_agency_is_refused_on_every_route(client: TestClient) -> None:
    mz_app = first_app_of(client, MZ)
    token = sign_in(client, "jy_jb")
    assert client.get(f"/applications/{mz_app.id}").status_code == 404
    step = client.post(
        f"/applications/{mz_app.id}/steps",
        data={"csrf_token": token, "kind": "serve", "on": "2026-11-23"},
    )
    assert step.status_code in (403, 404)
    assert client.get(f"/applications/{mz_app.id}/letters/1?format=html").status_code == 404
    assert _mz_ids(client).isdisjoint(_listed(client.get("/applications").text))
    assert client.get(f"/api/applications/{mz_app.id}").status_code == 404
    api_step = client.post(
        f"/api/applications/{mz_app.id}/steps",
        json={"kind": "serve"},
        headers={"X-CSRF-Token": token},
    )
    assert api_step.status_code == 404
    mz = agency_id(client, MZ)
    assert client.get("/api/applications", params={"agency": mz}).status_code == 403
    before = count_apps(client)
    foreign = client.post(
        "/applications/new",
        data={
            "csrf_token": token,
            "agency": str(mz),
            "applicant_type": "natural_person",
            "applicant_name": "越权",
            "channel": "in_person",
            "arrived_at": "2026-11-23T09:00",
            "content": "x",
        },
    )
    assert foreign.status_code == 403
    assert count_apps(client) == before


def _mz_ids(client: TestClient) -> set[int]:
    mz = agency_id(client, MZ)
    with session(client) as s:
        return set(s.scalars(select(Application.id).where(Application.agency_id == mz)))


def test_letters_download_as_docx_pdf_and_html(client: TestClient) -> None:
    app_id = register(client, "mz_jb", datetime(2026, 11, 20, 9, 0), name="钱信函")
    sign_in(client, "mz_jb")
    page = client.get(f"/applications/{app_id}")
    assert "受理回执" in page.text
    word = client.get(f"/applications/{app_id}/letters/1?format=docx")
    assert word.status_code == 200
    assert word.headers["content-type"].startswith("application/vnd.openxmlformats")
    disposition = word.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "钱信函" in text
    pdf = client.get(f"/applications/{app_id}/letters/1?format=pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    html = client.get(f"/applications/{app_id}/letters/1?format=html")
    assert "钱信函" in html.content.decode("utf-8")
    missing = client.get(f"/applications/{app_id}/letters/9?format=docx")
    assert missing.status_code == 400
    assert "没有第9条办理记录" in missing.text
