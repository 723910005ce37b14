"""`gongkai letter` and `gongkai letter-template` against a SQLite file made by the test."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from gongkai.cli import EXIT_INPUT, main
from gongkai.db.engine import make_engine, migrate
from gongkai.workbench import applications as svc
from gongkai.workbench.applications import Applicant, Entry, NewApplication
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.lifecycle import EventKind as E
from tests.db.county import NOW, make_county


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A county with one decided application, 2025-00001 of 桐庐县教育局."""
    url = f"sqlite:///{tmp_path / 'letters.sqlite3'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine) as session:
        county = make_county(session)
        new = NewApplication(
            Applicant("natural_person", "张三"),
            "当面",
            datetime(2025, 9, 22, 10, tzinfo=CHINA_TZ),
            "2025年招生计划",
        )
        app = svc.register(session, county.id("clerk"), county.bureau.id, new, now=NOW)
        entry = Entry(E.DECIDE, date(2025, 9, 30), outcome="withheld_internal_affairs")
        svc.record_step(session, county.id("clerk"), app.id, entry, now=NOW)
        session.commit()
    engine.dispose()
    return url


def _letter(db: str, out: Path, *extra: str, user: str = "clerk") -> Result:
    return run(
        "letter", "2025-00001", "--agency", "教育局", "--user", user, "-o", str(out),
        "--database", db, *extra,
    )  # fmt: skip


def test_letter_as_text_and_as_docx(db: str, tmp_path: Path) -> None:
    out = tmp_path / "reply.md"
    result = _letter(db, out)
    assert result.exit_code == 0, result.output
    assert "已生成" in result.stdout and "政府信息公开申请答复书" in result.stdout
    assert "acceptance（受理回执，--event 1）" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert "《中华人民共和国政府信息公开条例》第十六条第一款" in text
    assert "60日内依法申请行政复议" in text
    receipt = tmp_path / "receipt"
    result = _letter(db, receipt, "--kind", "受理回执", "--to", "txt")
    assert result.exit_code == 0, result.output
    assert receipt.read_text(encoding="utf-8").startswith("政府信息公开申请受理回执")

    import docx

    word = tmp_path / "reply.docx"
    assert _letter(db, word, "--event", "2").exit_code == 0
    assert any("第十六条第一款" in p.text for p in docx.Document(str(word)).paragraphs)


def test_letter_errors_are_chinese_and_write_nothing(db: str, tmp_path: Path) -> None:
    out = tmp_path / "x.md"
    cases = [
        (("--kind", "correction"), "clerk", "尚无“要求补正”的办理记录"),
        (("--kind", "notice"), "clerk", "未知的文书种类"),
        (("--event", "7"), "clerk", "没有第7条办理记录"),
        ((), "other", "不存在或您无权查看"),
        ((), "nobody", "找不到用户"),
        (("--to", "rtf"), "clerk", "不支持的输出格式"),
    ]
    for extra, user, words in cases:
        result = _letter(db, out, *extra, user=user)
        assert result.exit_code == EXIT_INPUT, (extra, result.output)
        assert words in result.stderr and "Traceback" not in result.output
        assert not out.exists()
    result = _letter(db, tmp_path / "noext", user="clerk")
    assert result.exit_code == EXIT_INPUT and "无法从输出文件名" in result.stderr
    wrong = run(
        "letter", "2099-1", "--agency", "教育局", "--user", "clerk", "-o", str(out),
        "--database", db,
    )  # fmt: skip
    assert wrong.exit_code == EXIT_INPUT and "不存在或您无权查看" in wrong.stderr


def _template(db: str, *args: str, user: str = "admin") -> Result:
    return run("letter-template", *args, "--user", user, "--database", db)


def test_show_set_use_and_reset_a_template(db: str, tmp_path: Path) -> None:
    shown = _template(db, "reply", "--show", "--agency", "教育局")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("政府信息公开申请答复书\n")
    assert "当前使用：默认模板" in shown.stderr and "decision（" in shown.stderr
    source = tmp_path / "reply.txt"
    source.write_text("教育局答复\n\n{{ applicant }}：\n\n{{ decision }}\n", encoding="utf-8")
    saved = _template(db, "reply", "--set", str(source), "--agency", "教育局")
    assert saved.exit_code == 0, saved.output
    assert "已保存答复书模板（本机关自定义模板）" in saved.stdout
    out = tmp_path / "reply.md"
    assert _letter(db, out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 教育局答复")
    reset = _template(db, "答复书", "--reset", "--agency", "教育局")
    assert reset.exit_code == 0 and "现使用：默认模板" in reset.stdout
    assert _letter(db, out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# 政府信息公开申请答复书")


def test_template_errors(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("答复书\n\n{{ applicant }}：\n{{ nosuch }}\n", encoding="utf-8")
    result = _template(db, "reply", "--set", str(bad), "--agency", "教育局")
    assert result.exit_code == EXIT_INPUT
    assert "第4行使用了未知的变量“nosuch”" in result.stderr and "可以使用的变量" in result.stderr
    binary = tmp_path / "gbk.txt"
    binary.write_bytes("答复书".encode("gbk"))
    result = _template(db, "reply", "--set", str(binary), "--agency", "教育局")
    assert result.exit_code == EXIT_INPUT and "UTF-8" in result.stderr
    denied = _template(db, "reply", "--set", str(bad))  # system-wide by an agency admin
    assert denied.exit_code == EXIT_INPUT and "没有“系统管理”权限" in denied.stderr
    for args in ((), ("--show", "--reset")):
        result = _template(db, "reply", *args)
        assert result.exit_code == EXIT_INPUT and "三者选一" in result.stderr
    result = _template(db, "reply", "--reset", "--agency", "教育局")
    assert result.exit_code == EXIT_INPUT and "没有自定义内容" in result.stderr
    assert _template(db, "fee", "--show", user="root").exit_code == 0
