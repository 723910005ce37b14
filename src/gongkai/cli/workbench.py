"""Workbench commands: the annual report from the register, ledger import, demo data.

They open the database named by `--database` or GONGKAI_DATABASE_URL (default: a SQLite file in
GONGKAI_DATA_DIR), bring its schema up to date, and act as the system: the command line is an
administrator's tool on the server, not a user session.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click
from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from gongkai.cli import EXIT_INPUT, _console, _exit, _report_error, main, show_samples
from gongkai.db.engine import make_engine, migrate
from gongkai.errors import GongkaiError
from gongkai.report import codec
from gongkai.settings import Settings
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.orm import Agency, User, agency_subtree
from gongkai.workbench.statistics import DisputeCounting, build_report
from gongkai.workbench.store import session_factory, transaction

_database = click.option(
    "--database",
    "database_url",
    metavar="URL",
    help="数据库地址（默认取 GONGKAI_DATABASE_URL，或数据目录中的 SQLite 文件）",
)


@contextmanager
def _engine(database_url: str | None) -> Iterator[Engine]:
    try:
        url = database_url or Settings.from_env().database_url
        migrate(url)
        engine = make_engine(url)
    except GongkaiError as err:
        _report_error("数据库", err)
        _exit(EXIT_INPUT)
    try:
        yield engine
    finally:
        engine.dispose()


def _agency(session: Session, name_or_id: str) -> Agency:
    """An agency by id or by (part of) its name; refuses ambiguous names."""
    query = select(Agency).where(Agency.archived_at.is_(None))
    if name_or_id.isdigit():
        query = query.where(or_(Agency.id == int(name_or_id), Agency.name == name_or_id))
    else:
        query = query.where(Agency.name.contains(name_or_id))
    found = session.scalars(query.order_by(Agency.id)).all()
    exact = [a for a in found if a.name == name_or_id or str(a.id) == name_or_id]
    if len(exact) == 1:
        return exact[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise GongkaiError(
            f"找不到机关“{name_or_id}”。", "请输入机关的编号或名称（可只写名称的一部分）。"
        )
    names = "、".join(f"{a.name}（{a.id}）" for a in found[:10])
    raise GongkaiError(f"“{name_or_id}”对应多个机关：{names}。", "请写出完整名称或使用编号。")


@main.command()
@click.argument("agency")
@click.argument("year", type=click.IntRange(2008, 2100))
@_database
@click.option("--region", is_flag=True, help="汇总该机关及其所辖全部机关")
@click.option(
    "--disputes",
    type=click.Choice([c.value for c in DisputeCounting]),
    default=DisputeCounting.FILED.value,
    show_default=True,
    help="表四统计口径：filed＝本年立案的案件；active＝本年立案及年初尚未审结的案件",
)
@click.option("--compact", is_flag=True, help="紧凑输出（不缩进）")
def report(  # noqa: PLR0917 (click passes one argument per option)
    agency: str, year: int, database_url: str | None, region: bool, disputes: str, compact: bool
) -> None:
    """按登记数据生成 AGENCY（编号或名称）YEAR 年度报告的统计表，输出标准 JSON。"""
    with _engine(database_url) as engine, Session(engine) as session:
        try:
            found = _agency(session, agency)
            ids = list(session.scalars(agency_subtree(found.id))) if region else [found.id]
            result = build_report(
                session, found.name, ids, year, disputes=DisputeCounting(disputes)
            )
        except GongkaiError as err:
            _report_error(agency, err)
            _exit(EXIT_INPUT)
    click.echo(codec.dumps(result, indent=None if compact else 2))


@main.command()
@_database
@click.option(
    "--samples",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="同时读取并核对该文件夹中的年报文本",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="演示数据的随机种子")
def demo(database_url: str | None, samples: Path | None, seed: int) -> None:
    """建立演示数据（一个县的政务公开办和若干机关，几年的申请、主动公开与复议诉讼），打印概况。"""
    from gongkai.workbench.demo import build_demo

    now = datetime.now(CHINA_TZ)
    with _engine(database_url) as engine:
        try:
            summary = build_demo(engine, now=now, seed=seed)
        except GongkaiError as err:
            _report_error("演示数据", err)
            _exit(EXIT_INPUT)
    console = _console()
    for line in summary.lines():
        console.print(line)
    if samples is not None:
        console.print()
        show_samples(samples)


@main.command("import-ledger")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--agency", required=True, help="导入到哪个机关（编号或名称）")
@click.option("--user", "login", required=True, help="以哪个用户的名义登记（登录名，记入审计日志）")
@click.option("--dry-run", is_flag=True, help="只检查并报告将导入的内容，不写入数据库")
@_database
def import_ledger_command(
    file: Path, agency: str, login: str, dry_run: bool, database_url: str | None
) -> None:
    """从 Excel 台账（.xlsx）导入依申请公开记录：按表头识别列，已导入的登记编号自动跳过。"""
    from gongkai.workbench.ledger import import_ledger

    now = datetime.now(CHINA_TZ)
    with _engine(database_url) as engine:
        try:
            with transaction(session_factory(engine)) as session:
                found = _agency(session, agency)
                user = _user(session, login)
                result = import_ledger(session, user.id, found.id, file, now=now, dry_run=dry_run)
        except GongkaiError as err:
            _report_error(str(file), err)
            _exit(EXIT_INPUT)
    click.echo(result.summary)
    for note in result.problems:
        click.echo(f"  {note.sheet} 第{note.row}行 {note.column}：{note.message}")
    if result.failed:
        _exit(1)


@main.command("load-holidays")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "login", required=True, help="系统管理员的登录名（记入审计日志）")
@_database
def load_holidays_command(file: Path, login: str, database_url: str | None) -> None:
    """载入国务院公布的某年节假日安排（JSON），并重新计算受影响的暂定期限。"""
    from gongkai.workbench.calendar_table import load_holidays

    now = datetime.now(CHINA_TZ)
    with _engine(database_url) as engine:
        try:
            text = file.read_text(encoding="utf-8")
            with transaction(session_factory(engine)) as session:
                loaded = load_holidays(session, _user(session, login).id, text, now=now)
        except (GongkaiError, OSError, UnicodeDecodeError) as err:
            if not isinstance(err, GongkaiError):
                err = GongkaiError(
                    f"无法读取文件 {file}（{err}）", "请提供 UTF-8 编码的 JSON 文件。"
                )
            _report_error(str(file), err)
            _exit(EXIT_INPUT)
    years = "、".join(str(y) for y in loaded.years)
    click.echo(
        f"已载入 {years} 年节假日安排；重新计算申请期限 {loaded.applications_recomputed} 件、"
        f"主动公开期限 {loaded.publications_recomputed} 件。"
    )


def _user(session: Session, login: str) -> User:
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        raise GongkaiError(f"找不到用户“{login}”。", "请输入已建立的用户登录名。")
    return user
