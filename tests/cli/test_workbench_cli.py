"""`gongkai demo` and `gongkai report` against a real SQLite file made by the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gongkai.cli import EXIT_INPUT, main
from gongkai.report import codec
from gongkai.report.rules import check_report
from tests.conftest import SAMPLES


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    result = run("demo", "--database", url, "--samples", str(SAMPLES))
    assert result.exit_code == 0, result.output
    assert "已建立演示数据" in result.stdout
    assert "jy_jb / 经办人 / 桐庐县教育局" in result.stdout
    assert "梓潼县工业和信息化局" in result.stdout  # the samples were read and checked too
    return url


def test_demo_is_created_once(demo_db: str) -> None:
    again = run("demo", "--database", demo_db)
    assert again.exit_code == 0
    assert "演示数据已存在" in again.stdout


def test_report_prints_a_consistent_annual_report(demo_db: str) -> None:
    result = run("report", "桐庐县教育局", "2025", "--database", demo_db)
    assert result.exit_code == 0, result.output
    report = codec.loads(result.stdout)
    assert report.agency == "桐庐县教育局" and report.year == 2025
    assert report.applications is not None and report.applications["new"][6] > 0
    arithmetic = {"R10", "R11", "R12", "R13", "R20", "R21", "R30"}
    assert [f for f in check_report(report) if f.rule in arithmetic and f.status == "failed"] == []
    region = json.loads(
        run("report", "县政务公开办", "2025", "--region", "--database", demo_db).stdout
    )
    assert region["applications"]["new"][6] > report.applications["new"][6]


def test_report_refuses_unknown_and_ambiguous_agencies(demo_db: str) -> None:
    unknown = run("report", "火星局", "2025", "--database", demo_db)
    assert unknown.exit_code == EXIT_INPUT
    assert "找不到机关" in unknown.stderr
    ambiguous = run("report", "桐庐县", "2025", "--database", demo_db)
    assert ambiguous.exit_code == EXIT_INPUT
    assert "对应多个机关" in ambiguous.stderr


def test_a_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    result = run("report", "x", "2025", "--database", "mysql://nobody/none")
    assert result.exit_code == EXIT_INPUT
    assert "不支持的数据库类型" in result.stderr


def test_import_ledger_dry_run_then_real_then_rerun(demo_db: str, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "登记编号",
            "申请人",
            "申请人类型",
            "申请方式",
            "收到日期",
            "申请内容",
            "答复日期",
            "答复结果",
        ]
    )
    sheet.append(
        ["TZ-2024-001", "王五", "自然人", "当面", "2024-03-05", "某文件", "2024-03-20", "予以公开"]
    )
    sheet.append(
        [
            "TZ-2024-002",
            "某公司",
            "商业企业",
            "邮寄",
            "2024/4/1",
            "某合同",
            "2024年4月10日",
            "本机关不掌握",
        ]
    )
    sheet.append(["TZ-2024-003", "赵六", "外星人", "当面", "2024-05-06", "某名单", "", ""])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    args = (
        "import-ledger",
        str(path),
        "--agency",
        "桐庐县民政局",
        "--user",
        "mz_jb",
        "--database",
        demo_db,
    )
    dry = run(*args, "--dry-run")
    assert dry.exit_code == 1  # one bad row
    assert "可导入2件" in dry.stdout and "第4行" in dry.stdout and "申请人类型" in dry.stdout
    real = run(*args)
    assert "导入2件" in real.stdout
    again = run(*args)
    assert "导入0件" in again.stdout and "已导入跳过2件" in again.stdout
    stranger = run(
        "import-ledger",
        str(path),
        "--agency",
        "桐庐县民政局",
        "--user",
        "jy_jb",
        "--database",
        demo_db,
    )
    assert stranger.exit_code == EXIT_INPUT


def test_load_holidays_needs_a_system_administrator(demo_db: str, tmp_path: Path) -> None:
    notice = tmp_path / "2031.json"
    notice.write_text('{"2031": {"holidays": {"2031-10-01": "国庆节"}, "workdays": []}}', "utf-8")
    refused = run("load-holidays", str(notice), "--user", "jy_gl", "--database", demo_db)
    assert refused.exit_code == EXIT_INPUT and "系统管理" in refused.stderr
    loaded = run("load-holidays", str(notice), "--user", "admin", "--database", demo_db)
    assert loaded.exit_code == 0 and "已载入 2031 年节假日安排" in loaded.stdout
    notice.write_text("{not json", "utf-8")
    broken = run("load-holidays", str(notice), "--user", "admin", "--database", demo_db)
    assert broken.exit_code == EXIT_INPUT and "JSON" in broken.stderr
