"""督导 · 报送情况: every supervised agency's state for a year, deadlines, lateness, scope."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.db.engine import make_engine
from gongkai.renderers import render_report
from gongkai.workbench import annual_reports
from gongkai.workbench.demo import OFFICE
from gongkai.workbench.orm import Agency, User
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


def test_a_draft_defers_to_an_uploaded_file_and_a_file_without_date_is_not_judged(
    demo_url: str, client: TestClient
) -> None:
    engine = make_engine(demo_url)
    with Session(engine) as session, session.begin():  # 教育局 starts its 2025 report
        clerk = session.scalars(select(User).where(User.login == "jy_jb")).one()
        agency = session.scalars(select(Agency).where(Agency.name == "桐庐县教育局")).one()
        annual_reports.save_narrative(
            session, clerk.id, agency.id, 2025, {}, expected_version=0,
            now=datetime(2026, 11, 20, 2, tzinfo=UTC),
        )  # fmt: skip
    engine.dispose()
    token = sign_in(client, "gkb")
    undated = dataclasses.replace(document("桐庐县民政局", 2025), published=None)
    files = [
        (
            "jy.txt",
            make_report(agency="桐庐县教育局", year=2025, document=document("桐庐县教育局", 2025)),
        ),
        ("mz.txt", make_report(agency="桐庐县民政局", year=2025, document=undated)),
    ]
    for name, report in files:
        client.post(
            "/oversight/files",
            data={"csrf_token": token},
            files=[("files", (name, render_report(report, "txt"), "text/plain"))],
        )
    page = client.get("/oversight", params={"year": 2025}).text
    education = row_of(page, "桐庐县教育局")  # its draft is not the report; the file is
    assert "已公开" in education and "年报文件" in education and "按时公开" in education
    undated_row = row_of(page, "桐庐县民政局")
    assert (
        "已公开" in undated_row and "公开日期不详" in undated_row and "overdue" not in undated_row
    )
    assert f'<th scope="row">{OFFICE}</th>' not in page  # the office reports with its government
    assert (
        "只看逾期" in page
        and "桐庐县民政局</th>" in client.get("/oversight", params={"year": 2025, "late": "0"}).text
    )  # late=0 is not the late-only filter


def test_only_supervising_offices_see_the_board(client: TestClient) -> None:
    sign_in(client, "jy_jb")
    assert client.get("/oversight").status_code == 403
    assert client.get("/oversight", params={"year": 99}).status_code == 422
