"""The batch engine end to end: discovery, JSONL/CSV/XLSX, failures, resume, time limit."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gongkai.batch import BatchOptions, Summary, discover, run_batch
from gongkai.batch.files import journal_path
from gongkai.batch.journal import Journal
from gongkai.batch.outputs import CELL_PATHS, flatten
from gongkai.errors import InputError, SettingsError
from gongkai.readers import read_report
from gongkai.report import codec
from tests.batch.corpus import JUNK, make_corpus, touch_later


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    root = tmp_path / "reports"
    return root, make_corpus(root)


def run(root: Path, output: Path | None, **options: Any) -> Summary:
    return run_batch(discover([root]), BatchOptions(**options), output)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_discovery_walks_folders_sorted_and_skips_hidden_and_foreign_files(
    corpus: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, reports = corpus
    output = root / "out.xlsx"
    journal_path(output).write_text("", encoding="utf-8")
    found = [t.rel for t in discover([root], [output, journal_path(output)])]
    assert found == sorted([*reports, *JUNK])
    assert ".hidden.txt" not in found and "notes.rst" not in found
    one = sorted(reports)[0]
    assert [t.rel for t in discover([root / one])] == [Path(one).name]  # a file named is read
    with pytest.raises(InputError, match="找不到文件或文件夹"):
        discover([tmp_path / "missing"])


def test_jsonl_has_every_file_once_with_the_report_or_the_reason(
    corpus: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, reports = corpus
    out = tmp_path / "out.jsonl"
    summary = run(root, out, jobs=2)
    assert (summary.found, summary.read, len(summary.failed), summary.skipped) == (8, 5, 3, 0)
    assert summary.exit_code == 2
    by_file = {d["file"]: d for d in lines(out)}
    assert len(by_file) == len(lines(out)) == 8
    for rel, sample in reports.items():
        assert by_file[rel]["ok"] is True
        assert by_file[rel]["report"] == codec.to_dict(read_report(sample).report)
    for rel, reason in JUNK.items():
        assert by_file[rel]["ok"] is False
        assert reason in by_file[rel]["error"]
        assert by_file[rel]["hint"]
    assert {f.file for f in summary.failed} == set(JUNK)


def test_csv_has_a_row_per_file_and_a_column_per_cell(
    corpus: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, reports = corpus
    out = tmp_path / "out.csv"
    run(root, out, jobs=2)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    assert not journal_path(out).exists()
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0])
    assert header[:7] == ["文件", "状态", "错误", "提示", "机关", "年度", "模板"]
    assert header[7:] == list(CELL_PATHS)
    assert "applications.new[0]" in header and "reviews.reconsideration.total" in header
    assert [r["文件"] for r in rows] == sorted([*reports, *JUNK])
    for row in rows:
        if row["文件"] in JUNK:
            assert row["状态"] == "未能读取" and JUNK[row["文件"]] in row["错误"]
            continue
        report = codec.to_dict(read_report(reports[row["文件"]]).report)
        assert (row["状态"], row["机关"], row["年度"]) == (
            "已读取",
            report["agency"],
            str(report["year"]),
        )
        for path, value in flatten(report).items():
            assert row[path] == ("" if value is None else str(value)), path  # blank stays blank


def test_check_to_xlsx_has_three_sheets_with_bold_frozen_headers(
    corpus: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, reports = corpus
    out = tmp_path / "out.xlsx"
    summary = run(root, out, mode="check", jobs=2)
    assert summary.with_errors >= 1  # sample 000 lost two section headings (R01)
    assert summary.exit_code == 2  # unreadable files take precedence over findings
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["年报", "核对结果", "未能读取"]
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold and ws["A1"].value == "文件"
    reports_sheet = list(wb["年报"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in reports_sheet] == sorted([*reports, *JUNK])
    checks = list(wb["核对结果"].iter_rows(min_row=2, values_only=True))
    lost = next(rel for rel in reports if rel.endswith("000_405b3600a5967464.txt"))
    assert any(r[0] == lost and r[1] == "R01" and r[2] == "错误" for r in checks)
    assert {r[0] for r in checks} == set(reports)  # every read file, findings or not
    failed = list(wb["未能读取"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in failed} == set(JUNK)
    assert all(JUNK[str(r[0])] in str(r[1]) for r in failed)


def test_one_and_two_workers_give_the_same_output(
    corpus: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, _ = corpus
    run(root, tmp_path / "one.jsonl", mode="check", jobs=1)
    run(root, tmp_path / "two.jsonl", mode="check", jobs=2)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_rerun_skips_done_files_cuts_a_partial_line_and_redoes_changed_ones(
    corpus: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, reports = corpus
    out = tmp_path / "out.jsonl"
    run(root, out, jobs=2)
    complete = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(complete[:-2]) + complete[-2][:50])  # killed while writing
    changed = sorted(reports)[0]
    touch_later(root / changed)
    again = run(root, out, jobs=2)
    assert again.skipped == 8 - 2 - 1
    assert again.read + len(again.failed) == 3
    result = lines(out)
    assert sorted(d["file"] for d in result) == sorted([*reports, *JUNK])
    assert next(d for d in result if d["file"] == changed)["mtime_ns"] == (
        (root / changed).stat().st_mtime_ns
    )


def test_failed_files_count_as_done_unless_retried(
    corpus: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, _ = corpus
    out = tmp_path / "out.jsonl"
    run(root, out)
    again = run(root, out)
    assert (again.skipped, again.read, len(again.failed_before)) == (8, 0, 3)
    assert again.exit_code == 2  # the output still lacks three files
    retried = run(root, out, retry_failed=True)
    assert (retried.skipped, len(retried.failed)) == (5, 3)
    restarted = run(root, out, restart=True)
    assert (restarted.skipped, restarted.read) == (0, 5)
    assert len(lines(out)) == 8


def test_a_file_over_the_time_limit_fails_and_the_batch_goes_on(
    corpus: tuple[Path, dict[str, Path]], tmp_path: Path
) -> None:
    root, reports = corpus
    # 300 reports in one file: well over a second to read, far beyond a 0.05 s limit.
    (root / "huge.txt").write_bytes(next(iter(reports.values())).read_bytes() * 300)
    out = tmp_path / "out.jsonl"
    summary = run(root, out, jobs=2, timeout=0.05)
    by_file = {d["file"]: d for d in lines(out)}
    assert len(by_file) == 9  # every file has its line: the batch went on
    assert by_file["huge.txt"]["ok"] is False
    assert by_file["huge.txt"]["error"] == "读取超时（超过 0.05 秒）"
    assert "--timeout" in by_file["huge.txt"]["hint"]
    assert "huge.txt" in {f.file for f in summary.failed}


def test_options_and_a_second_writer_are_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="时间上限"):
        BatchOptions(timeout=0)
    with pytest.raises(SettingsError, match="内存上限"):
        BatchOptions(memory_mb=10)
    first = Journal(tmp_path / "out.jsonl")
    try:
        with pytest.raises(InputError, match="另一个批量任务正在写入"):
            Journal(tmp_path / "out.jsonl")
    finally:
        first.close()
