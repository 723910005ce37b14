"""Signing in and out, passwords, throttling, CSRF, security headers, error pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, sign_in


def test_pages_need_a_signed_in_user(client: TestClient) -> None:
    response = client.get("/applications?state=received")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/applications?state=received"
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me").json()["error"] == "尚未登录或登录已过期。"


def test_sign_in_sets_a_safe_cookie_and_shows_the_user(client: TestClient) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "login": "jy_jb",
            "password": "gongkai2026",
            "csrf_token": csrf_of(page.text),
            "next": "/",
        },
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "gongkai_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("samesite", "SameSite")
    home = client.get("/")
    assert "桐庐县教育局经办人（经办人）" in home.text
    assert client.get("/api/me").json()["login"] == "jy_jb"


def test_the_cookie_is_secure_over_https(demo_url: str) -> None:
    from gongkai.web import create_app
    from tests.web.conftest import NOW

    app = create_app(demo_url, clock=lambda: NOW)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as secure:
        token = csrf_of(secure.get("/login").text)
        response = secure.post(
            "/login", data={"login": "admin", "password": "gongkai2026", "csrf_token": token}
        )
        assert "Secure" in response.headers["set-cookie"]
        assert "strict-transport-security" in secure.get("/login").headers
    app.state.engine.dispose()


def test_wrong_password_is_refused_and_repeated_failures_lock_the_login(
    client: TestClient,
) -> None:
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        wrong = client.post(
            "/login", data={"login": "jy_jb", "password": "nope-nope-1", "csrf_token": token}
        )
        assert wrong.status_code == 400
        assert "登录名或密码不正确" in wrong.text
    locked = client.post(
        "/login", data={"login": "jy_jb", "password": "gongkai2026", "csrf_token": token}
    )
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.text
    # Another login is not affected.
    other = client.post(
        "/login", data={"login": "jy_sh", "password": "gongkai2026", "csrf_token": token}
    )
    assert other.status_code == 303


def test_login_never_redirects_off_site(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = client.post(
            "/login",
            data={"login": "admin", "password": "gongkai2026", "csrf_token": token, "next": target},
        )
        assert response.headers["location"] == "/"
        client.cookies.clear()
        token = csrf_of(client.get("/login").text)


def test_logout_ends_the_session_on_the_server(client: TestClient) -> None:
    csrf = sign_in(client, "jy_jb")
    cookie = client.cookies.get("gongkai_session")
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 303
    client.cookies.set("gongkai_session", cookie or "")  # replaying the old cookie
    assert client.get("/").status_code == 303


def test_change_password(client: TestClient) -> None:
    csrf = sign_in(client, "jy_jb")
    short = client.post(
        "/account/password",
        data={"old": "gongkai2026", "new": "abc1", "repeat": "abc1", "csrf_token": csrf},
    )
    assert short.status_code == 400
    assert "密码太短" in short.text
    wrong_old = client.post(
        "/account/password",
        data={
            "old": "x",
            "new": "Neues-Pass-2027",
            "repeat": "Neues-Pass-2027",
            "csrf_token": csrf,
        },
    )
    assert "原密码不正确" in wrong_old.text
    done = client.post(
        "/account/password",
        data={
            "old": "gongkai2026",
            "new": "Neues-Pass-2027",
            "repeat": "Neues-Pass-2027",
            "csrf_token": csrf,
        },
    )
    assert done.status_code == 200
    assert "密码已修改" in done.text
    client.cookies.clear()
    token = csrf_of(client.get("/login").text)
    old = client.post(
        "/login", data={"login": "jy_jb", "password": "gongkai2026", "csrf_token": token}
    )
    assert old.status_code == 400
    sign_in(client, "jy_jb", "Neues-Pass-2027")


def test_a_post_without_the_csrf_token_changes_nothing(client: TestClient) -> None:
    sign_in(client, "jy_jb")
    response = client.post(
        "/account/password",
        data={"old": "gongkai2026", "new": "Neues-Pass-2027", "repeat": "Neues-Pass-2027"},
    )
    assert response.status_code == 403
    assert "请求来源无法确认" in response.text
    forged = client.post(
        "/account/password",
        data={
            "old": "gongkai2026",
            "new": "Neues-Pass-2027",
            "repeat": "Neues-Pass-2027",
            "csrf_token": "forged",
        },
    )
    assert forged.status_code == 403
    client.cookies.clear()
    sign_in(client, "jy_jb")  # the old password still works


def test_bearer_tokens_need_no_csrf_and_cookies_do(client: TestClient) -> None:
    sign_in(client, "jy_jb")
    token = client.cookies.get("gongkai_session")
    client.cookies.clear()
    me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["agency"] == "桐庐县教育局"


def test_security_headers_on_every_response(client: TestClient) -> None:
    for path in ("/login", "/public", "/nowhere"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"


def test_unknown_pages_and_bodies_too_large_answer_in_chinese(demo_url: str) -> None:
    from gongkai.web import create_app
    from tests.web.conftest import NOW

    app = create_app(demo_url, clock=lambda: NOW, upload_limit=1000)
    with TestClient(app, follow_redirects=False) as small:
        missing = small.get("/nowhere")
        assert missing.status_code == 404
        assert "页面不存在" in missing.text
        big = small.post("/login", content=b"x" * 5000, headers={"content-type": "text/plain"})
        assert big.status_code == 413
        assert "上限" in big.json()["error"]
    app.state.engine.dispose()


def test_an_api_client_signs_in_with_json_alone_and_a_form_cannot(client: TestClient) -> None:
    signed = client.post("/api/session", json={"login": "jy_jb", "password": "gongkai2026"})
    assert signed.status_code == 200, signed.text
    assert "set-cookie" not in signed.headers
    token = signed.json()["token"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["login"] == "jy_jb"
    # The same route posted as a form (what another site could send) still needs the token.
    form = client.post("/api/session", data={"login": "jy_jb", "password": "gongkai2026"})
    assert form.status_code == 403


def test_signing_in_again_ends_the_earlier_session(client: TestClient) -> None:
    csrf = sign_in(client, "jy_jb")
    first = client.cookies.get("gongkai_session")
    again = client.post(
        "/login", data={"login": "jy_sh", "password": "gongkai2026", "csrf_token": csrf}
    )
    assert again.status_code == 303
    assert "审核人" in client.get("/").text
    client.cookies.clear()
    client.cookies.set("gongkai_session", first or "")
    assert client.get("/").status_code == 303
