"""督导 · 年报文件: uploading published files (several at once), aliases, refusals."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.renderers import render_report
from gongkai.workbench.orm import AgencyAlias, PublishedFile
from tests.builders import document, make_report
from tests.web.conftest import sign_in


def report_file(agency: str, year: int = 2025) -> bytes:
    return render_report(
        make_report(agency=agency, year=year, document=document(agency, year)), "txt"
    )


def count(client: TestClient, table: type) -> int:
    with Session(client.app.state.engine) as session:  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_several_files_are_filed_and_a_bad_one_is_named_with_its_reason(client: TestClient) -> None:
    token = sign_in(client, "gkb")
    page = client.get("/oversight/files")
    assert page.status_code == 200 and "尚未上传年报文件" in page.text
    answer = client.post(
        "/oversight/files",
        data={"csrf_token": token},
        files=[
            ("files", ("jy.txt", report_file("桐庐县教育局"), "text/plain")),
            ("files", ("poem.txt", "床前明月光，疑是地上霜。".encode(), "text/plain")),
            ("files", ("mz.txt", report_file("桐庐县 民政局", 2024), "text/plain")),
        ],
    )
    assert answer.status_code == 200
    assert "已归入“桐庐县教育局” 2025 年度" in answer.text
    assert "已归入“桐庐县民政局” 2024 年度" in answer.text
    assert "poem.txt" in answer.text and "年度报告" in answer.text
    assert count(client, PublishedFile) == 2
    listing = client.get("/oversight/files").text
    assert "jy.txt" in listing and "mz.txt" in listing
    assert "2026年1月20日" in listing and "2025年1月20日" in listing  # the dates the reports print
    same = client.post(
        "/oversight/files",
        data={"csrf_token": token},
        files=[("files", ("jy-again.txt", report_file("桐庐县教育局"), "text/plain"))],
    )
    assert "与已归入“桐庐县教育局” 2025 年度的文件相同，未重复导入" in same.text
    assert count(client, PublishedFile) == 2
    newer = client.post(
        "/oversight/files",
        data={"csrf_token": token},
        files=[("files", ("jy-v2.txt", report_file("桐庐县 教育局"), "text/plain"))],
    )
    assert "此前的文件转为历史版本" in newer.text
    assert count(client, PublishedFile) == 3
    older = client.post(
        "/oversight/files",
        data={"csrf_token": token},
        files=[("files", ("jy.txt", report_file("桐庐县教育局"), "text/plain"))],
    )
    assert "后已被较新的文件替换，未再导入" in older.text  # the replaced file does not come back
    assert count(client, PublishedFile) == 3
    assert "jy-v2.txt" in client.get("/oversight/files").text


def test_a_short_name_is_placed_once_its_alias_is_registered(client: TestClient) -> None:
    token = sign_in(client, "gkb")
    short = [("files", ("short.txt", report_file("教育局"), "text/plain"))]
    refused = client.post("/oversight/files", data={"csrf_token": token}, files=short)
    assert refused.status_code == 400 and "别名表" in refused.text
    page = client.get("/oversight/files").text
    agency = page.split('">桐庐县教育局</option>')[0].rsplit('value="', 1)[1]
    added = client.post(
        "/oversight/aliases", data={"csrf_token": token, "agency": agency, "alias": "教育局"}
    )
    assert added.status_code == 303
    assert count(client, AgencyAlias) == 1
    again = client.post("/oversight/files", data={"csrf_token": token}, files=short)
    assert again.status_code == 200 and "已归入“桐庐县教育局”" in again.text
    clash = client.post(
        "/oversight/aliases", data={"csrf_token": token, "agency": agency, "alias": "桐庐县民政局"}
    )
    assert clash.status_code == 400 and "另一个机关的正式名称" in clash.text


def test_clerks_cannot_see_or_upload_and_empty_uploads_are_refused(client: TestClient) -> None:
    token = sign_in(client, "jy_jb")
    assert client.get("/oversight/files").status_code == 403
    upload = [("files", ("jy.txt", report_file("桐庐县教育局"), "text/plain"))]
    assert (
        client.post("/oversight/files", data={"csrf_token": token}, files=upload).status_code == 403
    )
    assert count(client, PublishedFile) == 0
    client.post("/logout", data={"csrf_token": token})
    token = sign_in(client, "gkb")
    empty = client.post("/oversight/files", data={"csrf_token": token})
    assert empty.status_code == 400 and "请选择要上传的年报文件" in empty.text
