"""gongkai parse|check over folders: outputs, exit codes, the summary, kill -9 and Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result

from gongkai.batch.files import journal_path
from gongkai.cli import EXIT_FINDINGS, EXIT_INPUT, main
from tests.batch.corpus import JUNK, make_corpus, many, sample_files

GONGKAI = Path(sys.executable).parent / "gongkai"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_parse_folder_to_jsonl_names_failed_files_and_exits_2(tmp_path: Path) -> None:
    reports = make_corpus(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    result = run("parse", str(tmp_path / "in"), "-o", str(out), "--jobs", "2")
    assert result.exit_code == EXIT_INPUT
    assert "共 8 个文件：本次读取 5 个，未能读取 3 个" in result.stderr
    for rel, reason in JUNK.items():
        assert f"{rel}：" in result.stderr and reason in result.stderr
    data = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["file"] for d in data) == sorted([*reports, *JUNK])
    again = run("parse", str(tmp_path / "in"), "-o", str(out))
    assert "跳过 8 个" in again.stderr and "--retry-failed" in again.stderr
    assert again.exit_code == EXIT_INPUT


def test_check_folder_of_good_reports_to_xlsx_exits_1_on_error_findings(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in sample_files():
        (folder / sample.name).write_bytes(sample.read_bytes())
    out = tmp_path / "结果.xlsx"
    result = run("check", str(folder), "-o", str(out))
    assert result.exit_code == EXIT_FINDINGS, result.stderr  # sample 000 lacks two headings
    assert "有“错误”级问题的文件：" in result.stderr
    wb = openpyxl.load_workbook(out)
    assert [c.value for c in wb["核对结果"][1]] == [
        "文件",
        "规则",
        "级别",
        "结果",
        "说明",
        "涉及单元格",
    ]
    assert wb["未能读取"].max_row == 1
    assert not journal_path(out).exists()


def test_check_folder_without_output_prints_json_lines(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in")
    result = run("check", str(tmp_path / "in"), "--jobs", "1")
    data = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(data) == 8 and all("summary" in d for d in data if d["ok"])
    assert result.exit_code == EXIT_INPUT


def test_batch_misuse_is_explained(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in")
    result = run("check", str(tmp_path / "in"), "-o", str(tmp_path / "out.txt"))
    assert result.exit_code == EXIT_INPUT and ".jsonl、.csv 或 .xlsx" in result.stderr
    result = run("parse", str(tmp_path / "in"))
    assert "是文件夹" in result.stderr and "-o 结果.jsonl" in result.stderr
    result = run("check", str(tmp_path / "empty-dir-missing"), "-o", str(tmp_path / "o.csv"))
    assert "找不到文件或文件夹" in result.stderr


def _start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(GONGKAI), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_lines(path: Path, n: int, process: subprocess.Popen[bytes]) -> None:
    """Poll the journal until it has `n` lines; the batch must still be running then."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            assert process.poll() is None, "the batch finished before it could be interrupted"
            return
        time.sleep(0.01)
    raise AssertionError(f"no {n} lines in {path}")


def test_kill_9_then_rerun_resumes_with_every_file_once(tmp_path: Path) -> None:
    names = many(tmp_path / "in", 1500)
    out = tmp_path / "out.jsonl"
    args = ("parse", str(tmp_path / "in"), "-o", str(out), "--jobs", "2")
    with _start(*args) as first:
        _wait_for_lines(out, 20, first)
        first.send_signal(signal.SIGKILL)
        first.wait()
    done_before = out.read_bytes().count(b"\n")
    rerun = subprocess.run([str(GONGKAI), *args], capture_output=True, check=False)
    stderr = rerun.stderr.decode()
    assert rerun.returncode == 0, stderr
    skipped = int(stderr.split("跳过 ")[1].split(" 个")[0])
    assert 0 < skipped >= done_before - 1  # a line cut short by the kill is read again
    files = [json.loads(line)["file"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert files == sorted(names)  # each exactly once, in file order


def test_ctrl_c_keeps_the_journal_and_says_how_to_resume(tmp_path: Path) -> None:
    names = many(tmp_path / "in", 1500)
    out = tmp_path / "out.csv"
    args = ("check", str(tmp_path / "in"), "-o", str(out), "--jobs", "2")
    with _start(*args) as first:
        _wait_for_lines(journal_path(out), 20, first)
        os.kill(first.pid, signal.SIGINT)
        _, err = first.communicate(timeout=60)
    assert first.returncode == 130
    assert "已中断" in err.decode() and "再次运行" in err.decode()
    assert journal_path(out).exists() and not out.exists()
    rerun = subprocess.run([str(GONGKAI), *args], capture_output=True, check=False)
    assert rerun.returncode in (0, EXIT_FINDINGS), rerun.stderr.decode()
    assert "续跑：跳过此前已完成的" in rerun.stderr.decode()
    assert not journal_path(out).exists()
    rows = out.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert {row.split(",")[0] for row in rows} == set(names)
