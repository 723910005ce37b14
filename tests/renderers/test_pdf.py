"""The PDF: the report's text is there, the fonts are embedded CJK SC, the glyphs are drawn."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from gongkai.renderers import annual
from gongkai.renderers.pdf import to_pdf
from gongkai.report import format as fmt
from gongkai.report.model import Applications
from tests.builders import AGENCY, make_report
from tests.renderers.pdf_text import pdf_pages, squash

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return to_pdf(annual.build(make_report()))


def test_text_of_the_report(report_pdf: bytes) -> None:
    pages = pdf_pages(report_pdf)
    assert 2 <= len(pages) <= 5
    text = squash("".join(pages))
    assert text.startswith(f"{AGENCY}2023年政府信息公开工作年度报告")
    positions = [text.index(f"{s.numeral}、{s.heading}") for s in fmt.SECTIONS]
    assert positions == sorted(positions)
    for label in (
        "第二十条第（一）项",
        "行政规范性文件",
        "行政事业性收费",
        "一、本年新收政府信息公开申请数量",
        "4．保护第三方合法权益",
        "四、结转下年度继续办理",
        "未经复议直接起诉",
        "尚未审结",
    ):
        assert label in text, label
    # rows of values as printed, one line each
    lines = [line.strip() for page in pages for line in page.splitlines()]
    for row in (
        "行政规范性文件 3 1 12",
        "行政许可 120",
        "行政事业性收费 1.25",
        "一、本年新收政府信息公开申请数量 21 6 1 1 1 3 33",
        "（七）总计 20 5 1 1 2 3 32",
        "四、结转下年度继续办理 2 1 0 0 0 0 3",
        "1 1 0 1 3 1 0 0 0 1 0 1 0 0 1",  # table 四
    ):
        assert row in lines, row
    assert text.endswith(f"{AGENCY}2024年1月20日第{len(pages)}页共{len(pages)}页")
    for n, page in enumerate(pages, 1):
        assert page.rstrip().endswith(f"第 {n} 页 共 {len(pages)} 页")


def test_metadata_and_determinism(report_pdf: bytes) -> None:
    pdf = pdfium.PdfDocument(report_pdf)
    meta = pdf.get_metadata_dict()
    pdf.close()
    assert meta["Title"] == f"{AGENCY}2023年政府信息公开工作年度报告"
    assert meta["Author"] == AGENCY
    assert meta["Subject"] == "政府信息公开工作年度报告"
    assert to_pdf(annual.build(make_report())) == report_pdf


def test_fonts_are_embedded_noto_cjk_sc(report_pdf: bytes, tmp_path: Path) -> None:
    pdffonts = shutil.which("pdffonts")
    assert pdffonts is not None, "poppler-utils (pdffonts) is part of the set-up"
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf)
    out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()[2:]
    assert lines, out
    for line in lines:
        name, rest = line.split(maxsplit=1)
        emb = rest.split()[-5]
        assert emb == "yes", f"not embedded: {line}"
        assert "CJK-SC" in name or "CJKsc" in name, f"not a Noto CJK SC font: {line}"
    names = " ".join(line.split()[0] for line in lines)
    assert "Noto-Serif-CJK-SC" in names and "Noto-Sans-CJK-SC" in names


def _ink(crop: Image.Image) -> int:
    return sum(crop.convert("L").histogram()[:128])


def test_glyphs_are_drawn_not_tofu(report_pdf: bytes) -> None:
    pdf = pdfium.PdfDocument(report_pdf)
    page = pdf[0]
    scale = 2
    image = page.render(scale=scale).to_pil()
    height = page.get_height()
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    crops: dict[str, Image.Image] = {}
    for char in "绵阳生态环境政府":
        i = text.index(char)
        left, bottom, right, top = textpage.get_charbox(i)
        assert right - left > 5 and top - bottom > 5, f"{char}: no box"
        box = (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
        crops[char] = image.crop(tuple(round(v) for v in box)).convert("L").resize((32, 32))
    textpage.close()
    page.close()
    pdf.close()
    for char, crop in crops.items():
        assert _ink(crop) > 20, f"{char} is not drawn"
    chars = list(crops)
    for a in range(len(chars)):
        for b in range(a + 1, len(chars)):
            diff = ImageChops.difference(crops[chars[a]], crops[chars[b]])
            changed = sum(diff.histogram()[65:])
            assert changed > 40, f"{chars[a]} and {chars[b]} look the same (tofu?)"


def test_null_cells_print_nothing() -> None:
    report = make_report()
    assert report.applications is not None
    rows = dict(report.applications.rows)
    rows["carried_forward"] = (None, 7, None, None, None, None, None)
    doc = annual.build(dataclasses.replace(report, applications=Applications(rows)))
    lines = [line for page in pdf_pages(to_pdf(doc)) for line in page.splitlines()]
    row = [line for line in lines if line.startswith("四、结转下年度继续办理")]
    assert row == ["四、结转下年度继续办理 7"]


def test_no_chinese_font_is_a_clear_error(tmp_path: Path) -> None:
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<fontconfig><cachedir>'
        f"{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    script = (
        "from gongkai.renderers import annual\n"
        "from gongkai.renderers.fonts import FontsMissing\n"
        "from gongkai.renderers.pdf import to_pdf\n"
        "from tests.builders import make_report\n"
        "try:\n"
        "    to_pdf(annual.build(make_report()))\n"
        "except FontsMissing as err:\n"
        "    print('FontsMissing', err)\n"
        "else:\n"
        "    print('rendered')\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("FontsMissing"), result.stdout
    assert "本机没有可显示中文的字体" in result.stdout
    assert "fonts-noto-cjk" in result.stdout
