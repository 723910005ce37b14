"""The HTML front end: our own pages, Word and LibreOffice exports, portal pages with chrome,
flattened tables and hostile input all read back to the report they were made from."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.errors import InputError, NotAReportError
from gongkai.readers import read_bytes, read_report
from gongkai.readers.html import MAX_TABLE_ROWS, parse_html
from gongkai.renderers.annual import build
from gongkai.renderers.docx import to_docx
from gongkai.report import codec
from gongkai.report.model import AnnualReport
from tests.builders import make_report, make_report_2019
from tests.conftest import SAMPLES
from tests.readers import html_fixtures as pages
from tests.strategies import canonical, reports

TEXT_SAMPLES = sorted(SAMPLES.glob("*.txt"))
WRITERS = {
    "rendered": pages.rendered,
    "portal": pages.portal,
    "word": pages.word,
    "layout": pages.layout_wrapped,
}


def read_html(data: bytes, name: str = "report.html") -> AnnualReport:
    return read_bytes(data, name).report


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("path", TEXT_SAMPLES, ids=lambda p: p.stem[:3])
def test_sample_pages_read_back_as_the_text_reads(path: Path, writer: str) -> None:
    expected = read_report(path).report
    assert canonical(read_html(WRITERS[writer](expected))) == canonical(expected)


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("report", [make_report(), make_report_2019()], ids=["2021", "2019"])
def test_both_templates_read_back(report: AnnualReport, writer: str) -> None:
    assert canonical(read_html(WRITERS[writer](report))) == canonical(report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_rendered_page_reads_back_to_the_same_report(report: AnnualReport) -> None:
    assert canonical(read_html(pages.rendered(report))) == canonical(report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_portal_page_in_gb2312_reads_back_to_the_same_report(report: AnnualReport) -> None:
    assert canonical(read_html(pages.portal(report))) == canonical(report)


# ------------------------------------------------------------------ portal chrome


def test_portal_chrome_is_left_out_and_the_report_starts_at_its_title() -> None:
    report = make_report()
    doc = parse_html(pages.portal(report), "portal.html")
    text = "\n".join(line.text for line in doc.lines)
    assert doc.lines[0].text == "绵阳市生态环境局2023年政府信息公开工作年度报告"
    for chrome in ("当前位置", "相关链接", "2022年政府信息公开工作年度报告", "网站标识码", "ICP"):
        assert chrome not in text
    for chrome in (
        "打印本页",
        "关闭窗口",
        "var nav",
        "正文开始",
        "搜索",
        "首页",
        "浏览次数",
        "星期六",
    ):
        assert chrome not in text
    read = read_html(pages.portal(report))
    assert (read.agency, read.year) == ("绵阳市生态环境局", 2023)
    assert read.document is not None
    assert read.document.title == "绵阳市生态环境局2023年政府信息公开工作年度报告"


def test_title_from_the_page_title_when_the_body_has_none() -> None:
    page = pages.rendered(make_report()).decode()
    page = page.replace("<h1>绵阳市生态环境局2023年政府信息公开工作年度报告</h1>", "")
    page = page.replace("<title>", "<title>首页 | ")
    read = read_html(page.encode())
    assert (read.agency, read.year) == ("绵阳市生态环境局", 2023)


# ------------------------------------------------------------------ cells and grid


def test_nested_inline_tags_and_spaces_in_cells() -> None:
    page = """<table>
<tr><td>名称</td><td>数量</td><td>合计</td></tr>
<tr><td>&nbsp;行政\u3000 许可 </td><td><span><font>1</font></span><span>2</span></td>
<td><b>3</b><o:p></o:p></td></tr></table>"""
    doc = parse_html(page.encode(), "t.html")
    assert doc.lines[1].cells == ("行政 许可", "12", "3")
    assert doc.lines[1].blanks_reliable


def test_a_wrapped_label_over_two_paragraphs_or_a_br_reads_whole() -> None:
    label = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    page = (
        "<table><tr><td><p>（二）部分公开（区分处理的，只计这一情形，</p><p>不计其他情形）</p>"
        "</td><td>1</td></tr><tr><td>（二）部分公开（区分处理的，<br>只计这一情形，不计其他情形）"
        "</td><td>2</td></tr><tr><td><p>第 1</p><p>2 项</p></td><td>3</td></tr></table>"
    )
    doc = parse_html(page.encode(), "t.html")
    assert [line.cells[0] for line in doc.lines] == [label, label, "第 1 2 项"]


def test_merged_cells_are_read_once_and_every_cell_has_its_place() -> None:
    page = """<p>说明</p><table>
<tr><td rowspan="2" colspan="2">项目</td><td colspan="2">申请人</td></tr>
<tr><td>自然人</td><td>法人</td></tr>
<tr><td rowspan="2">结果</td><td>公开</td><td>1</td><td>2</td></tr>
<tr><td>不公开</td><td>3</td><td></td></tr></table><p>结尾</p>"""
    doc = parse_html(page.encode(), "t.html")
    assert [line.cells for line in doc.lines] == [
        ("说明",),
        ("项目", "申请人"),
        ("", "自然人", "法人"),
        ("结果", "公开", "1", "2"),
        ("", "不公开", "3", ""),
        ("结尾",),
    ]
    places = [
        [doc.place(line.source._replace(cell=i)) for i in range(len(line.cells))]
        for line in doc.lines
    ]
    assert places[0] == [{"paragraph": 1}]
    assert places[2][0] == {"table": 1, "row": 1, "cell": 1}  # covered: the merged cell's place
    assert places[2][2] == {"table": 1, "row": 2, "cell": 4}
    assert places[4] == [
        {"table": 1, "row": 3, "cell": 1},
        {"table": 1, "row": 4, "cell": 2},
        {"table": 1, "row": 4, "cell": 3},
        {"table": 1, "row": 4, "cell": 4},
    ]
    assert places[5] == [{"paragraph": 2}]
    assert [line.source.line for line in doc.lines] == [1, 2, 3, 4, 5, 6]


def test_provenance_points_at_the_printed_cells() -> None:
    report = make_report()
    data = codec.to_dict(read_bytes(pages.portal(report), "portal.html").report)
    provenance = data["extra"]["provenance"]
    # tables count from the report's first (the page's date table is chrome): 1 is table 二,
    # 2 is table 三, 3 is table 四; table 三 has three header rows and three label columns, so
    # 本年新收 / 自然人 is row 4, column 4
    assert provenance["applications.new[0]"] == {"table": 2, "row": 4, "cell": 4}
    assert provenance["applications.new[6]"] == {"table": 2, "row": 4, "cell": 10}
    assert provenance["applications.carried_forward[6]"] == {"table": 2, "row": 28, "cell": 10}
    assert provenance["reviews.reconsideration.total"] == {"table": 3, "row": 4, "cell": 5}


# ------------------------------------------------------------------ Word and LibreOffice


@pytest.fixture(scope="session")
def libreoffice_pages(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[AnnualReport, bytes]]:
    """Our DOCX saved as HTML by LibreOffice (one conversion per report, own profile each)."""
    out: dict[str, tuple[AnnualReport, bytes]] = {}
    for key, report in {"2021": make_report(), "2019": make_report_2019()}.items():
        folder = tmp_path_factory.mktemp(f"lo_{key}")
        docx = folder / "report.docx"
        docx.write_bytes(to_docx(build(report)))
        profile = (folder / "profile").as_uri()
        command = ["soffice", f"-env:UserInstallation={profile}", "--headless"]
        command += ["--convert-to", "html", "--outdir", str(folder), str(docx)]
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=120,
            check=False,
        )
        html = folder / "report.html"
        assert done.returncode == 0 and html.exists(), done.stderr
        out[key] = (report, html.read_bytes())
    return out


@pytest.mark.parametrize("key", ["2021", "2019"])
def test_libreoffice_html_of_our_docx_reads_back(
    libreoffice_pages: dict[str, tuple[AnnualReport, bytes]], key: str
) -> None:
    report, data = libreoffice_pages[key]
    assert b"LibreOffice" in data and b"<table" in data
    assert canonical(read_html(data)) == canonical(report)
    text = "\n".join(line.text for line in parse_html(data, "lo.html").lines)
    assert "— 1 —" not in text  # the page-number footer is page chrome


def test_word_markup_is_gb2312_with_mso_classes() -> None:
    data = pages.word(make_report())
    assert b"charset=gb2312" in data and b"<o:p>" in data and b"MsoNormal" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert canonical(read_html(data)) == canonical(make_report())


# ------------------------------------------------------------------ flattened tables


@pytest.mark.parametrize("report", [make_report(), make_report_2019()], ids=["2021", "2019"])
def test_flattened_tables_with_spaces_read_back(report: AnnualReport) -> None:
    assert canonical(read_html(pages.flattened(report, " "))) == canonical(report)


def test_flattened_tables_with_glued_digits() -> None:
    """Run-together digits of tables 三 and 四 are cut by the table identities; table 二 has
    none, so an ambiguous run stays null with a finding (never a guess)."""
    report = make_report()
    data = pages.flattened(report)
    assert "一、本年新收政府信息公开申请数量2161113" in data.decode()
    result = read_bytes(data, "flat.html")
    got, want = canonical(result.report), canonical(report)
    assert got["applications"] == want["applications"]
    assert got["reviews"] == want["reviews"]
    assert got["proactive"]["normative_documents"] == dict.fromkeys(
        want_keys := ("issued", "abolished", "in_force")
    )
    for key, value in got["proactive"].items():  # the rest read as printed
        if key != "normative_documents":
            assert value == want["proactive"][key]
    assert set(want["proactive"]["normative_documents"]) == set(want_keys)
    assert "RD03" in {f.rule for f in result.findings}


# ------------------------------------------------------------------ decoding


def test_encodings_declared_sniffed_and_wrongly_declared() -> None:
    page = pages.rendered(make_report()).decode()
    title = "绵阳市生态环境局2023年政府信息公开工作年度报告"
    variants = {
        "gbk meta": page.replace('charset="utf-8"', 'charset="GBK"').encode("gbk"),
        "no declaration, gb18030": page.replace('<meta charset="utf-8">', "").encode("gb18030"),
        "declared utf-8, gbk bytes": page.encode("gbk"),
        "declared gb2312, utf-8 bytes": page.replace('"utf-8"', '"gb2312"').encode(),
        "bom": b"\xef\xbb\xbf" + page.encode(),
        "xml declaration": ('<?xml version="1.0" encoding="utf-8"?>\n' + page).encode(),
    }
    for label, data in variants.items():
        assert parse_html(data, "p.html").lines[0].text == title, label


# ------------------------------------------------------------------ hostile input


def test_empty_file() -> None:
    for data in (b"", b"  \n\t"):
        with pytest.raises(InputError) as err:
            read_bytes(data, "empty.html")
        assert "文件为空" in err.value.message and err.value.hint


def test_binary_junk_named_html() -> None:
    junk = bytes(range(256)) * 40
    with pytest.raises(InputError) as err:
        read_bytes(junk, "junk.html")
    assert "不是网页文件" in err.value.message and "html" in err.value.hint


def test_markup_without_text() -> None:
    with pytest.raises(InputError) as err:
        read_bytes(b"<html><head><title></title></head><body><br></body></html>", "blank.html")
    assert "没有可读的文字" in err.value.message


def test_a_page_without_a_report() -> None:
    page = "<html><body><div class='nav'><a href='/'>首页</a></div><p>欢迎访问本网站。</p></body></html>"
    with pytest.raises(NotAReportError):
        read_bytes(page.encode(), "news.html")


def test_ten_thousand_table_rows_are_refused() -> None:
    with pytest.raises(InputError) as err:
        read_bytes(pages.big_table(10_000), "big.html")
    assert "表格过大" in err.value.message and "10000 行" in err.value.message
    assert str(MAX_TABLE_ROWS) in err.value.hint


def test_too_many_cells_in_fewer_rows_are_refused() -> None:
    row = "<tr>" + "<td>1</td>" * 100 + "</tr>"
    page = f"<table>{row * 2500}</table>".encode()
    with pytest.raises(InputError) as err:
        read_bytes(page, "wide.html")
    assert "单元格" in err.value.message


def test_cells_reaching_down_many_rows_count_as_cells() -> None:
    """Each row's one cell spans all rows below: the grid grows by a slot per row (quadratic)."""
    page = "<table>" + '<tr><td colspan="1000" rowspan="65534">x</td></tr>' * 2999 + "</table>"
    with pytest.raises(InputError) as err:
        read_bytes(page.encode(), "spans.html")
    assert "单元格" in err.value.message


def test_deep_nesting_is_refused_not_half_read() -> None:
    with pytest.raises(InputError) as err:
        read_bytes(pages.deep(10_000), "deep.html")
    assert "嵌套过深" in err.value.message and err.value.hint


def test_nesting_within_the_parser_limit_reads() -> None:
    page = pages.rendered(make_report()).decode()
    page = page.replace("<main>", "<main>" + "<div>" * 200).replace(
        "</main>", "</div>" * 200 + "</main>"
    )
    assert canonical(read_html(page.encode())) == canonical(make_report())


def test_malformed_markup_is_recovered() -> None:
    page = pages.rendered(make_report()).decode()
    page = page.replace("</p>", "").replace("</td>", "").replace("</tr>", "")
    page = page.replace("</h2>", "</h3>", 2) + "<div><span></p></table>"
    assert canonical(read_html(page.encode())) == canonical(make_report())
