"""督导 · 报送情况: every supervised agency's state for a year, deadlines, lateness, scope."""

from __future__ import annotations

from fastapi.testclient import TestClient

from gongkai.renderers import render_report
from tests.builders import document, make_report
from tests.web.conftest import sign_in


def row_of(page: str, agency: str) -> str:
    return page.split(f'<th scope="row">{agency}</th>', 1)[1].split("</tr>", 1)[0]


def test_the_board_shows_every_agency_with_its_deadline_and_lateness(client: TestClient) -> None:
    token = sign_in(client, "gkb")
    report = make_report(agency="桐庐县民政局", year=2025, document=document("桐庐县民政局", 2025))
    client.post(
        "/oversight/files",
        data={"csrf_token": token},
        files=[("files", ("mz.txt", render_report(report, "txt"), "text/plain"))],
    )
    page = client.get("/oversight")  # the clock says 2026-11-23: the board of 2025
    assert page.status_code == 200
    assert "2025 年度年报报送情况" in page.text
    for agency in ("桐庐县教育局", "桐庐县人民政府", "桐庐县富春江镇人民政府"):
        assert agency in page.text
    published = row_of(page.text, "桐庐县民政局")
    assert "已公开" in published and "年报文件" in published and "按时公开" in published
    education = row_of(page.text, "桐庐县教育局")
    assert "未提交" in education and "2026年1月31日" in education and "逾期未公开" in education
    assert "2026年3月31日" in row_of(page.text, "桐庐县人民政府")  # a 县级以上人民政府's own
    late_only = client.get("/oversight", params={"late": "1"}).text
    assert "桐庐县民政局</th>" not in late_only and "桐庐县教育局</th>" in late_only
    published_only = client.get("/oversight", params={"state": "已公开"}).text
    assert "桐庐县民政局</th>" in published_only and "桐庐县教育局</th>" not in published_only
    future = client.get("/oversight", params={"year": 2026}).text
    assert "未到期限" in future and "逾期未公开" not in future


def test_only_supervising_offices_see_the_board(client: TestClient) -> None:
    sign_in(client, "jy_jb")
    assert client.get("/oversight").status_code == 403
    assert client.get("/oversight", params={"year": 99}).status_code == 422
