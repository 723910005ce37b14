"""督导 on the demo county with its region (`make run`'s data): 指标比较, 汇总, 年报与登记核对,
the drill-down to the cells, the board's pages and every Excel export.

What the demo holds for 2025 (workbench/demo_oversight.py): 人民政府, 自然资源和规划局 and
市场监督管理局 published (the last late), 民政局 accepted, 富春江镇 submitted, 教育局 nothing;
five townships' files uploaded (横村镇 late, 百江镇 unbalanced), 城南街道 none; 自然资源和规划局
registered one more application after publishing.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from gongkai.report import codec
from gongkai.web.pages.oversight import board
from tests.web.conftest import sign_in

YEAR = 2025
ZR, BJ, MZ = "桐庐县自然资源和规划局", "桐庐县百江镇人民政府", "桐庐县民政局"
WITHOUT = {"桐庐县教育局", "桐庐县城南街道办事处"}


@pytest.fixture
def office(oversight_client: TestClient) -> TestClient:
    sign_in(oversight_client, "gkb")
    return oversight_client


def agency_id(client: TestClient, name: str) -> int:
    page = client.get("/oversight/compare", params={"year": YEAR}).text
    found = re.search(rf'href="/oversight/findings/(\d+)/{YEAR}">{name}</a>', page)
    assert found, f"{name} is not on the comparison page"
    return int(found.group(1))


def sheet_rows(body: bytes, sheet: str) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(body))
    return [tuple(r) for r in book[sheet].iter_rows(values_only=True)]


def agency_rows(body: bytes) -> dict[object, tuple[object, ...]]:
    """The 指标 sheet's agency rows (the quartiles follow after a blank row), by agency."""
    rows = sheet_rows(body, "指标")
    end = next(i for i, r in enumerate(rows) if not any(r))
    return {r[1]: r for r in rows[1:end]}


def test_the_comparison_ranks_every_held_report_as_its_workbook_says(office: TestClient) -> None:
    page = office.get("/oversight/compare", params={"year": YEAR, "indicator": "applications"})
    assert page.status_code == 200
    assert page.text.count('role="img"') == 3  # two box plots and the ranking
    assert "中位数" in page.text and "共 10 个机关的年报" in page.text
    shown = re.findall(rf'href="/oversight/findings/\d+/{YEAR}">([^<]+)</a>', page.text)
    workbook = office.get("/oversight/compare.xlsx", params={"year": YEAR})
    assert workbook.status_code == 200
    assert "filename*=UTF-8''" in workbook.headers["content-disposition"]
    col = sheet_rows(workbook.content, "指标")[0].index("本年新收申请（件）")
    by_agency = {a: r[col] for a, r in agency_rows(workbook.content).items()}
    assert set(shown) == set(by_agency) and len(shown) == 10
    values = [by_agency[a] for a in shown]
    assert values == sorted(values, reverse=True)  # the page ranks the largest first
    without = {r[0] for r in sheet_rows(workbook.content, "无年报的机关")[1:]}
    assert without == WITHOUT
    for name in WITHOUT:
        assert name in page.text.split("尚无2025年度年报的机关", 1)[1]


def test_the_highlighted_agency_stands_out_and_bad_choices_are_explained(
    office: TestClient,
) -> None:
    page = office.get("/oversight/compare", params={"year": YEAR, "agency": MZ}).text
    assert '<tr class="highlight">' in page and "突出显示：桐庐县民政局" in page
    bad = office.get("/oversight/compare", params={"indicator": "nonsense"})
    assert bad.status_code == 400 and "没有名为“nonsense”的指标" in bad.text
    assert office.get("/oversight/compare", params={"year": 1900}).status_code == 422
    empty = office.get("/oversight/compare", params={"year": 2019})
    assert empty.status_code == 200 and "尚无所辖机关2019年度的年报" in empty.text


def test_the_totals_add_up_the_members_and_name_the_unbalanced_one(office: TestClient) -> None:
    page = office.get("/oversight/totals", params={"year": YEAR})
    assert page.status_code == 200
    assert "桐庐县（汇总）（2025 年度）" in page.text
    failing = page.text.split("<h2>不平衡的成员</h2>", 1)[1].split("</ul>", 1)[0]
    assert BJ in failing and ZR not in failing
    assert "R50" in page.text and "R52" in page.text  # 2024 had 教育局 and 城南街道 too
    sent = office.get("/oversight/totals/download", params={"year": YEAR, "format": "json"})
    total = codec.from_dict(json.loads(sent.content))
    assert total.agency == "桐庐县（汇总）" and total.applications is not None
    book = office.get("/oversight/compare.xlsx", params={"year": YEAR}).content
    col = sheet_rows(book, "指标")[0].index("本年新收申请（件）")
    members = [r[col] for r in agency_rows(book).values()]
    assert len(members) == 10
    assert total.applications["new"][-1] == sum(members)  # type: ignore[arg-type]
    word = office.get("/oversight/totals/download", params={"year": YEAR, "format": "docx"})
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "桐庐县（汇总）2025年政府信息公开工作年度报告" in text
    pdf = office.get("/oversight/totals/download", params={"year": YEAR, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    excel = office.get("/oversight/totals/download", params={"year": YEAR, "format": "xlsx"})
    members_sheet = sheet_rows(excel.content, "成员")
    assert (BJ, "不平衡，未作修正") in members_sheet
    assert {r[0] for r in members_sheet if r[1] == "无年报，未汇总"} == WITHOUT
    bad = office.get("/oversight/totals/download", params={"year": YEAR, "format": "exe"})
    assert bad.status_code == 400 and "不支持的下载格式" in bad.text
    none = office.get("/oversight/totals/download", params={"year": 2019})
    assert none.status_code == 404 and "无法汇总" in none.text
    assert "尚无所辖机关2019年度的年报" in office.get("/oversight/totals?year=2019").text


def test_reconciliation_finds_the_application_registered_after_publishing(
    office: TestClient,
) -> None:
    page = office.get("/oversight/reconcile", params={"year": YEAR}).text
    first = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert ZR in first and "4 个单元格不一致" in first
    assert page.count('<span class="badge done">一致</span>') == 4
    assert "尚未报送2025年度年报的机关（1 个）：桐庐县教育局" in page
    zr = agency_id(office, ZR)
    detail = office.get(f"/oversight/reconcile/{zr}/{YEAR}").text
    assert "4 个单元格与登记数据不一致" in detail
    assert detail.count(">-1</td>") == 4  # one application fewer in 新收 and 结转下年度
    off_workbench = office.get(f"/oversight/reconcile/{agency_id(office, BJ)}/{YEAR}")
    assert off_workbench.status_code == 404 and "未在工作台办理申请" in off_workbench.text
    rows = sheet_rows(office.get("/oversight/reconcile.xlsx?year=2025").content, "不一致的单元格")
    assert [(r[0], r[-1]) for r in rows[1:]] == [(ZR, -1)] * 4


def test_a_finding_drills_down_to_the_flagged_cells(office: TestClient) -> None:
    bj = agency_id(office, BJ)
    listed = office.get("/oversight/findings", params={"year": YEAR, "rule": "R10"}).text
    assert f'href="/oversight/findings/{bj}/{YEAR}">在表格中查看</a>' in listed
    page = office.get(f"/oversight/findings/{bj}/{YEAR}")
    assert page.status_code == 200 and "年报文件 桐庐县百江镇人民政府2025年度报告.txt" in page.text
    flagged = re.findall(r'<td id="([^"]+)" class="num flagged"', page.text)
    assert any("new" in f for f in flagged)  # R10: 本年新收 of the 自然人 column
    links = re.findall(r'<a href="#([^"]+)">', page.text)
    assert set(flagged) & set(links)  # the finding links to the cell it names
    assert "与登记数据核对" not in page.text  # a township off the workbench: nothing to reconcile
    zr_page = office.get(f"/oversight/findings/{agency_id(office, ZR)}/{YEAR}").text
    assert "与登记数据核对" in zr_page
    assert office.get(f"/oversight/findings/{bj}/2019").status_code == 404
    assert office.get(f"/oversight/findings/999999/{YEAR}").status_code == 404
    excel = office.get("/oversight/findings.xlsx", params={"year": YEAR, "rule": "R10"})
    rows = sheet_rows(excel.content, "检查发现")
    assert {r[0] for r in rows[1:]} == {BJ} and rows[1][-2] == "未处理"


def test_the_board_pages_searches_and_exports(
    office: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board, "PAGE_SIZE", 5)
    first = office.get("/oversight", params={"year": YEAR}).text
    assert "第 1/3 页" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = office.get("/oversight", params={"year": YEAR, "page": 99}).text  # clamped
    assert "第 3/3 页" in last and 'rel="prev"' in last
    names = re.compile(r'<th scope="row">([^<]+)</th>')
    assert not set(names.findall(first)) & set(names.findall(last))
    towns = office.get("/oversight", params={"year": YEAR, "q": "镇"}).text
    assert set(names.findall(towns)) == {
        "桐庐县富春江镇人民政府", "桐庐县分水镇人民政府", "桐庐县横村镇人民政府",
        "桐庐县百江镇人民政府", "桐庐县瑶琳镇人民政府",
    }  # fmt: skip
    rows = sheet_rows(
        office.get("/oversight/board.xlsx", params={"year": YEAR}).content, "报送情况"
    )
    assert len(rows) == 1 + 12  # every agency below the office, not one page
    late = {r[0]: r[-1] for r in rows[1:]}
    assert (
        late["桐庐县横村镇人民政府"].startswith("逾期")
        and late["桐庐县市场监督管理局"] == "逾期 46 天公开"
    )
    book = load_workbook(io.BytesIO(office.get("/oversight/board.xlsx?year=2025&late=1").content))
    late_rows = list(book["报送情况"].iter_rows(min_row=2))
    assert len(late_rows) == sum(1 for r in rows[1:] if str(r[-1]).startswith("逾期")) > 1
    assert all(str(r[6].value).startswith("逾期") for r in late_rows)
    sheet = load_workbook(io.BytesIO(office.get("/oversight/board.xlsx?year=2025").content))[
        "报送情况"
    ]
    for line in sheet.iter_rows(min_row=2):
        shaded = {cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type else "" for cell in line}
        assert shaded == ({"F8D7DA"} if str(line[6].value).startswith("逾期") else {""})
        assert line[4].number_format == "yyyy-mm-dd"  # the deadline, a date Excel can sort


@pytest.mark.parametrize(
    "path",
    [
        "/oversight/compare", "/oversight/compare.xlsx", "/oversight/totals",
        "/oversight/totals/download", "/oversight/reconcile", "/oversight/reconcile.xlsx",
        "/oversight/board.xlsx", "/oversight/findings.xlsx", "/oversight/findings/2/2025",
        "/oversight/reconcile/2/2025",
    ],
)  # fmt: skip
def test_agency_staff_are_refused(oversight_client: TestClient, path: str) -> None:
    sign_in(oversight_client, "zr_jb")
    answer = oversight_client.get(path)
    assert answer.status_code == 403
