"""`gongkai oversight FOLDER -o summary.xlsx` on a generated county's folder of published files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from gongkai.cli import EXIT_INPUT, main
from gongkai.report import codec
from gongkai.report import format as fmt
from tests.oversight.region import Region, make_region, write_region

YEARS = (2021, 2022, 2023)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Region, Path]:
    region = make_region(45, years=YEARS, seed=11)
    root = tmp_path_factory.mktemp("county")
    write_region(region, root / "reports")
    (root / "reports/2023/broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    (root / "名单.txt").write_text("\n".join(region.agencies), encoding="utf-8")
    aliases = [f"{printed},{agency}" for agency, printed in region.printed.items()]
    (root / "别名.csv").write_text("别名,机关名称\n" + "\n".join(aliases), encoding="utf-8")
    return region, root


def test_a_folder_becomes_one_workbook_with_statuses_findings_indicators_and_totals(
    county: tuple[Region, Path],
) -> None:
    region, root = county
    out = root / "汇总.xlsx"
    result = run(
        "oversight", str(root / "reports"), "-o", str(out), "--jobs", "2",
        "--agencies", str(root / "名单.txt"), "--aliases", str(root / "别名.csv"),
        "--region", "临江县", "--today", "2026-11-23", "--totals-to", "json",
    )  # fmt: skip
    assert result.exit_code == EXIT_INPUT, result.stderr  # one file could not be read
    assert "2023/broken.pdf：" in result.stderr
    assert f"共 {len(region.reports) + 1} 个文件" in result.stderr
    assert f"2023 年度：{len(region.agencies)} 个机关" in result.stderr

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["报告与状态", "检查发现", "指标", "汇总", "无法使用的文件"]

    statuses = list(book["报告与状态"].iter_rows(min_row=2, values_only=True))
    assert len(statuses) == len(region.agencies) * len(YEARS)
    by_key = {(row[0], row[1]): row for row in statuses}
    for key in region.missing:
        assert by_key[key][2] == "未提交" and by_key[key][5] == "逾期未公开"
    for key in region.late:
        assert by_key[key][5].startswith("逾期 ")
    assert all(row[6] == "是" for row in statuses)  # every name matched the list

    findings = list(book["检查发现"].iter_rows(min_row=2, values_only=True))
    r14 = {(row[0], row[1]) for row in findings if row[2] == "R14" and row[4] == "不通过"}
    assert r14 == region.broken_chain
    r10 = {(row[0], row[1]) for row in findings if row[2] == "R10" and row[4] == "不通过"}
    assert r10 == region.spoiled

    totals = list(book["汇总"].iter_rows(values_only=True))
    heading = next(i for i, row in enumerate(totals) if row[0] and "2022 年度汇总" in str(row[0]))
    new_row = next(
        row for row in totals[heading:] if row[0] == fmt.APPLICATION_ROW_BY_KEY["new"].label
    )
    expected = sum(
        report.applications["new"][fmt.TOTAL]  # type: ignore[index]
        for (agency, year), report in region.reports.items()
        if year == 2022
    )
    assert new_row[fmt.TOTAL + 1] == expected
    written = codec.loads((root / "汇总.2022.json").read_text(encoding="utf-8"))
    assert written.agency == "临江县" and written.year == 2022
    assert written.applications is not None
    assert written.applications["new"][fmt.TOTAL] == expected

    indicators = list(book["指标"].iter_rows(min_row=2, values_only=True))
    assert sum(1 for row in indicators if row[0] == 2023 and row[1] in region.agencies) == len(
        [k for k in region.reports if k[1] == 2023]
    )
    assert any(row[1] == "中位数" for row in indicators)

    problems = list(book["无法使用的文件"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in problems] == ["2023/broken.pdf"]


def test_a_rerun_reads_only_what_changed_and_bad_options_say_what_to_do(
    county: tuple[Region, Path],
) -> None:
    _region, root = county
    out = root / "again.xlsx"
    first = run("oversight", str(root / "reports"), "-o", str(out), "--jobs", "2")
    assert first.exit_code == EXIT_INPUT
    again = run("oversight", str(root / "reports"), "-o", str(out), "--jobs", "2")
    assert "续跑：跳过此前已完成的" in again.stderr
    assert out.exists() and (root / "again.reports.jsonl").exists()

    wrong = run("oversight", str(root / "reports"), "-o", str(root / "x.csv"))
    assert wrong.exit_code == EXIT_INPUT and "应为 .xlsx 文件" in wrong.stderr
    (root / "bad.csv").write_text("只有一列\n", encoding="utf-8")
    bad = run(
        "oversight", str(root / "reports"), "-o", str(out), "--aliases", str(root / "bad.csv")
    )
    assert bad.exit_code == EXIT_INPUT and "应有两列" in bad.stderr
