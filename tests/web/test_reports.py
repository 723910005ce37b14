"""年度报告 pages and API on the demo county: live tables, narrative, workflow, files, scope."""

from __future__ import annotations

import io
import re

import docx
from fastapi.testclient import TestClient
from sqlalchemy import select

from gongkai.report import format as fmt
from gongkai.workbench import annual_reports as ar
from gongkai.workbench.applications import Applicant, NewApplication, register
from gongkai.workbench.orm import Agency, ReportDraft, ReportStatus, User
from gongkai.workbench.statistics import annual_report
from gongkai.workbench.store import transaction
from tests.web.conftest import NOW, sign_in

YEAR = 2025
PROBLEMS = "信息公开的及时性还需提高。上年问题已整改：完善了审核流程。"


def ids(client: TestClient) -> dict[str, int]:
    with client.app.state.factory() as s:  # type: ignore[attr-defined]
        agencies = {a.name: a.id for a in s.scalars(select(Agency))}
        users = {u.login: u.id for u in s.scalars(select(User))}
    return {"jy": agencies["桐庐县教育局"], "mz": agencies["桐庐县民政局"], **users}


def cell(page: str, path: str) -> str:
    anchor = "cell-" + re.sub(r"[^0-9A-Za-z_]+", "-", path).strip("-")
    found = re.search(rf'<td id="{anchor}"[^>]*>([^<]*)</td>', page)
    assert found, f"no cell {path}"
    return found.group(1)


def state(client: TestClient, agency_id: int) -> tuple[ReportStatus | None, int]:
    with client.app.state.factory() as s:  # type: ignore[attr-defined]
        row = s.scalar(
            select(ReportDraft).where(ReportDraft.agency_id == agency_id, ReportDraft.year == YEAR)
        )
        return (row.status, row.version) if row else (None, 0)


def main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def switch(client: TestClient, login: str) -> str:
    """Sign another user in (the test client keeps one cookie jar)."""
    client.cookies.clear()
    return sign_in(client, login)


def post(client: TestClient, token: str, url: str, **data: object) -> int:
    response = client.post(url, data={"csrf_token": token, **data})
    return response.status_code


def test_the_tables_are_the_register_numbers(client: TestClient) -> None:
    n = ids(client)
    sign_in(client, "jy_jb")
    page = client.get(f"/reports/{n['jy']}/{YEAR}")
    assert page.status_code == 200
    assert "桐庐县教育局2025年政府信息公开工作年度报告" in page.text
    assert "<caption>三、收到和处理政府信息公开申请情况</caption>" in page.text
    with client.app.state.factory() as s:  # type: ignore[attr-defined]
        expected = annual_report(s, n["jy_jb"], n["jy"], YEAR)
    assert expected.applications is not None and expected.reviews is not None
    for key in fmt.application_keys(False):
        for c, value in enumerate(expected.applications[key]):
            assert cell(page.text, f"applications.{key}[{c}]") == str(value)
    for g in fmt.REVIEW_GROUPS:
        for col in fmt.REVIEW_COLUMNS:
            value = expected.reviews.cell(g.key, col.key)
            assert cell(page.text, f"reviews.{g.key}.{col.key}") == str(value)
    assert 'class="num"' in page.text
    assert '<th scope="col"' in page.text


def test_a_new_application_shows_in_the_live_table(client: TestClient) -> None:
    n = ids(client)
    sign_in(client, "jy_jb")
    url = f"/reports/{n['jy']}/2026"
    before = int(cell(client.get(url).text, "applications.new[6]"))
    new = NewApplication(Applicant("natural_person", "张三"), "当面", NOW, "2026年学区划分方案")
    with transaction(client.app.state.factory) as s:  # type: ignore[attr-defined]
        register(s, n["jy_jb"], n["jy"], new, now=NOW)
    assert int(cell(client.get(url).text, "applications.new[6]")) == before + 1


def test_narrative_save_and_a_stale_version(client: TestClient) -> None:
    n = ids(client)
    token = sign_in(client, "jy_jb")
    url = f"/reports/{n['jy']}/{YEAR}"
    assert post(client, token, f"{url}/narrative", problems="第一稿。", expected_version=0) == 303
    _, version = state(client, n["jy"])
    page = client.get(url + "?done=saved").text
    assert "正文已保存" in page and "第一稿。" in page
    assert (
        post(client, token, f"{url}/narrative", problems="第二稿。", expected_version=version)
        == 303
    )
    stale = client.post(
        f"{url}/narrative",
        data={"csrf_token": token, "problems": "我的修改。", "expected_version": version},
    )
    assert stale.status_code == 409
    assert 'role="alert"' in stale.text and "已被他人修改" in stale.text
    assert "我的修改。" in stale.text  # the user's text is kept in the form
    with client.app.state.factory() as s:  # type: ignore[attr-defined]
        row = s.scalar(select(ReportDraft).where(ReportDraft.agency_id == n["jy"]))
        assert row is not None and row.narrative["problems"] == "第二稿。"


def test_the_workflow_with_the_right_roles(client: TestClient) -> None:
    n = ids(client)
    url = f"/reports/{n['jy']}/{YEAR}"
    clerk = sign_in(client, "jy_jb")
    assert post(client, clerk, f"{url}/narrative", problems=PROBLEMS, expected_version=0) == 303
    assert post(client, clerk, f"{url}/submit", expected_version=state(client, n["jy"])[1]) == 303
    assert state(client, n["jy"])[0] is ReportStatus.SUBMITTED
    assert post(client, clerk, f"{url}/accept", expected_version=state(client, n["jy"])[1]) == 403
    submitted_page = client.get(url).text
    assert "第1版" in submitted_page and "审核通过</button>" not in submitted_page

    gkb = switch(client, "gkb")
    assert "待审核的年度报告" in client.get("/reports").text
    page = client.get(url).text
    assert (
        "审核通过</button>" in page
        and "退回修改</button>" in page
        and '<textarea id="text-problems"' not in page
    )
    v = state(client, n["jy"])[1]
    assert post(client, gkb, f"{url}/narrative", problems="改一改", expected_version=v) == 403
    refused = client.post(f"{url}/return", data={"csrf_token": gkb, "expected_version": v})
    assert refused.status_code == 400 and "修改意见" in refused.text
    assert post(client, gkb, f"{url}/return", comment="请补充数据来源。", expected_version=v) == 303
    assert state(client, n["jy"])[0] is ReportStatus.RETURNED

    clerk = switch(client, "jy_jb")
    assert "请补充数据来源。" in client.get(url).text
    assert post(client, clerk, f"{url}/submit", expected_version=state(client, n["jy"])[1]) == 303
    gkb = switch(client, "gkb")
    assert post(client, gkb, f"{url}/accept", expected_version=state(client, n["jy"])[1]) == 303
    assert post(client, gkb, f"{url}/publish", expected_version=state(client, n["jy"])[1]) == 403
    admin = switch(client, "jy_gl")
    assert post(client, admin, f"{url}/publish", expected_version=state(client, n["jy"])[1]) == 303
    assert state(client, n["jy"])[0] is ReportStatus.PUBLISHED
    history = client.get(f"/api/reports/{n['jy']}/{YEAR}/versions").json()
    assert [v["status"] for v in history] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
        "published",
    ]
    assert history[1]["comment"] == "请补充数据来源。"
    with client.app.state.factory() as s:  # type: ignore[attr-defined]
        public = ar.published(s, n["jy"], YEAR)
    assert public is not None and public.text is not None and public.text.problems == PROBLEMS


def test_a_submitted_version_stays_as_it_was(client: TestClient) -> None:
    n = ids(client)
    url = f"/reports/{n['jy']}/{YEAR}"
    clerk = sign_in(client, "jy_jb")
    post(client, clerk, f"{url}/narrative", problems=PROBLEMS, expected_version=0)
    post(client, clerk, f"{url}/submit", expected_version=state(client, n["jy"])[1])
    first = client.get(f"/api/reports/{n['jy']}/{YEAR}/versions").json()[0]
    locked = client.get(first["url"]).text
    gkb = switch(client, "gkb")
    post(
        client, gkb, f"{url}/return", comment="再改改。", expected_version=state(client, n["jy"])[1]
    )
    clerk = switch(client, "jy_jb")
    v = state(client, n["jy"])[1]
    assert (
        post(client, clerk, f"{url}/narrative", problems="全新的第五部分。", expected_version=v)
        == 303
    )
    again = client.get(first["url"]).text
    assert PROBLEMS in again and "全新的第五部分。" not in again
    assert main(again) == main(locked)
    assert "全新的第五部分。" in client.get(url).text


def test_downloads(client: TestClient) -> None:
    n = ids(client)
    sign_in(client, "jy_jb")
    url = f"/reports/{n['jy']}/{YEAR}/download"
    word = client.get(url, params={"format": "docx"})
    assert word.status_code == 200
    disposition = word.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" in disposition
    assert "%E6%A1%90%E5%BA%90%E5%8E%BF%E6%95%99%E8%82%B2%E5%B1%80" in disposition  # 桐庐县教育局
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "桐庐县教育局" in text
    pdf = client.get(url, params={"format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert client.get(url, params={"format": "exe"}).status_code == 400
    preview = client.get(f"/reports/{n['jy']}/{YEAR}/preview")
    assert preview.status_code == 200 and "一、总体情况" in preview.text
    assert "2025年，本机关共收到政府信息公开申请" in preview.text


def test_other_agencies_reports_are_refused(client: TestClient) -> None:
    n = ids(client)
    token = sign_in(client, "jy_jb")
    base = f"/reports/{n['mz']}/{YEAR}"
    for path in ("", "/preview", "/download?format=docx"):
        assert client.get(base + path).status_code in (403, 404)
    assert client.get(f"/api/reports/{n['mz']}/{YEAR}").status_code in (403, 404)
    assert client.get(f"/api/reports/{n['mz']}/{YEAR}/versions").status_code in (403, 404)
    assert post(client, token, f"{base}/narrative", problems="x", expected_version=0) == 403
    assert post(client, token, f"{base}/submit", expected_version=0) == 403
    assert state(client, n["mz"]) == (None, 0)
    assert "桐庐县民政局" not in client.get("/reports").text
    mz = switch(client, "mz_jb")
    post(client, mz, f"{base}/narrative", problems=PROBLEMS, expected_version=0)
    post(client, mz, f"{base}/submit", expected_version=state(client, n["mz"])[1])
    version_id = client.get(f"/api/reports/{n['mz']}/{YEAR}/versions").json()[0]["id"]
    switch(client, "jy_jb")
    assert client.get(f"{base}/versions/{version_id}").status_code == 403
    # a version id under another agency's path is not found either
    assert client.get(f"/reports/{n['jy']}/{YEAR}/versions/{version_id}").status_code == 404


def test_the_api_report(client: TestClient) -> None:
    n = ids(client)
    sign_in(client, "jy_jb")
    data = client.get(f"/api/reports/{n['jy']}/{YEAR}").json()
    assert data["report"]["format"] == "gongkai.annual-report/1"
    assert data["report"]["agency"] == "桐庐县教育局"
    assert data["status"] is None and isinstance(data["findings"], list)
    assert client.get(f"/api/reports/{n['jy']}/1999").status_code == 404
