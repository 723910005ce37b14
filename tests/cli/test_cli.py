"""The command line, end to end through click's runner: output, exit codes, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gongkai.cli import EXIT_FINDINGS, EXIT_INPUT, main
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "001_7e39dacb3fc4a107.txt"
SAMPLE_LOST_HEADINGS = SAMPLES / "000_405b3600a5967464.txt"


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def test_parse_one_file_prints_canonical_json() -> None:
    result = run("parse", str(SAMPLE))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["format"] == "gongkai.annual-report/1"
    assert data["agency"] == "新华区工业和信息化局"
    assert data["year"] == 2023


def test_parse_several_files_prints_json_lines() -> None:
    result = run("parse", str(SAMPLE), str(SAMPLE_LOST_HEADINGS))
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["year"] for line in lines] == [2023, 2023]


def test_parse_to_folder_writes_one_json_per_file(tmp_path: Path) -> None:
    result = run("parse", str(SAMPLE), str(SAMPLE_LOST_HEADINGS), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [f"{SAMPLE_LOST_HEADINGS.stem}.json", f"{SAMPLE.stem}.json"]


def test_parse_reads_stdin() -> None:
    result = run("parse", "-", stdin=SAMPLE.read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["agency"] == "新华区工业和信息化局"


def test_parse_accepts_canonical_json(tmp_path: Path) -> None:
    first = run("parse", str(SAMPLE))
    path = tmp_path / "report.json"
    path.write_text(first.stdout, encoding="utf-8")
    again = run("parse", str(path))
    assert again.exit_code == 0
    assert json.loads(again.stdout) == json.loads(first.stdout)


def test_check_clean_report_exits_zero_and_prints_chinese_summary() -> None:
    result = run("check", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert "新华区工业和信息化局" in result.stdout
    assert "错误 0 项" in result.stdout


def test_check_json_output_lists_findings_with_rule_ids() -> None:
    result = run("check", "--json", str(SAMPLE_LOST_HEADINGS))
    data = json.loads(result.stdout)
    rules = {f["rule"] for f in data["findings"]}
    assert "R01" in rules  # the headings of 二 and 三 are missing from this text
    assert "R02" in rules  # and so is table 二
    assert result.exit_code == EXIT_FINDINGS
    assert data["summary"]["error"] >= 1


def test_check_with_previous_year(tmp_path: Path) -> None:
    last = json.loads(run("parse", str(SAMPLE)).stdout)
    last["year"] = 2022
    last["applications"]["carried_forward"] = [1, 0, 0, 0, 0, 0, 1]
    previous = tmp_path / "last.json"
    previous.write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
    result = run("check", "--json", "--previous", str(previous), str(SAMPLE))
    r14 = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "R14"]
    assert r14 and r14[0]["status"] == "failed"


def test_rules_lists_the_catalogue() -> None:
    result = run("rules")
    assert result.exit_code == 0
    for rule_id in ("R01", "R10", "R43", "R60"):
        assert rule_id in result.stdout


def test_schema_command_prints_the_shipped_schema() -> None:
    shipped = (Path(__file__).parents[2] / "src/gongkai/report/schema.json").read_text("utf-8")
    assert run("schema").stdout == shipped


# ----------------------------------------------------------------- bad input: message, not traceback


def bad(tmp_path: Path, name: str, data: bytes) -> Result:
    path = tmp_path / name
    path.write_bytes(data)
    return run("check", str(path))


def test_empty_file(tmp_path: Path) -> None:
    result = bad(tmp_path, "empty.txt", b"")
    assert result.exit_code == EXIT_INPUT
    assert "文件为空" in result.stderr


def test_binary_junk(tmp_path: Path) -> None:
    result = bad(tmp_path, "junk.txt", os.urandom(4096))
    assert result.exit_code == EXIT_INPUT
    assert "不是文本文件" in result.stderr
    assert "Traceback" not in result.output


def test_text_that_is_not_a_report(tmp_path: Path) -> None:
    result = bad(
        tmp_path, "poem.txt", "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n".encode()
    )
    assert result.exit_code == EXIT_INPUT
    assert "不是政府信息公开工作年度报告" in result.stderr


def test_report_cut_in_half_yields_what_was_found(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    half = text[: text.index("（二）部分公开") if "（二）部分公开" in text else len(text) // 2]
    path = tmp_path / "half.txt"
    path.write_text(half, encoding="utf-8")
    parsed = json.loads(run("parse", str(path)).stdout)
    assert parsed["proactive"]["licensing"] == 0
    assert parsed["applications"]["new"] == [0] * 7
    assert parsed["applications"]["carried_forward"] == [None] * 7
    assert parsed["reviews"] is None
    checked = run("check", "--json", str(path))
    assert checked.exit_code == EXIT_FINDINGS
    rules = {f["rule"] for f in json.loads(checked.stdout)["findings"]}
    assert {"R01", "R02", "RD05"} <= rules


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    result = run("parse", str(path))
    assert result.exit_code == EXIT_INPUT
    assert "文件过大" in result.stderr


def test_gbk_encoded_report_reads_like_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    assert json.loads(run("parse", str(path)).stdout) == json.loads(
        run("parse", str(SAMPLE)).stdout
    )


def test_utf16_with_bom_reads_like_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    assert json.loads(run("parse", str(path)).stdout) == json.loads(
        run("parse", str(SAMPLE)).stdout
    )


def test_undecodable_text(tmp_path: Path) -> None:
    data = "年度报告".encode() + b"\xff\xfa\xff" * 10 + "一、总体情况".encode()
    result = bad(tmp_path, "broken.txt", data)
    assert result.exit_code == EXIT_INPUT
    assert "无法识别文本编码" in result.stderr


def test_missing_file_and_folder() -> None:
    assert "找不到文件" in run("parse", "/nonexistent/report.txt").stderr
    result = run("parse", str(SAMPLES))
    assert result.exit_code == EXIT_INPUT
    assert "是文件夹" in result.stderr


def test_invalid_json(tmp_path: Path) -> None:
    result = bad(tmp_path, "report.json", b'{"format": "gongkai.annual-report/1", "year": ')
    assert result.exit_code == EXIT_INPUT
    assert "不是有效的 JSON" in result.stderr


def test_json_of_the_wrong_shape(tmp_path: Path) -> None:
    result = bad(tmp_path, "report.json", json.dumps({"format": "x"}).encode())
    assert result.exit_code == EXIT_INPUT
    assert "不符合年报数据格式" in result.stderr


def test_a_damaged_pdf_says_so(tmp_path: Path) -> None:
    result = bad(tmp_path, "report.pdf", b"%PDF-1.7\n")
    assert result.exit_code == EXIT_INPUT
    assert "不是有效的 PDF 文件" in result.stderr and "Traceback" not in result.output


def test_check_shows_where_each_cell_was_printed() -> None:
    """The published PDF: evidence cells name their page; the JSON carries page and box."""
    pdf = str(SAMPLES / "hongze-2024.pdf")
    shown = run("check", pdf)
    assert "一、本年新收 · 总计=95（第 3" in shown.output.replace("\n", "")
    data = json.loads(run("check", pdf, "--json").output)
    r40 = next(f for f in data["findings"] if f["rule"] == "R40")
    cell = next(e for e in r40["evidence"] if e["path"] == "applications.new[6]")
    assert cell["place"]["page"] == 3 and len(cell["place"]["box"]) == 4


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"")
    result = run("parse", str(junk), str(SAMPLE))
    assert result.exit_code == EXIT_INPUT
    assert json.loads(result.stdout)["agency"] == "新华区工业和信息化局"
    assert "junk.txt" in result.stderr


@pytest.mark.parametrize("argv", [["parse"], ["check"], ["nonsense"]])
def test_misuse_exits_2(argv: list[str]) -> None:
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2


def test_parse_debug_shows_the_recognition_stages() -> None:
    result = run("parse", "--debug", str(SAMPLE_LOST_HEADINGS))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    stages = data["stages"]
    assert stages["found_by_content"] == ["applications"]  # its heading was lost
    assert {h["section"] for h in stages["headings"]} == {
        "overview",
        "reviews",
        "problems",
        "other_matters",
    }
    rows = {t["row"] for t in stages["tokens"]["applications"] if t["kind"] == "label"}
    assert {"new", "carried_over", "results_total", "carried_forward"} <= rows
    assert data["report"]["agency"] == "梓潼县工业和信息化局"


def test_checking_the_saved_json_finds_what_checking_the_text_finds(tmp_path: Path) -> None:
    saved = tmp_path / "report.json"
    saved.write_text(run("parse", str(SAMPLE_LOST_HEADINGS)).stdout, encoding="utf-8")
    from_text = json.loads(run("check", "--json", str(SAMPLE_LOST_HEADINGS)).stdout)
    from_json = json.loads(run("check", "--json", str(saved)).stdout)
    checker_only = [f for f in from_text["findings"] if not f["rule"].startswith("RD")]
    assert from_json["findings"] == checker_only


def test_check_json_of_a_late_report_serialises_the_dates(tmp_path: Path) -> None:
    late = tmp_path / "late.txt"
    late.write_text(
        SAMPLE.read_text(encoding="utf-8") + "\n新华区工业和信息化局\n2024年4月15日\n", "utf-8"
    )
    result = run("check", "--json", str(late))
    r04 = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "R04"]
    assert r04 and r04[0]["status"] == "failed"
    assert "2024-04-15" in json.dumps(r04[0], ensure_ascii=False)


def test_json_errors_name_the_cell(tmp_path: Path) -> None:
    data = json.loads(run("parse", str(SAMPLE)).stdout)
    data["applications"]["new"][0] = "5"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == EXIT_INPUT
    assert "applications.new[0]：应为整数或空（null）" in result.stderr
