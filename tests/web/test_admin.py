"""管理: users, agencies, holidays, letter templates and the audit log, with their scopes."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.workbench.orm import Agency, AuditEntry, HolidayYear, LetterTemplate, User
from tests.web.conftest import csrf_of, sign_in

NEW_PASSWORD = "Lingshi2026pw"


def _db(client: TestClient) -> Session:
    return Session(client.app.state.engine)  # type: ignore[attr-defined]


def _user(client: TestClient, login: str) -> User:
    with _db(client) as s:
        found = s.scalar(select(User).where(User.login == login))
        assert found is not None
        return found


def _agency(client: TestClient, name: str) -> Agency:
    with _db(client) as s:
        found = s.scalar(select(Agency).where(Agency.name == name))
        assert found is not None
        return found


def test_a_clerk_and_the_supervisor_get_403_on_every_admin_page(client: TestClient) -> None:
    jy_sh = _user(client, "jy_sh")
    for login in ("jy_jb", "gkb"):
        client.cookies.clear()
        token = sign_in(client, login)
        for path in (
            "/admin",
            "/admin/users",
            "/admin/users/new",
            f"/admin/users/{jy_sh.id}",
            "/admin/agencies",
            f"/admin/agencies/{jy_sh.agency_id}",
            "/admin/holidays",
            "/admin/letters",
            "/admin/letters/reply",
            "/admin/audit",
        ):
            assert client.get(path).status_code == 403, (login, path)
        posted = client.post(f"/admin/users/{jy_sh.id}/archive", data={"csrf_token": token})
        assert posted.status_code == 403
    assert _user(client, "jy_sh").archived_at is None


def test_an_agency_admin_lists_and_creates_users_of_its_own_agency_only(
    client: TestClient,
) -> None:
    token = sign_in(client, "jy_gl")
    listing = client.get("/admin/users")
    assert listing.status_code == 200
    assert "jy_jb" in listing.text and "jy_sh" in listing.text
    assert "mz_jb" not in listing.text and "admin" not in re.findall(
        r">(\w+)</a></th>", listing.text
    )
    mz = _agency(client, "桐庐县民政局")
    assert client.get(f"/admin/users?agency={mz.id}").status_code == 403
    jy = _agency(client, "桐庐县教育局")
    created = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "login": "jy_new",
            "name": "新同事",
            "role": "clerk",
            "agency": str(jy.id),
            "password": "",
        },
    )
    assert created.status_code == 200
    assert "临时密码" in created.text
    shown = re.search(r"<code>([A-Za-z0-9]{14})</code>", created.text)
    assert shown is not None
    made = _user(client, "jy_new")
    assert made.agency_id == jy.id and made.name == "新同事"
    # The temporary password signs the new user in.
    client.cookies.clear()
    sign_in(client, "jy_new", shown.group(1))


def test_an_agency_admin_cannot_grant_wide_roles_nor_reach_another_agency(
    client: TestClient,
) -> None:
    token = sign_in(client, "jy_gl")
    jy, mz = _agency(client, "桐庐县教育局"), _agency(client, "桐庐县民政局")
    refused = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "login": "jy_boss",
            "name": "越权",
            "role": "system_admin",
            "agency": str(jy.id),
            "password": NEW_PASSWORD,
        },
    )
    assert refused.status_code == 403
    assert "不能授予“系统管理员”" in refused.text
    elsewhere = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "login": "mz_new",
            "name": "外机关",
            "role": "clerk",
            "agency": str(mz.id),
            "password": NEW_PASSWORD,
        },
    )
    assert elsewhere.status_code == 403
    mz_jb, admin = _user(client, "mz_jb"), _user(client, "admin")
    assert client.get(f"/admin/users/{mz_jb.id}").status_code == 403
    assert client.get(f"/admin/users/{admin.id}").status_code == 403
    assert client.get("/admin/users/99999").status_code == 404
    edit = client.post(
        f"/admin/users/{mz_jb.id}",
        data={"csrf_token": token, "name": "改名", "role": "agency_admin"},
    )
    assert edit.status_code == 403
    reset = client.post(f"/admin/users/{mz_jb.id}/password", data={"csrf_token": token})
    assert reset.status_code == 403
    with _db(client) as s:
        logins = set(s.scalars(select(User.login)))
    assert not {"jy_boss", "mz_new"} & logins
    assert _user(client, "mz_jb").name == "桐庐县民政局经办人"


def test_a_taken_login_is_refused_in_chinese_with_the_input_kept(client: TestClient) -> None:
    token = sign_in(client, "jy_gl")
    jy = _agency(client, "桐庐县教育局")
    taken = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "login": "mz_jb",
            "name": "重名的人",
            "role": "clerk",
            "agency": str(jy.id),
            "password": NEW_PASSWORD,
        },
    )
    assert taken.status_code == 400
    assert "登录名“mz_jb”已被使用" in taken.text
    assert 'value="重名的人"' in taken.text


def test_edit_with_a_stale_version_is_a_conflict(client: TestClient) -> None:
    token = sign_in(client, "jy_gl")
    jy_jb = _user(client, "jy_jb")
    data = {
        "csrf_token": token,
        "name": "张经办",
        "role": "reviewer",
        "expected_version": str(jy_jb.version),
    }
    assert client.post(f"/admin/users/{jy_jb.id}", data=data).status_code == 303
    changed = _user(client, "jy_jb")
    assert (changed.name, changed.role.value) == ("张经办", "reviewer")
    stale = client.post(f"/admin/users/{jy_jb.id}", data={**data, "name": "李经办"})
    assert stale.status_code == 409
    assert _user(client, "jy_jb").name == "张经办"


def test_archive_stops_sign_in_and_an_admin_cannot_archive_itself(client: TestClient) -> None:
    token = sign_in(client, "jy_gl")
    me, clerk = _user(client, "jy_gl"), _user(client, "jy_jb")
    own = client.post(f"/admin/users/{me.id}/archive", data={"csrf_token": token})
    assert own.status_code == 400
    assert "不能停用自己的账号" in own.text
    done = client.post(
        f"/admin/users/{clerk.id}/archive",
        data={"csrf_token": token, "expected_version": str(clerk.version)},
    )
    assert done.status_code == 303
    assert "已停用" in client.get(done.headers["location"]).text
    visitor = TestClient(client.app, base_url="http://testserver", follow_redirects=False)
    refused = visitor.post(
        "/login",
        data={
            "login": "jy_jb",
            "password": "gongkai2026",
            "csrf_token": csrf_of(visitor.get("/login").text),
        },
    )
    assert refused.status_code == 400
    assert "登录名或密码不正确" in refused.text
    restored = client.post(f"/admin/users/{clerk.id}/restore", data={"csrf_token": token})
    assert restored.status_code == 303
    assert _user(client, "jy_jb").archived_at is None


def test_password_reset_signs_the_user_out(client: TestClient) -> None:
    clerk_client = TestClient(client.app, base_url="http://testserver", follow_redirects=False)
    sign_in(clerk_client, "jy_jb")
    assert clerk_client.get("/api/me").status_code == 200
    token = sign_in(client, "jy_gl")
    clerk = _user(client, "jy_jb")
    weak = client.post(
        f"/admin/users/{clerk.id}/password", data={"csrf_token": token, "password": "short"}
    )
    assert weak.status_code == 400
    assert "密码太短" in weak.text
    assert clerk_client.get("/api/me").status_code == 200
    reset = client.post(
        f"/admin/users/{clerk.id}/password",
        data={"csrf_token": token, "password": NEW_PASSWORD},
    )
    assert reset.status_code == 200
    assert "所有登录会话已失效" in reset.text
    assert clerk_client.get("/api/me").status_code == 401
    clerk_client.cookies.clear()
    sign_in(clerk_client, "jy_jb", NEW_PASSWORD)


def test_an_agency_admin_edits_its_guide_but_not_the_structure(client: TestClient) -> None:
    token = sign_in(client, "jy_gl")
    jy, mz = _agency(client, "桐庐县教育局"), _agency(client, "桐庐县民政局")
    page = client.get(f"/admin/agencies/{jy.id}")
    assert page.status_code == 200 and 'name="guide"' in page.text
    assert 'name="name"' not in page.text
    guide = "一、公开的主要内容\n本局主动公开<教育>规划。"
    saved = client.post(
        f"/admin/agencies/{jy.id}",
        data={"csrf_token": token, "guide": guide, "expected_version": str(jy.version)},
    )
    assert saved.status_code == 303
    assert _agency(client, "桐庐县教育局").guide == guide
    assert "&lt;教育&gt;" in client.get(f"/admin/agencies/{jy.id}").text
    renamed = client.post(
        f"/admin/agencies/{jy.id}", data={"csrf_token": token, "name": "改名局", "guide": guide}
    )
    assert renamed.status_code == 403
    assert client.get(f"/admin/agencies/{mz.id}").status_code == 403
    assert client.get("/admin/agencies/new").status_code == 403
    assert _agency(client, "桐庐县教育局").name == "桐庐县教育局"


def test_the_system_admin_creates_and_moves_agencies_without_cycles(client: TestClient) -> None:
    token = sign_in(client, "admin")
    jy = _agency(client, "桐庐县教育局")
    made = client.post(
        "/admin/agencies/new",
        data={
            "csrf_token": token,
            "name": "桐庐县教育局直属学校",
            "kind": "department",
            "parent": str(jy.id),
        },
    )
    assert made.status_code == 303
    school = _agency(client, "桐庐县教育局直属学校")
    assert school.parent_id == jy.id
    tree = client.get("/admin/agencies").text
    assert "└ " in tree and "桐庐县教育局直属学校" in tree
    cycle = client.post(
        f"/admin/agencies/{jy.id}",
        data={
            "csrf_token": token,
            "name": jy.name,
            "kind": "department",
            "parent": str(school.id),
            "guide": "",
        },
    )
    assert cycle.status_code == 400
    assert "不能把机关移到它自己或它的下级机关之下" in cycle.text
    assert _agency(client, "桐庐县教育局").parent_id == jy.parent_id


def _holiday_file(year: int = 2027) -> bytes:
    return json.dumps(
        {
            str(year): {
                "holidays": {f"{year}-01-01": "元旦", f"{year}-02-08": "春节"},
                "workdays": {f"{year}-02-20": "春节"},
            }
        },
        ensure_ascii=False,
    ).encode()


def test_holiday_upload_loads_a_year_and_a_broken_file_changes_nothing(
    client: TestClient,
) -> None:
    token = sign_in(client, "admin")
    page = client.get("/admin/holidays")
    assert page.status_code == 200 and "2004—2026" in page.text
    broken = client.post(
        "/admin/holidays",
        data={"csrf_token": token},
        files={
            "file": ("2027.json", b'{"2027": {"holidays": ["2027-13-01"]}}', "application/json")
        },
    )
    assert broken.status_code == 400
    assert "无效日期：2027-13-01" in broken.text
    with _db(client) as s:
        assert s.scalar(select(HolidayYear).where(HolidayYear.year == 2027)) is None
    loaded = client.post(
        "/admin/holidays",
        data={"csrf_token": token},
        files={"file": ("节假日2027.json", _holiday_file(), "application/json")},
    )
    assert loaded.status_code == 200
    assert "已载入 2027 年节假日安排" in loaded.text
    with _db(client) as s:
        row = s.get(HolidayYear, 2027)
        assert row is not None and "2027-02-20" in row.data["workdays"]
    assert "管理员载入" in client.get("/admin/holidays").text
    client.cookies.clear()
    other = sign_in(client, "jy_gl")
    assert client.get("/admin/holidays").status_code == 403
    refused = client.post(
        "/admin/holidays",
        data={"csrf_token": other},
        files={"file": ("2028.json", _holiday_file(2028), "application/json")},
    )
    assert refused.status_code == 403


def test_letter_template_edit_preview_and_reset(client: TestClient) -> None:
    token = sign_in(client, "jy_gl")
    jy = _agency(client, "桐庐县教育局")
    listing = client.get("/admin/letters")
    assert listing.status_code == 200 and "受理回执" in listing.text
    page = client.get("/admin/letters/acceptance")
    assert "reply_due" in page.text and "默认模板" in page.text
    body = "受理通知\n\n{{ applicant }}：\n\n本局已于{{ received_on }}收到您的申请。"
    preview = client.post(
        f"/admin/letters/acceptance?agency={jy.id}",
        data={"csrf_token": token, "body": body, "op": "preview"},
    )
    assert preview.status_code == 200 and "本局已于2025年9月22日收到您的申请。" in preview.text
    bad = client.post(
        f"/admin/letters/acceptance?agency={jy.id}",
        data={"csrf_token": token, "body": "标题\n\n{{ nope }}", "op": "save"},
    )
    assert bad.status_code == 400 and "未知的变量“nope”" in bad.text
    saved = client.post(
        f"/admin/letters/acceptance?agency={jy.id}",
        data={"csrf_token": token, "body": body, "op": "save"},
    )
    assert saved.status_code == 303
    with _db(client) as s:
        row = s.scalar(select(LetterTemplate).where(LetterTemplate.agency_id == jy.id))
        assert row is not None and row.archived_at is None and "收到您的申请" in row.body
    shown = client.get(f"/admin/letters/acceptance?agency={jy.id}")
    assert "本机关自定义模板" in shown.text
    version = re.search(r'name="expected_version" value="(\d+)"', shown.text)
    assert version is not None
    reset = client.post(
        f"/admin/letters/acceptance?agency={jy.id}",
        data={"csrf_token": token, "body": "", "op": "reset", "expected_version": version.group(1)},
    )
    assert reset.status_code == 303
    assert "默认模板" in client.get(reset.headers["location"]).text
    mz = _agency(client, "桐庐县民政局")
    assert client.get(f"/admin/letters?agency={mz.id}").status_code == 403
    assert client.get("/admin/letters/unknown").status_code == 404


def test_the_audit_log_shows_the_change_with_its_actor_within_scope(client: TestClient) -> None:
    token = sign_in(client, "jy_gl")
    clerk = _user(client, "jy_jb")
    client.post(
        f"/admin/users/{clerk.id}",
        data={"csrf_token": token, "name": "王<经办>", "role": "clerk"},
    )
    log = client.get("/admin/audit?entity=user")
    assert log.status_code == 200
    assert "桐庐县教育局管理员（jy_gl）" in log.text
    assert "王&lt;经办&gt;" in log.text and "<del>桐庐县教育局经办人</del>" in log.text
    by_actor = client.get("/admin/audit?actor=jy_gl&since=2000-01-01&until=2099-12-31")
    assert "王&lt;经办&gt;" in by_actor.text
    assert client.get("/admin/audit?since=2026-13-01").status_code == 400
    # Another agency's admin does not see it; the system administrator does.
    client.cookies.clear()
    sign_in(client, "mz_gl")
    assert "王&lt;经办&gt;" not in client.get("/admin/audit").text
    with _db(client) as s:
        count = len(s.scalars(select(AuditEntry)).all())
    client.cookies.clear()
    sign_in(client, "admin")
    everything = client.get("/admin/audit")
    assert "王&lt;经办&gt;" in everything.text
    if count > 50:
        older = re.search(r'href="(/admin/audit\?before=\d+)"', everything.text)
        assert older is not None
        assert client.get(older.group(1)).status_code == 200


@pytest.mark.parametrize("login", ["admin", "jy_gl"])
def test_admin_index_lists_the_sections(client: TestClient, login: str) -> None:
    sign_in(client, login)
    page = client.get("/admin")
    assert page.status_code == 200
    assert "审计日志" in page.text
    assert ("节假日安排" in page.text) is (login == "admin")


def test_the_system_admin_sees_every_agency_and_the_system_wide_templates(
    client: TestClient,
) -> None:
    sign_in(client, "admin")
    mz = _agency(client, "桐庐县民政局")
    everyone = client.get("/admin/users").text
    assert "mz_jb" in everyone and "jy_jb" in everyone and "gkb" in everyone
    only_mz = client.get(f"/admin/users?agency={mz.id}").text
    assert "mz_gl" in only_mz and "jy_jb" not in only_mz
    assert "政务公开办查看人" in client.get("/admin/users/new").text
    assert client.get("/admin/agencies/new").status_code == 200
    system_wide = client.get("/admin/letters")
    assert system_wide.status_code == 200 and "文书模板：全系统" in system_wide.text
    assert "全系统" in client.get("/admin/letters/reply").text
    assert "桐庐县民政局" in client.get(f"/admin/letters/reply?agency={mz.id}").text
    assert client.get(f"/admin/users/{_user(client, 'mz_jb').id}").status_code == 200


def test_the_audit_log_follows_the_record_not_the_actor(client: TestClient) -> None:
    """A clerk who moves to another agency takes no history along: the log of 教育局's records
    stays with 教育局's administrator."""
    from datetime import datetime

    from sqlalchemy import select

    from gongkai.workbench import applications
    from gongkai.workbench.applications import Applicant, NewApplication
    from gongkai.workbench.orm import Agency, User
    from gongkai.workbench.store import session_factory, transaction
    from tests.web.conftest import NOW

    factory = session_factory(client.app.state.engine)  # type: ignore[attr-defined]
    with transaction(factory) as session:
        clerk = session.scalars(select(User).where(User.login == "jy_jb")).one()
        applications.register(
            session,
            clerk.id,
            clerk.agency_id,
            NewApplication(
                applicant=Applicant(type="natural_person", name="审计测试甲"),
                channel="in_person",
                arrived_at=datetime(2026, 11, 20, 9, 0, tzinfo=NOW.tzinfo),
                content="审计测试内容",
            ),
            now=NOW,
        )
        clerk.agency_id = session.scalars(
            select(Agency.id).where(Agency.name == "桐庐县民政局")
        ).one()
    sign_in(client, "mz_gl")
    assert "审计测试甲" not in client.get("/admin/audit").text
    client.cookies.clear()
    sign_in(client, "jy_gl")
    assert "审计测试甲" in client.get("/admin/audit").text
