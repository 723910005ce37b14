"""API sign-in with a bearer token, and the OpenAPI documentation page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx2 import Response

from gongkai.web.context import ANON_CSRF_COOKIE
from tests.web.conftest import csrf_of

VISITOR_CSRF = "visitor-csrf-token-for-tests"


def _open(client: TestClient, login: str, password: str) -> Response:
    """POST /api/session as an API client (with a visitor CSRF cookie and header until the guard
    exempts this route; see the report)."""
    client.cookies.set(ANON_CSRF_COOKIE, VISITOR_CSRF)
    return client.post(
        "/api/session",
        json={"login": login, "password": password},
        headers={"X-CSRF-Token": VISITOR_CSRF},
    )


def test_a_token_from_post_session_works_for_api_me_and_delete_ends_it(
    client: TestClient,
) -> None:
    opened = _open(client, "jy_jb", "gongkai2026")
    assert opened.status_code == 200, opened.text
    body = opened.json()
    assert body["user"]["login"] == "jy_jb" and body["user"]["agency"] == "桐庐县教育局"
    assert body["expires_at"].startswith("2026-11-23")
    assert "gongkai_session" not in opened.headers.get("set-cookie", "")
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {body['token']}"}
    me = client.get("/api/me", headers=bearer)
    assert me.status_code == 200
    assert me.json()["role_label"] == "经办人"
    # A bearer request needs no CSRF token.
    closed = client.delete("/api/session", headers=bearer)
    assert closed.status_code == 204
    assert client.get("/api/me", headers=bearer).status_code == 401


def test_wrong_passwords_are_401_and_lock_the_login_after_five(client: TestClient) -> None:
    for _ in range(5):
        wrong = _open(client, "jy_sh", "not-the-password-1")
        assert wrong.status_code == 401
        assert wrong.json()["error"] == "登录名或密码不正确。"
    locked = _open(client, "jy_sh", "gongkai2026")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.json()["error"]
    assert _open(client, "jy_jb", "gongkai2026").status_code == 200


def test_an_invalid_body_is_422_in_chinese(client: TestClient) -> None:
    client.cookies.set(ANON_CSRF_COOKIE, VISITOR_CSRF)
    response = client.post(
        "/api/session", json={"login": "jy_jb"}, headers={"X-CSRF-Token": VISITOR_CSRF}
    )
    assert response.status_code == 422
    assert "password" in response.json()["error"]


def test_docs_page_uses_the_vendored_swagger_ui(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in page.text
    assert "/static/swagger/swagger-ui.css" in page.text
    assert "/api/openapi.json" in page.text
    assert "cdn.jsdelivr.net" not in page.text
    assert "'unsafe-inline'" in page.headers["content-security-policy"]
    script = client.get("/static/swagger/swagger-ui-bundle.js")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.text
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200
    # Elsewhere the policy stays strict.
    assert "'unsafe-inline'" not in client.get("/login").headers["content-security-policy"]
    csrf_of(client.get("/login").text)


def test_openapi_lists_api_routes_with_chinese_summaries_and_no_pages(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert all(path.startswith("/api/") for path in paths), sorted(paths)
    assert "/api/session" in paths and "/api/me" in paths
    assert "/api/docs" not in paths and "/admin/users" not in paths
    assert paths["/api/session"]["post"]["summary"] == "登录并取得令牌"
    for path, operations in paths.items():
        for method, operation in operations.items():
            summary = operation.get("summary", "")
            assert any("\u4e00" <= ch <= "\u9fff" for ch in summary), (method, path, summary)
