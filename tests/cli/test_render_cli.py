"""`gongkai render` and `gongkai compare`: every format, and bad input that gets a clear error."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document as open_docx

from gongkai.cli import EXIT_INPUT, main
from gongkai.readers import read_report
from gongkai.report import codec
from tests.builders import make_report
from tests.conftest import SAMPLES
from tests.renderers.pdf_text import pdf_pages, squash

SAMPLE = SAMPLES / "001_7e39dacb3fc4a107.txt"
OTHER = SAMPLES / "002_3e15cfd4bb50aca3.txt"


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_render_text_formats_read_back_to_the_same_tables(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"report{suffix}"
    result = run("render", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "已生成" in result.stdout
    original, back = read_report(SAMPLE).report, read_report(out).report
    for table in ("proactive", "applications", "reviews"):
        assert codec.to_dict(back)[table] == codec.to_dict(original)[table]
    assert back.agency == original.agency and back.year == original.year


def test_render_canonical_json_to_docx_html_and_pdf(tmp_path: Path) -> None:
    source = tmp_path / "report.json"
    source.write_text(codec.dumps(make_report()), encoding="utf-8")
    for to in ("docx", "html", "pdf"):
        out = tmp_path / f"out.{to}"
        result = run("render", str(source), "--to", to, "-o", str(out))
        assert result.exit_code == 0, result.output
    assert any(
        "绵阳市生态环境局" in p.text for p in open_docx(str(tmp_path / "out.docx")).paragraphs
    )
    assert '<html lang="zh-CN">' in (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "本年新收政府信息公开申请数量" in squash(
        "".join(pdf_pages((tmp_path / "out.pdf").read_bytes()))
    )


def test_render_draft_adds_figure_sentences_only_on_request(tmp_path: Path) -> None:
    report = make_report()
    data = codec.to_dict(report)
    data["text"] = {"overview": "我局高度重视政务公开。", "problems": None, "other_matters": None}
    source = tmp_path / "report.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plain, drafted = tmp_path / "plain.md", tmp_path / "drafted.md"
    assert run("render", str(source), "-o", str(plain)).exit_code == 0
    assert run("render", str(source), "--draft", "-o", str(drafted)).exit_code == 0
    assert "收到政府信息公开申请" not in plain.read_text(encoding="utf-8")
    text = drafted.read_text(encoding="utf-8")
    assert "本机关共收到政府信息公开申请33件" in text and "我局高度重视政务公开。" in text
    assert "信息处理费" in text


def test_render_reads_stdin(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = run("render", "-", "-o", str(out), stdin=codec.dumps(make_report()).encode())
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 绵阳市生态环境局2023年")


def test_invalid_json_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(
        '{"format": "gongkai.annual-report/1", "template": "2021", ', encoding="utf-8"
    )
    out = tmp_path / "out.docx"
    result = run("render", str(source), "-o", str(out))
    assert result.exit_code == EXIT_INPUT
    assert "错误" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_unknown_format_and_missing_suffix_say_what_is_allowed(tmp_path: Path) -> None:
    result = run("render", str(SAMPLE), "--to", "rtf", "-o", str(tmp_path / "x.rtf"))
    assert result.exit_code == EXIT_INPUT
    assert "不支持的输出格式" in result.stderr and "docx" in result.stderr
    result = run("render", str(SAMPLE), "-o", str(tmp_path / "noext"))
    assert result.exit_code == EXIT_INPUT and "--to" in result.stderr


def test_an_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    result = run("render", str(SAMPLE), "-o", str(tmp_path / "no" / "such" / "dir" / "r.md"))
    assert result.exit_code == EXIT_INPUT
    assert "无法写入" in result.stderr
    assert not list(tmp_path.rglob("*.tmp"))


def test_compare_lists_and_marks_changes_in_html_and_docx(tmp_path: Path) -> None:
    html_out, docx_out = tmp_path / "cmp.html", tmp_path / "cmp.docx"
    assert run("compare", str(SAMPLE), str(OTHER), "-o", str(html_out)).exit_code == 0
    result = run("compare", str(SAMPLE), str(OTHER), "-o", str(docx_out))
    assert result.exit_code == 0, result.output
    page = html_out.read_text(encoding="utf-8")
    assert "变化一览" in page
    doc = open_docx(str(docx_out))
    assert any(p.text == "变化一览" for p in doc.paragraphs)


def test_compare_with_a_missing_file_fails_cleanly(tmp_path: Path) -> None:
    result = run("compare", str(SAMPLE), str(tmp_path / "none.txt"), "-o", str(tmp_path / "c.html"))
    assert result.exit_code == EXIT_INPUT
    assert "找不到文件" in result.stderr
    assert not os.path.exists(tmp_path / "c.html")
