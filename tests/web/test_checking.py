"""年报检查: upload a report file, see the findings and the flagged cells; bad files get Chinese 400s."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import sign_in

CLEAN = "001_7e39dacb3fc4a107.txt"  # 新华区工业和信息化局 2023, no failed rule
FLAWED = "000_405b3600a5967464.txt"  # 梓潼县工业和信息化局 2023, three errors
NEW_ROW = "一、本年新收政府信息公开申请数量\t\t0\t0"


def wrong_number(samples_dir: Path) -> bytes:
    """The clean sample with 3 applications from natural persons and the total left at 0."""
    text = (samples_dir / CLEAN).read_text(encoding="utf-8")
    assert NEW_ROW in text
    return text.replace(NEW_ROW, "一、本年新收政府信息公开申请数量\t\t3\t0", 1).encode("utf-8")


def upload(client: TestClient, token: str, name: str, data: bytes) -> str:
    response = client.post(
        "/check", data={"csrf_token": token}, files={"file": (name, data, "text/plain")}
    )
    assert response.status_code == 200, response.text
    return response.text


def test_the_form_accepts_the_report_formats(client: TestClient) -> None:
    sign_in(client, "jy_jb")
    page = client.get("/check").text
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".txt,.md,.html,.htm,.docx,.doc,.wps,.rtf,.pdf"' in page
    assert '<label for="report-file">' in page


def test_a_changed_number_is_flagged_in_its_cell(client: TestClient, samples_dir: Path) -> None:
    token = sign_in(client, "jy_jb")
    page = upload(client, token, "新华区2023年报.txt", wrong_number(samples_dir))
    assert "新华区工业和信息化局" in page and "2023年" in page
    new_total = re.search(r'<td id="cell-applications-new-6" class="num flagged"[^>]*>0</td>', page)
    assert new_total, "the 本年新收 总计 cell is not flagged"
    described = re.search(r'aria-describedby="([^"]+)"', new_total.group(0))
    assert described
    first = described.group(1).split()[0]
    assert f'id="{first}"' in page
    assert "R10" in page or "R11" in page
    assert 'href="#cell-applications-new-6"' in page
    assert re.search(r"第 \d+ 行", page)  # where the cell was printed in the source


def test_a_clean_sample_has_no_flagged_cells(client: TestClient, samples_dir: Path) -> None:
    token = sign_in(client, "jy_jb")
    page = upload(client, token, CLEAN, (samples_dir / CLEAN).read_bytes())
    assert "错误 0 项" in page
    assert "flagged" not in page


def test_a_sample_with_findings(client: TestClient, samples_dir: Path) -> None:
    token = sign_in(client, "jy_jb")
    page = upload(client, token, FLAWED, (samples_dir / FLAWED).read_bytes())
    assert "梓潼县工业和信息化局" in page
    assert "错误 3 项" in page
    assert "td" in page and "num flagged" in page
    assert "RD01" in page  # the reader's own note, with its place
    assert "读取时的说明" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("报告.exe", b"MZ\x00\x00", "不支持的文件类型"),
        ("报告.pdf", b"%PDF-1.4 broken", ""),
        ("报告.txt", b"", "是空的"),
        ("报告.txt", "今天天气很好。".encode(), ""),
    ],
)
def test_unreadable_uploads_are_refused_in_chinese(
    client: TestClient, name: str, data: bytes, message: str
) -> None:
    token = sign_in(client, "jy_jb")
    response = client.post(
        "/check", data={"csrf_token": token}, files={"file": (name, data, "text/plain")}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert message in response.text
    assert "Traceback" not in response.text


def test_checking_needs_sign_in_and_csrf(client: TestClient, samples_dir: Path) -> None:
    assert client.get("/check").status_code == 303
    sign_in(client, "jy_jb")
    response = client.post("/check", files={"file": (CLEAN, b"x", "text/plain")})
    assert response.status_code == 403


def test_api_check_gives_findings_with_places(client: TestClient, samples_dir: Path) -> None:
    token = sign_in(client, "jy_jb")
    response = client.post(
        "/api/check",
        headers={"x-csrf-token": token},
        files={"file": ("wrong.txt", wrong_number(samples_dir), "text/plain")},
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["report"]["agency"] == "新华区工业和信息化局"
    assert data["report"]["applications"]["new"][0] == 3
    assert data["summary"]["error"] >= 1
    cells = [e for f in data["findings"] for e in f["evidence"]]
    assert any(e["path"] == "applications.new[6]" and "line" in e.get("place", {}) for e in cells)
    bad = client.post(
        "/api/check",
        headers={"x-csrf-token": token},
        files={"file": ("x.pdf", b"%PDF-1.4 junk", "application/pdf")},
    )
    assert bad.status_code == 400 and bad.json()["error"]
