"""Golden renderings, discovered: every folder under golden/renderers/ is one case.

A case names a shared sample (`source`, read where it lies) or holds a canonical `report.json`.
Checked in beside it: `expected.md`, `expected.txt` and `expected.html` (compared exactly),
`expected-docx.json` (the DOCX's structure: paragraphs, table grids, merged cells, fonts) and
`expected-pdf.json` (page count and text of each page). `make golden` rewrites them for review.
Each case is also checked for invariants: the text formats read back to the same report, and the
DOCX and PDF carry every cell of every table.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from gongkai.readers import read_report, read_text
from gongkai.renderers import annual, render_report
from gongkai.renderers.document import Table
from gongkai.report import codec
from gongkai.report.model import AnnualReport
from tests.conftest import SAMPLES
from tests.golden.test_golden import REWRITE
from tests.renderers.docx_structure import describe
from tests.renderers.pdf_text import pdf_pages, squash

CASES = sorted(p for p in (Path(__file__).parent / "renderers").iterdir() if p.is_dir())


@cache
def _report(case: Path) -> AnnualReport:
    source = case / "source"
    if source.is_file():
        return read_report(SAMPLES / source.read_text(encoding="utf-8").strip()).report
    return codec.loads((case / "report.json").read_text(encoding="utf-8"))


def _expect(path: Path, observed: str) -> None:
    if REWRITE:
        path.write_text(observed, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run `make golden` and review the new file"
    assert path.read_text(encoding="utf-8") == observed


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _tables(report: AnnualReport) -> dict[str, Any]:
    data = codec.to_dict(report)
    return {
        k: data[k] for k in ("template", "agency", "year", "proactive", "applications", "reviews")
    }


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("to", ["md", "txt", "html"])
def test_text_formats(case: Path, to: str) -> None:
    text = render_report(_report(case), to).decode("utf-8")
    _expect(case / f"expected.{to}", text)
    if to != "html":  # until the HTML reader lands, the page is compared as a golden file only
        back = read_text(text, f"report.{to}").report
        assert _tables(back) == _tables(_report(case))


def _cell_texts(table: Table) -> list[str]:
    return [cell.text for _, _, cell in table.cells()]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_docx_structure(case: Path) -> None:
    report = _report(case)
    described = describe(render_report(report, "docx"))
    _expect(case / "expected-docx.json", _json(described))
    tables = [b for b in described["body"] if b.get("type") == "table"]
    expected = annual.build(report).tables()
    assert [[c["text"] for c in t["cells"]] for t in tables] == [_cell_texts(t) for t in expected]


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_pdf_text_and_pages(case: Path) -> None:
    report = _report(case)
    pages = pdf_pages(render_report(report, "pdf"))
    observed = {"pages": len(pages), "text": [squash(p) for p in pages]}
    _expect(case / "expected-pdf.json", _json(observed))
    printed = "".join(observed["text"])
    for table in annual.build(report).tables():
        for row in table.grid[table.header_rows :]:
            joined = squash("".join(c.text for c in row if c is not None))
            assert joined in printed, f"row not printed in order: {joined}"


def test_there_are_golden_rendering_cases() -> None:
    assert len(CASES) >= 6
    assert all((c / "source").is_file() or (c / "report.json").is_file() for c in CASES)
