"""Workbench commands: the annual report from the register, ledger import, demo data, letters.

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
from gongkai.workbench.orm import Agency, Application, User, agency_subtree
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
            summary = build_demo(engine, now=now, seed=seed, oversight=True)
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


_LETTER_FORMATS = "docx|pdf|md|txt"


@main.command("letter")
@click.argument("number")
@click.option("--agency", required=True, help="申请所属机关（编号或名称）")
@click.option("--user", "login", required=True, help="以哪个用户的名义出具（登录名）")
@click.option(
    "--kind",
    help="文书种类：acceptance 受理回执、correction 补正告知书、extension 延期答复告知书、"
    "consultation 征求第三方意见函、fee 收费通知、reply 答复书、closing 终止处理告知书",
)
@click.option("--event", "event_seq", type=int, help="办理记录的序号（默认取最近一条对应的记录）")
@click.option(
    "--to", "to", metavar="FORMAT", help=f"输出格式：{_LETTER_FORMATS}（默认按 -o 的扩展名）"
)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="输出文件")
@_database
def letter_command(  # noqa: PLR0917 (click passes one argument per option)
    number: str,
    agency: str,
    login: str,
    kind: str | None,
    event_seq: int | None,
    to: str | None,
    output: Path,
    database_url: str | None,
) -> None:
    """为登记编号为 NUMBER 的申请出具文书（受理回执、补正告知书、答复书等），生成 Word、PDF 或文本。"""
    from gongkai.renderers import format_name, render_document
    from gongkai.workbench.letters import letter, letters_for

    now = datetime.now(CHINA_TZ)
    with _engine(database_url) as engine:
        try:
            if not to and not output.suffix:
                raise GongkaiError(
                    f"无法从输出文件名 {output.name} 判断格式。",
                    f"请用 --to 指定格式（{_LETTER_FORMATS}）。",
                )
            key = format_name(to or output.suffix)
            with transaction(session_factory(engine)) as session:
                user = _user(session, login)
                app_id = _application(session, _agency(session, agency).id, number)
                doc = letter(session, user.id, app_id, kind, event_seq, now=now)
                offered = letters_for(session, user.id, app_id)
            data = render_document(doc, key)
            _write(output, data)
        except (GongkaiError, OSError) as err:
            if not isinstance(err, GongkaiError):
                err = GongkaiError(f"无法写入 {output}（{err}）", "请检查输出路径是否可写。")
            _report_error(number, err)
            _exit(EXIT_INPUT)
    click.echo(f"已生成 {output}：{doc.title}（{key.upper()}，{len(data) / 1024:.1f} KB）")
    others = "、".join(f"{a.kind.value}（{a.kind.label}，--event {a.event_seq}）" for a in offered)
    click.echo(f"该申请可以出具：{others}")


@main.command("letter-template")
@click.argument("kind")
@click.option(
    "--user", "login", required=True, help="机关管理员或系统管理员的登录名（记入审计日志）"
)
@click.option("--agency", help="机关（编号或名称）；不填为全系统模板")
@click.option("--show", is_flag=True, help="显示当前使用的模板和可用变量")
@click.option(
    "--set",
    "source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="用该文件（UTF-8 文本）的内容替换模板",
)
@click.option("--reset", is_flag=True, help="删除自定义内容，恢复上一级或默认模板")
@_database
def letter_template_command(  # noqa: PLR0917 (click passes one argument per option)
    kind: str,
    login: str,
    agency: str | None,
    show: bool,
    source: Path | None,
    reset: bool,
    database_url: str | None,
) -> None:
    """显示、修改或恢复文书模板（KIND：acceptance、correction、extension、consultation、fee、reply、closing）。"""
    from gongkai.workbench.letter_templates import VARIABLES, letter_kind
    from gongkai.workbench.letters import reset_template, set_template, template_for

    if show + reset + (source is not None) != 1:
        _report_error(
            kind, GongkaiError("请选择一种操作。", "--show、--set FILE、--reset 三者选一。")
        )
        _exit(EXIT_INPUT)
    now = datetime.now(CHINA_TZ)
    with _engine(database_url) as engine:
        try:
            found = letter_kind(kind)
            text = source.read_text(encoding="utf-8") if source is not None else ""
            with transaction(session_factory(engine)) as session:
                user = _user(session, login)
                agency_id = _agency(session, agency).id if agency else None
                if source is not None:
                    set_template(session, user.id, found, text, agency_id=agency_id, now=now)
                elif reset:
                    reset_template(session, user.id, found, agency_id=agency_id, now=now)
                current = template_for(session, agency_id, found)
        except (GongkaiError, OSError, UnicodeDecodeError) as err:
            if not isinstance(err, GongkaiError):
                err = GongkaiError(
                    f"无法读取文件 {source}（{err}）", "请提供 UTF-8 编码的文本文件。"
                )
            _report_error(kind, err)
            _exit(EXIT_INPUT)
    if show:
        click.echo(current.body, nl=not current.body.endswith("\n"))
        err_console = _console(stderr=True)
        err_console.print(f"当前使用：{current.origin_label}（{found.label}）")
        err_console.print(
            "可用变量：" + "；".join(f"{k}（{v}）" for k, v in VARIABLES[found].items())
        )
    elif reset:
        click.echo(f"已恢复{found.label}模板，现使用：{current.origin_label}。")
    else:
        click.echo(f"已保存{found.label}模板（{current.origin_label}）。")


def _application(session: Session, agency_id: int, number: str) -> int:
    found = session.scalar(
        select(Application.id).where(
            Application.agency_id == agency_id,
            Application.number == number.strip(),
            Application.archived_at.is_(None),
        )
    )
    if found is None:
        raise GongkaiError(
            f"申请（登记编号 {number}）不存在或您无权查看。", "请核对登记编号和机关。"
        )
    return int(found)


def _write(output: Path, data: bytes) -> None:
    """Write through a temporary file beside the target, so a failure leaves no half file."""
    partial = output.with_name(output.name + ".part")
    partial.write_bytes(data)
    partial.replace(output)
