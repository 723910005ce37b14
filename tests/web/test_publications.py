"""主动公开 pages: list and queue, drafting, the three-level review, registers and figures."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.workbench.orm import Agency, Publication, RegisteredDocument, YearlyFigure
from gongkai.workbench.publishing import Status
from tests.web.conftest import sign_in

JY, MZ = "桐庐县教育局", "桐庐县民政局"


def db(client: TestClient) -> Session:
    session: Session = client.app.state.factory()  # type: ignore[attr-defined]
    return session


def agency_id(client: TestClient, name: str) -> int:
    with db(client) as s:
        return int(s.scalar(select(Agency.id).where(Agency.name == name)) or 0)


def one(client: TestClient, model: Any, agency: int) -> Any:
    with db(client) as s:
        return s.scalars(select(model).where(model.agency_id == agency).order_by(model.id)).first()


def new_draft(client: TestClient, token: str, **over: str) -> Any:
    data = {
        "csrf_token": token,
        "agency": str(agency_id(client, JY)),
        "index_no": "003/2026-T0001",
        "title": "关于2027年义务教育招生工作的通告",
        "summary": "招生范围、时间和程序",
        "body": "一、招生对象\n二、报名时间",
        "category": "art20_11",
        "attribute": "proactive",
        "withheld_reason": "",
        "formed_on": "2026-11-20",
    }
    data.update(over)
    return client.post("/publications/new", data=data)


def status_of(client: TestClient, pub_id: int) -> Status:
    with db(client) as s:
        pub = s.get(Publication, pub_id)
        assert pub is not None
        return pub.status


def version_of(client: TestClient, pub_id: int) -> int:
    with db(client) as s:
        pub = s.get(Publication, pub_id)
        assert pub is not None
        return pub.version


def test_list_queue_and_filters(client: TestClient) -> None:
    sign_in(client, "mz_jb")
    mz = agency_id(client, MZ)
    with db(client) as s:
        total = s.scalar(select(func.count()).where(Publication.agency_id == mz))
        waiting = s.scalar(
            select(func.count()).where(
                Publication.agency_id == mz, Publication.status == Status.FINAL_REVIEW
            )
        )
        published = s.scalar(
            select(func.count()).where(
                Publication.agency_id == mz, Publication.status == Status.PUBLISHED
            )
        )
    page = client.get("/publications")
    assert page.status_code == 200
    assert f"共 {total} 条" in page.text
    assert "审核队列（初审、复审、终审）" in page.text
    assert f'<span class="value">{waiting}</span>待终审' in page.text
    only = client.get("/publications", params={"status": "published"})
    assert f"共 {published} 条" in only.text
    assert "按时公开" in only.text or "超期公开" in only.text
    assert client.get("/publications", params={"overdue": "1"}).status_code == 200


def test_other_agency_is_refused_on_every_route(client: TestClient) -> None:
    token = sign_in(client, "jy_jb")
    mz = agency_id(client, MZ)
    pub, doc = one(client, Publication, mz), one(client, RegisteredDocument, mz)
    assert pub is not None and doc is not None
    before = version_of(client, pub.id)
    refused = [
        client.get(f"/publications/{pub.id}"),
        client.get("/publications", params={"agency": mz}),
        client.get("/publications/registers", params={"agency": mz}),
        client.post(
            f"/publications/{pub.id}/edit",
            data={"csrf_token": token, "title": "改", "index_no": "x", "formed_on": "2026-01-05"},
        ),
        client.post(
            f"/publications/{pub.id}/review",
            data={"csrf_token": token, "step": "reject", "reason": "越权"},
        ),
        client.post(
            f"/publications/registers/documents/{doc.id}/abolish",
            data={"csrf_token": token, "abolished_on": "2026-11-01"},
        ),
        client.post(
            "/publications/registers/documents",
            data={
                "csrf_token": token,
                "agency": str(mz),
                "kind": "normative_documents",
                "title": "越权登记",
                "issued_on": "2026-01-05",
            },
        ),
        client.post(
            "/publications/registers/figures",
            data={
                "csrf_token": token,
                "agency": str(mz),
                "year": "2025",
                "item": "fees",
                "value": "1",
                "source": "越权",
            },
        ),
        new_draft(client, token, agency=str(mz), index_no="越权-1"),
    ]
    for response in refused:
        assert response.status_code in (403, 404), (response.request.url, response.status_code)
    assert version_of(client, pub.id) == before
    with db(client) as s:
        assert s.get(RegisteredDocument, doc.id).abolished_on is None  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).where(Publication.index_no == "越权-1")) == 0


def test_draft_and_three_level_review(client: TestClient) -> None:
    token = sign_in(client, "jy_jb")
    bad = new_draft(client, token, title="  ")
    assert bad.status_code == 400
    assert "名称不能为空" in bad.text and 'value="003/2026-T0001"' in bad.text
    created = new_draft(client, token)
    assert created.status_code == 303
    pub_id = int(created.headers["location"].rsplit("/", 1)[1])
    detail = client.get(f"/publications/{pub_id}")
    assert "关于2027年义务教育招生工作的通告" in detail.text and "草稿" in detail.text
    edited = client.post(
        f"/publications/{pub_id}/edit",
        data={"csrf_token": token, "expected_version": str(version_of(client, pub_id)),
              "index_no": "003/2026-T0001", "title": "关于2027年义务教育招生工作的通告（修订）",
              "summary": "招生范围", "body": "正文", "category": "art20_11",
              "attribute": "proactive", "withheld_reason": "", "formed_on": "2026-11-20"},
    )  # fmt: skip
    assert edited.status_code == 303
    stale = client.post(
        f"/publications/{pub_id}/edit",
        data={"csrf_token": token, "expected_version": "1", "index_no": "003/2026-T0001",
              "title": "过期的修改稿", "formed_on": "2026-11-20", "category": "art20_11",
              "attribute": "proactive"},
    )  # fmt: skip
    assert stale.status_code == 409
    assert "已被他人修改" in stale.text
    assert "过期的修改稿" in stale.text  # what was typed is shown again, not lost

    def step(name: str, **extra: str) -> Any:
        data = {
            "csrf_token": token,
            "step": name,
            "expected_version": str(version_of(client, pub_id)),
        }
        return client.post(f"/publications/{pub_id}/review", data={**data, **extra})

    assert step("submit").status_code == 303
    assert status_of(client, pub_id) is Status.FIRST_REVIEW
    # A clerk has no review right.
    assert step("pass_first").status_code == 403
    assert status_of(client, pub_id) is Status.FIRST_REVIEW
    client.post("/logout", data={"csrf_token": token})
    token = sign_in(client, "jy_sh")
    page = client.get(f"/publications/{pub_id}")
    assert 'value="pass_first"' in page.text and "提交审核" in page.text
    no_reason = step("reject")
    assert no_reason.status_code == 400 and "办理“退回”必须写明理由" in no_reason.text
    assert step("pass_first").status_code == 303
    assert status_of(client, pub_id) is Status.SECOND_REVIEW
    assert step("pass_second").status_code == 303
    assert status_of(client, pub_id) is Status.FINAL_REVIEW
    early = step("publish", published_on="2026-11-23")
    assert early.status_code == 400 and "尚未进行保密审查" in early.text
    assert step("secrecy").status_code == 303
    assert step("publish", published_on="2026-11-23").status_code == 303
    assert status_of(client, pub_id) is Status.PUBLISHED
    trail = client.get(f"/publications/{pub_id}").text
    for label in ("提交审核", "初审通过", "复审通过", "保密审查", "终审通过并发布"):
        assert label in trail
    assert "桐庐县教育局审核人" in trail and "按时公开" in trail
    # Now in the public catalogue.
    jy = agency_id(client, JY)
    assert "（修订）" in client.get(f"/public/{jy}/catalogue").text


def test_registers_and_figures(client: TestClient) -> None:
    token = sign_in(client, "jy_jb")
    jy = agency_id(client, JY)
    page = client.get("/publications/registers")
    assert page.status_code == 200 and "规章和行政规范性文件登记" in page.text
    assert "登记文件</button>" not in page.text  # a clerk does not manage the register
    doc_form = {"csrf_token": token, "agency": str(jy), "kind": "normative_documents",
                "title": "桐庐县教育局学籍管理办法", "doc_number": "桐教规〔2026〕9号",
                "issued_on": "2026-03-02"}  # fmt: skip
    assert client.post("/publications/registers/documents", data=doc_form).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = sign_in(client, "jy_gl")
    doc_form["csrf_token"] = token
    added = client.post("/publications/registers/documents", data=doc_form)
    assert added.status_code == 303
    again = client.post("/publications/registers/documents", data=doc_form)
    assert again.status_code == 400 and "已登记" in again.text
    with db(client) as s:
        doc = s.scalar(
            select(RegisteredDocument).where(RegisteredDocument.doc_number == "桐教规〔2026〕9号")
        )
        assert doc is not None
        doc_id = doc.id
    early = client.post(
        f"/publications/registers/documents/{doc_id}/abolish",
        data={"csrf_token": token, "abolished_on": "2026-01-01"},
    )
    assert early.status_code == 400 and "早于制发日期" in early.text
    done = client.post(
        f"/publications/registers/documents/{doc_id}/abolish",
        data={"csrf_token": token, "abolished_on": "2026-10-09"},
    )
    assert done.status_code == 303
    assert "2026年10月9日" in client.get("/publications/registers").text
    figure = {"csrf_token": token, "agency": str(jy), "year": "2025", "item": "fees",
              "value": "123456", "source": "财政非税收入系统"}  # fmt: skip
    large = client.post("/publications/registers/figures", data=figure)
    assert large.status_code == 400 and "异常偏大" in large.text and 'value="123456"' in large.text
    figure["value"] = "12.5"
    assert client.post("/publications/registers/figures", data=figure).status_code == 303
    with db(client) as s:
        row = s.scalar(
            select(YearlyFigure).where(
                YearlyFigure.agency_id == jy, YearlyFigure.year == 2025,
                YearlyFigure.item == "fees",
            )
        )  # fmt: skip
        assert row is not None and float(row.value) == 12.5
    assert re.search(r'<td class="num">12\.5</td>', client.get("/publications/registers").text)
