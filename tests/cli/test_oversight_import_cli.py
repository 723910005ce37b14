"""`gongkai import-reports`: a folder of published reports filed into the demo county's database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.cli import EXIT_INPUT, main, oversight_import
from gongkai.cli.batch import EXIT_INTERRUPTED
from gongkai.db.engine import make_engine
from gongkai.renderers import render_report
from gongkai.workbench.orm import AuditEntry, PublishedFile
from tests.builders import document, make_report, with_cells


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def report_file(agency: str, year: int, cells: dict[str, int] | None = None) -> bytes:
    report = make_report(agency=agency, year=year, document=document(agency, year))
    return render_report(with_cells(report, cells or {}), "txt")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("import-demo") / "demo.sqlite3"
    assert run("demo", "--database", f"sqlite:///{path}").exit_code == 0
    return path


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> str:
    copy = tmp_path / "gongkai.sqlite3"
    shutil.copyfile(demo_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two good files, the same file twice, a rival for one agency-year, an outsider, a poem."""
    root = tmp_path / "年报"
    (root / "2024").mkdir(parents=True)
    (root / "2024" / "a-教育局.txt").write_bytes(report_file("桐庐县教育局", 2024))
    (root / "2024" / "b-教育局副本.txt").write_bytes(report_file("桐庐县教育局", 2024))
    (root / "2024" / "c-教育局修订.txt").write_bytes(
        report_file("桐庐县教育局", 2024, {"applications.new[0]": 7})
    )
    (root / "2024" / "民政局.txt").write_bytes(report_file("桐庐县 民政局", 2024))
    (root / "外省某局.txt").write_bytes(report_file("外省某局", 2024))
    (root / "诗.txt").write_text("床前明月光，疑是地上霜。", "utf-8")
    return root


def count(url: str, table: type) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return int(session.scalar(select(func.count()).select_from(table)) or 0)
    finally:
        engine.dispose()


def files(url: str) -> list[tuple[str, int, str]]:
    """The files this test filed (named by their path in the folder), by name."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.scalars(select(PublishedFile).order_by(PublishedFile.file_name))
            return [(r.file_name, r.year, r.report["agency"]) for r in rows if "/" in r.file_name]
    finally:
        engine.dispose()


def live_files(url: str) -> dict[tuple[str, int], str]:
    """The file each agency-year is filed under now (replaced ones left out)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.scalars(select(PublishedFile).where(PublishedFile.archived_at.is_(None)))
            return {(r.report["agency"], r.year): r.file_name for r in rows}
    finally:
        engine.dispose()


def test_a_folder_is_filed_each_bad_file_named_and_a_rerun_changes_nothing(
    db: str, folder: Path
) -> None:
    args = ("import-reports", str(folder), "--user", "gkb", "--database", db, "--jobs", "2")
    before = count(db, PublishedFile)  # the demo's townships' files
    dry = run(*args, "--dry-run")
    assert dry.exit_code == EXIT_INPUT, dry.output
    assert "试运行（数据库未作改动）" in dry.stderr
    assert "2024/民政局.txt：将归入“桐庐县民政局” 2024 年度" in dry.stderr
    assert count(db, PublishedFile) == before

    real = run(*args)
    assert real.exit_code == EXIT_INPUT  # three files could not be filed
    out = real.stderr
    assert "共 6 个文件：新归入 2 个，替换旧文件 0 个，与已有相同 1 个；未能导入 3 个。" in out
    assert "2024/b-教育局副本.txt" not in out.split("未能导入的文件")[1]  # the same bytes: skipped
    assert "2024/c-教育局修订.txt：与 2024/a-教育局.txt 同为“桐庐县教育局” 2024 年度的年报" in out
    assert "外省某局.txt：年报的发布机关“外省某局”不在您所辖的机关中" in out and "别名表" in out
    assert "诗.txt：未找到年报的章节标题或统计表" in out  # the reader's reason, the name once
    assert files(db) == [
        ("2024/a-教育局.txt", 2024, "桐庐县教育局"),
        ("2024/民政局.txt", 2024, "桐庐县民政局"),  # the reader drops the space
    ]
    audited = count(db, AuditEntry)

    again = run(*args)
    assert "新归入 0 个，替换旧文件 0 个，与已有相同 3 个；未能导入 3 个" in again.stderr
    assert count(db, PublishedFile) == before + 2 and count(db, AuditEntry) == audited

    (folder / "2024" / "c-教育局修订.txt").rename(folder / "2024" / "0-教育局修订.txt")
    newer = run(*args)
    assert "新归入 0 个，替换旧文件 1 个" in newer.stderr
    assert count(db, PublishedFile) == before + 3  # the older file kept, archived
    assert ("2024/0-教育局修订.txt", 2024, "桐庐县教育局") in files(db)

    (folder / "2024" / "0-教育局修订.txt").rename(folder / "2024" / "c-教育局修订.txt")
    rerun = run(*args)  # the replaced file sorts first again: it must not come back
    assert (
        "新归入 0 个，替换旧文件 0 个，与已有相同 2 个，已被较新文件替换过 2 个；未能导入 2 个"
        in rerun.stderr
    ), rerun.stderr
    assert "2024/a-教育局.txt：曾归入“桐庐县教育局” 2024 年度，后已被较新的文件替换" in rerun.stderr
    assert count(db, PublishedFile) == before + 3
    live = live_files(db)
    assert live["桐庐县教育局", 2024] == "2024/0-教育局修订.txt"


def test_only_a_supervisor_imports_and_an_empty_folder_is_refused(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "空"
    folder.mkdir()
    (folder / "说明.docx.bak").write_text("x", "utf-8")
    before = count(db, PublishedFile)
    empty = run("import-reports", str(folder), "--user", "gkb", "--database", db)
    assert empty.exit_code == EXIT_INPUT and "没有找到年报文件" in empty.stderr
    (folder / "教育局.txt").write_bytes(report_file("桐庐县教育局", 2024))
    clerk = run("import-reports", str(folder), "--user", "jy_jb", "--database", db)
    assert clerk.exit_code == EXIT_INPUT and "没有“监督审核”权限" in clerk.stderr
    nobody = run("import-reports", str(folder), "--user", "nobody", "--database", db)
    assert nobody.exit_code == EXIT_INPUT and "找不到用户" in nobody.stderr
    assert count(db, PublishedFile) == before
    missing = run("import-reports", str(tmp_path / "无此目录"), "--user", "gkb", "--database", db)
    assert missing.exit_code == EXIT_INPUT and "找不到文件或文件夹" in missing.stderr


def test_an_interrupt_while_filing_keeps_what_was_filed_and_says_so(
    db: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = oversight_import._file_one
    calls = []

    def file_then_stop(*args: object) -> object:  # Ctrl-C arrives while the second file is filed
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(oversight_import, "_file_one", file_then_stop)
    before = count(db, PublishedFile)
    stopped = run("import-reports", str(folder), "--user", "gkb", "--database", db)
    assert stopped.exit_code == EXIT_INTERRUPTED
    assert "已中断：已处理 1 个文件，其余 5 个尚未导入" in stopped.stderr
    assert count(db, PublishedFile) == before + 1  # the first file stays filed
    monkeypatch.undo()
    again = run("import-reports", str(folder), "--user", "gkb", "--database", db)
    assert "新归入 1 个，替换旧文件 0 个，与已有相同 2 个" in again.stderr, again.stderr
