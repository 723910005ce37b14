"""The applications JSON API: the same data and the same scope as the pages."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient

from tests.web.conftest import sign_in
from tests.web.test_applications import (
    JY,
    MZ,
    agency_id,
    app_row,
    count_apps,
    count_events,
    first_app_of,
    register,
)


def test_list_and_detail_match_the_database_and_stay_in_scope(client: TestClient) -> None:
    assert client.get("/api/applications").status_code == 401
    sign_in(client, "mz_jb")
    mz = agency_id(client, MZ)
    listing = client.get("/api/applications")
    assert listing.status_code == 200
    body = listing.json()
    assert body["items"] and all(i["agency_id"] == mz for i in body["items"])
    assert body["items"][0]["received_on"] >= body["items"][-1]["received_on"]
    known = first_app_of(client, MZ)
    found = client.get("/api/applications", params={"q": known.number}).json()["items"]
    assert known.id in {i["id"] for i in found}
    closed = client.get("/api/applications", params={"state": "已办结"}).json()["items"]
    assert closed and {i["state_label"] for i in closed} == {"已办结"}
    detail = client.get(f"/api/applications/{known.id}").json()
    assert detail["number"] == known.number
    assert detail["applicant_name"] == known.applicant_name
    assert detail["timeline"][0]["kind_label"] == "登记申请"
    assert detail["clock"]["due_on"] == (known.due_on.isoformat() if known.due_on else None)
    other = first_app_of(client, JY)
    assert client.get(f"/api/applications/{other.id}").status_code == 404
    assert client.get(f"/api/applications/{other.id}").json()["error"].startswith("申请")
    bad = client.get("/api/applications", params={"received_to": "昨天"})
    assert bad.status_code == 400 and "不是有效日期" in bad.json()["error"]


def test_register_and_steps_through_the_api(client: TestClient) -> None:
    token = sign_in(client, "mz_jb")
    headers = {"X-CSRF-Token": token}
    before = count_apps(client)
    made = client.post(
        "/api/applications",
        json={
            "applicant": {"type": "商业企业", "name": "某某有限公司"},
            "channel": "邮寄",
            "arrived_at": "2026-11-20T10:00:00",
            "content": "2025年社会组织年检结果",
        },
        headers=headers,
    )
    assert made.status_code == 201, made.text
    app = made.json()
    assert app["applicant_type"] == "business" and app["received_on"] == "2026-11-20"
    assert "签收" in app["receipt_note"]
    kinds = {a["kind"] for a in app["allowed_next"]}
    assert "request_correction" in kinds and "extend" not in kinds
    assert count_apps(client) == before + 1
    refused = client.post(
        f"/api/applications/{app['id']}/steps",
        json={"kind": "decide", "on": "2026-11-23"},
        headers=headers,
    )
    assert refused.status_code == 400
    assert "必须填写一项办理结果" in refused.json()["error"]
    assert count_events(client, app["id"]) == 1
    no_approval = client.post(
        f"/api/applications/{app['id']}/steps",
        json={"kind": "extend", "working_days": 5, "details": {"approved_by": "局长"}},
        headers=headers,
    )
    assert no_approval.status_code == 403
    decided = client.post(
        f"/api/applications/{app['id']}/steps",
        json={
            "kind": "作出答复决定",
            "outcome": "disclosed",
            "details": {"reason": "属于公开范围"},
            "expected_version": app["version"],
        },
        headers=headers,
    )
    assert decided.status_code == 200, decided.text
    result = decided.json()
    assert result["state"] == "decided"
    assert [e["kind"] for e in result["timeline"]] == ["register", "decide"]
    assert {a["kind"] for a in result["allowed_next"]} == {"serve"}
    assert app_row(client, app["id"]).report_row == "disclosed"
    stale = client.post(
        f"/api/applications/{app['id']}/steps",
        json={"kind": "serve", "expected_version": app["version"]},
        headers=headers,
    )
    assert stale.status_code == 409


def test_api_refuses_another_agency(client: TestClient) -> None:
    mz_app = register(client, "mz_jb", datetime(2026, 11, 20, 9, 0))
    token = sign_in(client, "jy_jb")
    headers = {"X-CSRF-Token": token}
    assert client.get(f"/api/applications/{mz_app}").status_code == 404
    step = client.post(
        f"/api/applications/{mz_app}/steps",
        json={"kind": "decide", "outcome": "disclosed"},
        headers=headers,
    )
    assert step.status_code == 404
    assert count_events(client, mz_app) == 1
    ids = {i["id"] for i in client.get("/api/applications").json()["items"]}
    assert mz_app not in ids
    foreign = client.post(
        "/api/applications",
        json={
            "agency_id": agency_id(client, MZ),
            "applicant": {"type": "natural_person", "name": "越权"},
            "channel": "in_person",
            "arrived_at": "2026-11-23T09:00:00",
            "content": "x",
        },
        headers=headers,
    )
    assert foreign.status_code == 403
