"""The DOCX front end: our own DOCX, LibreOffice's, hand-edited odd structures and hostile files.

Fixtures are built here (tests/readers/docx_fixtures.py), never stored. A report read from its
rendered DOCX must equal the report the text was read to, apart from `extra`.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.table import _Cell
from hypothesis import HealthCheck, given, settings

from gongkai.errors import InputError
from gongkai.readers import read_bytes, read_report, sniff
from gongkai.readers.docx import MAX_TABLE_ROWS, parse_docx
from gongkai.renderers.annual import build, show
from gongkai.renderers.comparison import value_at
from gongkai.renderers.html import to_html
from gongkai.report import codec
from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Applications
from tests.conftest import SAMPLES
from tests.readers import docx_fixtures as fx
from tests.strategies import canonical, reports

TEXT_SAMPLES = sorted(SAMPLES.glob("*.txt"))
SAMPLE_IDS = TEXT_SAMPLES


def plain(report: AnnualReport) -> dict[str, Any]:
    data = codec.to_dict(report)
    data.pop("extra", None)
    return data


def read_docx(data: bytes, name: str = "年报.docx") -> AnnualReport:
    return read_bytes(data, name).report


@pytest.fixture(scope="module")
def sample() -> AnnualReport:
    return read_report(SAMPLES / "001_7e39dacb3fc4a107.txt").report


# ---------------------------------------------------------------- our renderer's DOCX


@pytest.mark.parametrize("path", SAMPLE_IDS, ids=lambda p: p.stem)
def test_rendered_docx_reads_back_to_the_text_reading(path: Path) -> None:
    report = read_report(path).report
    data = fx.render(report)
    assert sniff(data, "x.bin") == "docx"
    assert plain(read_docx(data)) == plain(report)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_any_report_rendered_to_docx_reads_back_to_itself(report: AnnualReport) -> None:
    assert canonical(read_docx(fx.render(report))) == canonical(report)


def test_a_blank_total_beside_a_merged_label_reads_back_blank(sample: AnnualReport) -> None:
    a = sample.applications
    assert a is not None
    rows = {k: a[k] for k in fmt.application_keys(a.undivided_other)} | {
        "disclosed": (1, 0, 0, 0, 0, 0, None)
    }
    report = dataclasses.replace(sample, applications=Applications(rows))
    back = read_docx(fx.render(report)).applications
    assert back is not None and back["disclosed"] == (1, 0, 0, 0, 0, 0, None)


def _printed(data: bytes, place: dict[str, int]) -> str:
    """The text python-docx finds at a table place (independently of our reader)."""
    table = docx.Document(io.BytesIO(data)).tables[place["table"] - 1]
    tr = table._tbl.tr_lst[place["row"] - 1]
    at = 0
    for tc in tr.tc_lst:
        if at == place["cell"] - 1:
            return _Cell(tc, table).text
        at += tc.grid_span
    raise AssertionError(f"no cell starts at {place}")


def test_every_table_value_points_to_the_word_cell_that_prints_it(sample: AnnualReport) -> None:
    data = fx.render(sample)
    back = read_docx(data)
    provenance = back.extra["provenance"]
    assert provenance["applications.new[0]"] == {"table": 2, "row": 4, "cell": 4}
    assert provenance["applications.new[6]"] == {"table": 2, "row": 4, "cell": 10}
    assert provenance["applications.disclosed[0]"] == {"table": 2, "row": 6, "cell": 4}
    assert provenance["reviews.reconsideration.total"] == {"table": 3, "row": 4, "cell": 5}
    assert len(provenance) > 150
    for path, place in provenance.items():
        assert _printed(data, place) == show(_value(back, path)), path


def _value(report: AnnualReport, path: str) -> Any:
    """The value at a provenance path; a one-value row of table 二 is traced by its row."""
    value = value_at(report, path)
    if value is None and path.count(".") == 1 and report.proactive is not None:
        (value,) = report.proactive.rows[path.split(".")[1]].values()
    return value


def test_paragraphs_are_counted_and_footers_ignored(sample: AnnualReport) -> None:
    doc = parse_docx(fx.render(sample), "年报.docx")
    first = doc.lines[0]
    assert first.cells == ("新华区工业和信息化局2023年政府信息公开工作年度报告",)
    assert doc.place(first.source) == {"paragraph": 1}
    assert not any("—" in line.text and "1" in line.text for line in doc.lines)  # "— 1 —"
    in_tables = [line for line in doc.lines if "table" in doc.place(line.source)]
    assert all(line.blanks_reliable for line in in_tables)
    assert all(line.is_row for line in in_tables if len(line.cells) > 1)
    paragraphs = [line for line in doc.lines if "paragraph" in doc.place(line.source)]
    assert paragraphs and not any(line.blanks_reliable or line.is_row for line in paragraphs)


# ---------------------------------------------------------------- LibreOffice's DOCX


@pytest.fixture(scope="session")
def libreoffice_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sample rendered to HTML and converted to DOCX by LibreOffice, in one run."""
    folder = tmp_path_factory.mktemp("lo-docx")
    sources = []
    for path in TEXT_SAMPLES:
        source = folder / f"{path.stem}.html"
        source.write_text(to_html(build(read_report(path).report)), encoding="utf-8")
        sources.append(source)
    converted = fx.libreoffice(sources, "docx:MS Word 2007 XML", folder / "out")
    return {p.stem: p for p in converted}


@pytest.mark.parametrize("path", SAMPLE_IDS, ids=lambda p: p.stem)
def test_docx_written_by_libreoffice_reads_back(
    path: Path, libreoffice_docx: dict[str, Path]
) -> None:
    data = libreoffice_docx[path.stem].read_bytes()
    assert plain(read_docx(data)) == plain(read_report(path).report)


# ---------------------------------------------------------------- odd structures


@pytest.mark.parametrize(
    "change",
    [fx.wrap_in_layout_table, fx.split_digits, fx.track_changes, fx.grid_before],
    ids=lambda f: f.__name__,
)
def test_odd_structures_read_as_the_plain_report(
    sample: AnnualReport, change: Callable[[Any], None]
) -> None:
    report = dataclasses.replace(sample, applications=_numbered(sample.applications))
    data = fx.edit(fx.render(report), change)
    assert plain(read_docx(data)) == plain(report)


def _numbered(a: Applications | None) -> Applications:
    """Table 三 with two-digit numbers, so that digits split over runs have to rejoin."""
    assert a is not None
    rows = dict.fromkeys(("new", "disclosed"), (10, 11, 12, 13, 14, 15, 75))
    rows |= {"carried_over": (0,) * 7, "results_total": (20, 22, 24, 26, 28, 30, 150)}
    rows |= {"carried_forward": (0,) * 7}
    return Applications({k: rows.get(k, (0,) * 7) for k in fmt.application_keys(a.undivided_other)})


def test_the_layout_table_is_not_counted_as_a_table(sample: AnnualReport) -> None:
    data = fx.edit(fx.render(sample), fx.wrap_in_layout_table)
    provenance = read_docx(data).extra["provenance"]
    assert provenance["applications.new[0]"] == {"table": 2, "row": 4, "cell": 4}


def test_merges_grid_before_and_short_rows_are_read_once() -> None:
    """Built with python-docx: a horizontal merge (one cell), a vertical merge (an empty cell in
    the rows it covers), gridBefore (empty cells), a short row."""
    document = docx.Document()
    document.add_paragraph("标题\t第二栏")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "申请人情况"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "三、本年度办理结果"
    table.cell(1, 1).text, table.cell(1, 2).text = "（一）予以公开", "1"
    table.cell(2, 1).text, table.cell(2, 2).text = "（二）部分公开", "2"
    tr = table.rows[3]._tr
    tr.remove(tr.tc_lst[0])
    tr.get_or_add_trPr().append(fx.w("gridBefore", val="1"))
    tr.remove(tr.tc_lst[-1])  # a row one cell short
    tr.tc_lst[0].p_lst[0].append(fx.run("（七）总计"))
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_docx(buffer.getvalue(), "t.docx")
    assert [line.cells for line in doc.lines] == [
        ("标题", "第二栏"),
        ("申请人情况",),
        ("三、本年度办理结果", "（一）予以公开", "1"),
        ("", "（二）部分公开", "2"),
        ("", "（七）总计"),
    ]
    places = [
        [doc.place(s._replace(cell=c)) for c in range(len(s_cells))]
        for s, s_cells in ((line.source, line.cells) for line in doc.lines)
    ]
    assert places[1] == [{"table": 1, "row": 1, "cell": 1}]
    assert places[2][2] == {"table": 1, "row": 2, "cell": 3}
    assert places[3][0] == {"table": 1, "row": 2, "cell": 1}  # covered: the merged cell's place
    assert places[4] == [{"table": 1, "row": 4, "cell": 1}, {"table": 1, "row": 4, "cell": 2}]


def test_a_wrapped_label_reads_whole_and_fields_show_their_result() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    label = table.cell(0, 0)
    label.text = "（二）部分公开"
    label.add_paragraph("（区分处理的，只计这一情形，不计其他情形）")
    p = table.cell(0, 1).paragraphs[0]._p
    for kind in ("begin", "instr", "separate", "result", "end"):
        if kind == "instr":
            p.append(fx.run(" = 7 + 5 ", "instrText"))
        elif kind == "result":
            p.append(fx.run("12"))
        else:
            r = fx.w("r")
            r.append(fx.w("fldChar", fldCharType=kind))
            p.append(r)
    buffer = io.BytesIO()
    document.save(buffer)
    (line,) = parse_docx(buffer.getvalue(), "t.docx").lines
    assert line.cells == ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "12")


# ---------------------------------------------------------------- hostile files


def refused(data: bytes, *words: str) -> InputError:
    with pytest.raises(InputError) as caught:
        read_bytes(data, "年报.docx")
    for word in words:
        assert word in caught.value.message
    assert "年报.docx" in caught.value.message and caught.value.hint
    return caught.value


def test_an_excel_file_is_named_as_such() -> None:
    refused(fx.zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}), "Excel")


def test_a_zip_without_a_word_document_is_refused() -> None:
    refused(fx.zip_of({"readme.txt": "说明".encode()}), "没有 Word 文档内容")


def test_a_truncated_docx_is_refused_as_damaged(sample: AnnualReport) -> None:
    data = fx.render(sample)
    refused(data[: len(data) // 2], "已损坏")


def test_a_corrupt_main_part_is_refused_as_damaged(sample: AnnualReport) -> None:
    files = fx.entries(fx.render(sample))
    files[fx.MAIN] = files[fx.MAIN][:-200]  # XML cut short
    refused(fx.zip_of(files), "已损坏")


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    bomb = fx.zip_of({fx.MAIN: b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 100_000
    refused(bomb, "压缩炸弹")


def test_a_highly_compressed_entry_is_refused(sample: AnnualReport) -> None:
    files = fx.entries(fx.render(sample)) | {"word/media/image1.png": b"\0" * (20 * 1024 * 1024)}
    refused(fx.zip_of(files), "压缩比")


def test_an_entry_lying_about_its_size_is_not_inflated_past_it(sample: AnnualReport) -> None:
    """The directory says 1000 bytes for 5 MB: zipfile stops there and the CRC check fails."""
    files = fx.entries(fx.render(sample))
    files[fx.MAIN] += b" " * (5 * 1024 * 1024)
    data = bytearray(fx.zip_of(files))
    name = fx.MAIN.encode()
    for start in _headers(data):
        local = data[start : start + 4] == b"PK\x03\x04"
        size_at, name_at = (22, 30) if local else (24, 46)
        if data[start + name_at : start + name_at + len(name)] == name:
            data[start + size_at : start + size_at + 4] = (1000).to_bytes(4, "little")
    refused(bytes(data), "已损坏")


def _headers(data: bytearray) -> list[int]:
    """Offsets of the local and central directory headers of a zip."""
    found = []
    for signature in (b"PK\x03\x04", b"PK\x01\x02"):
        at = data.find(signature)
        while at != -1:
            found.append(at)
            at = data.find(signature, at + 4)
    return found


def test_a_ten_thousand_row_table_is_refused_with_the_reason() -> None:
    row = "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:tbl>{row * 10_000}</w:tbl></w:body></w:document>"
    ).encode()
    error = refused(fx.zip_of({fx.MAIN: xml}), "10000 行", str(MAX_TABLE_ROWS))
    assert "几十行" in error.hint


def test_an_absurd_column_span_is_refused() -> None:
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='99999999'/></w:tcPr><w:p/></w:tc>"
        b"<w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>"
    )
    refused(fx.zip_of({fx.MAIN: xml}), "表格结构异常")


def test_an_encrypted_zip_entry_is_refused_as_encrypted(sample: AnnualReport) -> None:
    data = bytearray(fx.render(sample))
    for start in _headers(data):  # the "encrypted" flag on every entry
        data[start + (6 if data[start : start + 4] == b"PK\x03\x04" else 8)] |= 0x1
    refused(bytes(data), "已加密")
