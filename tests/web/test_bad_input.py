"""Hostile or mistyped values in paths, queries and forms get Chinese answers, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, sign_in

HUGE = "9" * 25


def test_ids_out_of_range_or_not_numbers_are_refused_in_chinese(client: TestClient) -> None:
    for path in (f"/public/{HUGE}/guide", f"/public/{HUGE}/catalogue", "/public/0/guide"):
        answer = client.get(path)
        assert answer.status_code in (404, 422), path
        assert "格式" in answer.text or "不存在" in answer.text or "找不到" in answer.text
    sign_in(client, "jy_jb")
    for path in (
        f"/applications/{HUGE}",
        "/applications/abc",
        f"/cases?agency={HUGE}",
        f"/reports/3/{HUGE}",
        "/reports/3/1900",
        f"/api/applications/{HUGE}",
    ):
        answer = client.get(path)
        assert answer.status_code in (404, 422), f"{path}: {answer.status_code}"
    for query in ("agency=²", "agency=-1", f"agency={HUGE}"):
        answer = client.get(f"/applications?{query}")
        assert answer.status_code in (400, 422), query
        assert "机关" in answer.text or "格式" in answer.text


def test_a_public_form_with_a_strange_agency_is_refused_not_crashed(client: TestClient) -> None:
    token = csrf_of(client.get("/public/apply").text)
    answer = client.post(
        "/public/apply",
        data={"csrf_token": token, "agency_id": "²", "applicant_type": "natural_person"},
    )
    assert answer.status_code == 400
    assert "请选择受理申请的机关" in answer.text


def test_a_streamed_body_over_the_limit_is_refused_in_chinese(demo_url: str) -> None:
    from gongkai.web import create_app
    from tests.web.conftest import NOW

    app = create_app(demo_url, clock=lambda: NOW, upload_limit=2000)

    def chunks() -> Iterator[bytes]:
        yield b"login=" + b"x" * 1500
        yield b"&password=" + b"y" * 1500

    with TestClient(app, follow_redirects=False) as small:
        small.get("/login")
        answer = small.post(
            "/login",
            content=chunks(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert answer.status_code == 413
        assert "上限" in answer.text
    app.state.engine.dispose()
