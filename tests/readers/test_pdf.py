"""The PDF front end: the published sample, our renderer's and LibreOffice's PDFs read back as
the report they print, every traced cell's box holds its number, and hostile files get a clear
Chinese error."""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.errors import InputError
from gongkai.readers import read_bytes, read_report
from gongkai.renderers.comparison import value_at
from gongkai.report.model import AnnualReport, Reviews
from tests.builders import make_report, make_report_2019, with_cell, with_cells
from tests.readers.pdf_fixtures import (
    blank_pages,
    encrypted_pdf,
    libreoffice_pdfs,
    scanned_pdf,
    texts_in_boxes,
    weasyprint_pdf,
    with_pages_of,
)
from tests.strategies import canonical, reports

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
HONGZE = SAMPLES / "hongze-2024.pdf"
TEXT_SAMPLES = sorted(SAMPLES.glob("*.txt"))


_BESIDE_CHINESE = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")


def comparable(report: AnnualReport) -> dict[str, Any]:
    """The report as JSON; in its words, no space beside a Chinese character: a PDF does not
    say whether one was typed there (see readers/pdf.py), so the reader writes "2024年"."""
    data = canonical(report)
    data["text"] = {k: v and _BESIDE_CHINESE.sub("", v) for k, v in data["text"].items()}
    return data


@pytest.fixture(scope="module")
def sample_reports() -> list[AnnualReport]:
    return [read_report(p).report for p in TEXT_SAMPLES]


def assert_boxes_hold_values(pdf: bytes, report: AnnualReport) -> int:
    """Each traced cell: PDFium finds the cell's number inside the box the reader gave."""
    traced = 0
    texts = texts_in_boxes(pdf, report.extra["provenance"])
    for path in report.extra["provenance"]:
        value = value_at(report, path)
        if not isinstance(value, (int, Decimal)):
            continue
        found = unicodedata.normalize("NFKC", texts[path])
        assert str(abs(value)) in found.replace(",", "").replace(" ", ""), (path, value, found)
        traced += 1
    return traced


def test_the_published_sample_is_read_and_traced() -> None:
    result = read_report(HONGZE)
    report = result.report
    assert report.agency == "淮安市洪泽区人民政府" and report.year == 2024
    assert report.applications is not None and report.applications["new"] == (95, 0, 0, 0, 0, 0, 95)
    assert report.reviews is not None and report.reviews.cell("reconsideration", "total") == 2
    assert report.extra["provenance"]["applications.new[0]"]["page"] == 3
    assert assert_boxes_hold_values(HONGZE.read_bytes(), report) > 180


def test_page_numbers_and_wrapped_paragraphs() -> None:
    """'- 3 -' at the foot of a page is no cell; lines wrapped at the margin are one paragraph."""
    report = read_report(HONGZE).report
    assert report.text is not None and report.text.other_matters is not None
    assert report.text.other_matters == (
        "2024年，区政府严格落实《政府信息公开信息处理费管理办法》，"
        "全年收取政府信息公开信息处理费0元。"
    )
    assert "- 2 -" not in (report.text.overview or "")
    assert not [f for f in read_report(HONGZE).findings if f.rule in ("RD01", "RD02")]


@pytest.mark.parametrize("index", range(len(TEXT_SAMPLES)))
def test_the_samples_printed_by_our_renderer_read_back(
    sample_reports: list[AnnualReport], index: int
) -> None:
    report = sample_reports[index]
    pdf = weasyprint_pdf(report)
    back = read_bytes(pdf, "report.pdf").report
    assert comparable(back) == comparable(report)
    assert assert_boxes_hold_values(pdf, back) > 150


def test_libreoffice_pdfs_read_back(sample_reports: list[AnnualReport]) -> None:
    """Word-processor PDFs (LibreOffice prints our DOCX the way WPS and Word do). LibreOffice
    leaves out a full stop hanging at the end of a justified line (pdftotext misses it too), so
    the words are compared by similarity; the tables exactly."""
    chosen = [sample_reports[0], make_report_2019(), sample_reports[4]]
    for report, pdf in zip(chosen, libreoffice_pdfs(chosen), strict=True):
        back = read_bytes(pdf, "report.pdf").report
        got, want = comparable(back), comparable(report)
        words_got, words_want = got.pop("text"), want.pop("text")
        assert got == want
        for key, text in words_want.items():
            similar = difflib.SequenceMatcher(None, text or "", words_got[key] or "").ratio()
            assert similar > 0.995, (key, words_got[key])
        assert assert_boxes_hold_values(pdf, back) > 150


def test_a_table_broken_over_pages_reads_as_one(sample_reports: list[AnnualReport]) -> None:
    """Table 三 runs over a page break: its header row is repeated on the next page and the
    page number is printed in between; the rows read on as one table."""
    report = sample_reports[2]
    pdf = weasyprint_pdf(report)
    back = read_bytes(pdf, "report.pdf").report
    pages = {
        place["page"]
        for path, place in back.extra["provenance"].items()
        if path.startswith("applications.")
    }
    assert len(pages) == 2, "the fixture must break table 三 over a page"
    for page in pages:  # the header row repeated on the next page, a page number on each
        text = texts_in_boxes(pdf, {"page": {"page": page, "box": [0, 0, 600, 850]}})["page"]
        assert "申请人情况" in text and f"第 {page} 页" in text
    assert comparable(back) == comparable(report)


def _table_four_printable(report: AnnualReport) -> AnnualReport:
    """Two known limits of print, both on table 四, a single row of fifteen narrow cells:
    - a PDF prints nothing for a blank cell, and no other row shows where the columns are, so
      blank cells there are reported (RD01, see test_blank_cells_of_table_four_are_reported);
    - a five-digit number overflows its cell and touches the next one ("9999928213"), which
      no reader can take apart. Real tables 四 hold small numbers.
    Tables 二 and 三 keep every random value and blank."""
    assert report.reviews is not None
    groups = {
        g: {c: (v or 0) % 1000 for c, v in cols.items()}
        for g, cols in report.reviews.groups.items()
    }
    return dataclasses.replace(report, reviews=Reviews(groups))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports().map(_table_four_printable))
def test_any_report_printed_to_pdf_reads_back(report: AnnualReport) -> None:
    back = read_bytes(weasyprint_pdf(report), "report.pdf").report
    assert comparable(back) == comparable(report)


def test_blank_cells_are_set_on_their_columns() -> None:
    """Blank cells in tables 二 and 三 print nothing; the numbers of such rows are put on the
    columns the full rows show, so no number slides into a blank column."""
    report = with_cells(
        make_report(),
        {
            "applications.new[1]": None,
            "applications.new[2]": None,
            "applications.disclosed[0]": None,
            "proactive.normative_documents.abolished": None,
        },
    )
    back = read_bytes(weasyprint_pdf(report), "report.pdf")
    assert comparable(back.report) == comparable(report)
    assert not [f for f in back.findings if f.rule == "RD01"]


def test_blank_cells_of_table_four_are_reported() -> None:
    report = with_cell(make_report(), "reviews.reconsideration.corrected", None)
    back = read_bytes(weasyprint_pdf(report), "report.pdf")
    assert any(f.rule == "RD01" and "表四" in f.message for f in back.findings)


def test_look_alike_radicals_read_as_characters() -> None:
    """Some producers (Chromium) print 人/民/页 as the radicals ⼈/⺠/⻚."""
    report = dataclasses.replace(make_report(), agency="某某市⼈⺠政府")
    back = read_bytes(weasyprint_pdf(report), "report.pdf").report
    assert back.agency == "某某市人民政府"


# ------------------------------------------------------------------ hostile files


def _refused(data: bytes, name: str = "bad.pdf") -> str:
    with pytest.raises(InputError) as err:
        read_bytes(data, name)
    return f"{err.value.message}｜{err.value.hint}"


def test_truncated_pdf() -> None:
    data = HONGZE.read_bytes()
    for share in (0.1, 0.5, 0.95):
        message = _refused(data[: int(len(data) * share)])
        assert "已损坏" in message and "不完整" in message and "bad.pdf" in message


def test_encrypted_pdf() -> None:
    assert "已加密" in _refused(encrypted_pdf())


def test_junk_named_pdf() -> None:
    assert "不是有效的 PDF" in _refused(bytes(range(256)) * 40)
    assert "不是有效的 PDF" in _refused(b"%PDF-1.7\n" + b"\x00junk" * 100)


def test_empty_pdf() -> None:
    assert "文件为空" in _refused(b"")


def test_scan_without_text_layer_says_it_needs_ocr() -> None:
    message = _refused(scanned_pdf(HONGZE.read_bytes()))
    assert "没有文字层" in message and "OCR" in message


def test_a_scanned_page_among_text_pages_is_reported() -> None:
    """The report reads; the finding names the page that could not be read and why."""
    data = HONGZE.read_bytes()
    result = read_bytes(with_pages_of(data, scanned_pdf(data)), "mixed.pdf")
    assert result.report.agency == "淮安市洪泽区人民政府"
    (finding,) = [f for f in result.findings if f.rule == "RD10"]
    assert "第 6 页没有文字层" in finding.message and "OCR" in finding.message
    assert not [f for f in read_report(HONGZE).findings if f.rule == "RD10"]


def test_pages_without_anything() -> None:
    assert "没有可读取的文字" in _refused(blank_pages(2))


def test_too_many_pages() -> None:
    assert "超过 300 页" in _refused(blank_pages(301))


def test_a_pdf_named_txt_is_read_as_pdf() -> None:
    report = read_bytes(HONGZE.read_bytes(), "hongze.txt").report
    assert report.agency == "淮安市洪泽区人民政府"
