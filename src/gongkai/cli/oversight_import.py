"""`gongkai import-reports FOLDER... --user LOGIN`: a folder of published reports into the workbench.

For a supervising office whose agencies publish without the workbench: the batch engine reads
and checks the files (in parallel, time- and memory-limited), then each is filed in file order,
in its own transaction, under its agency (names through the office's alias table) and year,
exactly as an upload on 督导 · 年报文件 is. The same file again changes nothing, so a rerun after
adding files or aliases files only what is new. Every file not filed is named, with why.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from sqlalchemy.orm import Session

from gongkai.batch import BatchOptions, discover, runner
from gongkai.batch.files import REPORT_SUFFIXES
from gongkai.batch.outputs import ordered
from gongkai.cli import EXIT_INPUT, main
from gongkai.cli.batch import EXIT_INTERRUPTED, _Display, reading_options
from gongkai.cli.workbench import _database, _engine, _user
from gongkai.errors import GongkaiError, SettingsError
from gongkai.report import codec
from gongkai.report.model import AnnualReport
from gongkai.workbench import access
from gongkai.workbench.access import Action
from gongkai.workbench.oversight_files import Filing, Placer, file_report
from gongkai.workbench.store import session_factory, unit

_COUNTED = {
    Filing.ADDED: "新归入",
    Filing.REPLACED: "替换旧文件",
    Filing.UNCHANGED: "与已有相同",
    Filing.SUPERSEDED: "已被较新文件替换过",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    file: str
    filing: Filing | None  # None: not filed
    text: str


@dataclass(frozen=True, slots=True)
class _Run:
    session: Session  # one for the run, one transaction a file: the agency tree looked up once
    actor: int
    placer: Placer
    names: Mapping[int, str]
    now: datetime
    dry_run: bool


@main.command("import-reports")
@click.argument("folders", nargs=-1, required=True)
@click.option(
    "--user", "login", required=True, help="以哪个督导用户的名义导入（登录名，记入审计日志）"
)
@click.option(
    "--dry-run", is_flag=True, help="只读取并报告每个文件将归入哪个机关和年度，不写入数据库"
)
@reading_options
@_database
def import_reports(  # noqa: PLR0917 (click passes one argument per option)
    folders: tuple[str, ...],
    login: str,
    dry_run: bool,
    jobs: int,
    timeout: float,
    memory_mb: int,
    database_url: str | None,
) -> None:
    """把一批已公开的年报文件导入工作台的督导数据（与在“年报文件与别名”中上传相同）。"""
    err = Console(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())
    with _engine(database_url) as engine, session_factory(engine)() as session:
        try:
            user = _user(session, login)
            access.require(session, user, Action.SUPERVISE, user.agency_id)
            run = _Run(
                session,
                user.id,
                Placer(session, user),
                access.agency_names(session, user),
                datetime.now(UTC),  # as the web app records moments
                dry_run,
            )
            session.commit()  # end the read; each file has its own transaction
            tasks = discover(folders)
            if not tasks:
                suffixes = "、".join(sorted(REPORT_SUFFIXES))
                raise SettingsError("没有找到年报文件", f"文件夹中应有以下后缀的文件：{suffixes}")
        except GongkaiError as error:
            _fail(err, error)
        with tempfile.TemporaryDirectory(prefix="gongkai-import-") as tmp:
            results = Path(tmp) / "reports.jsonl"
            options = BatchOptions(mode="check", jobs=jobs, timeout=timeout, memory_mb=memory_mb)
            with _Display(err) as display:
                read = runner.run_batch(
                    tasks, options, results, on_start=display.start, on_result=display.advance
                )
            if read.interrupted:
                err.print("[yellow]已中断[/]，尚未导入任何文件。再次运行同一命令即可。")
                sys.exit(EXIT_INTERRUPTED)
            paths = {t.rel: Path(t.path) for t in tasks}
            kept: dict[tuple[int, int], tuple[str, str]] = {}
            outcomes: list[Outcome] = []
            try:
                for data in ordered(results, [t.rel for t in tasks]):
                    outcomes.append(_file_one(run, data, paths[data["file"]], kept))
            except KeyboardInterrupt:  # each file filed so far is committed; the next run skips it
                _tell(err, outcomes, dry_run)
                err.print(
                    f"[yellow]已中断[/]：已处理 {len(outcomes)} 个文件，其余 "
                    f"{len(tasks) - len(outcomes)} 个尚未导入。再次运行同一命令即可继续。"
                )
                sys.exit(EXIT_INTERRUPTED)
    _tell(err, outcomes, dry_run)
    sys.exit(EXIT_INPUT if any(o.filing is None for o in outcomes) else 0)


def _file_one(
    run: _Run, data: dict[str, Any], path: Path, kept: dict[tuple[int, int], tuple[str, str]]
) -> Outcome:
    """File one read result in its own transaction; whatever goes wrong is this file's alone."""
    rel = str(data["file"])
    if not data.get("ok"):
        error = str(data.get("error", "")).removeprefix(f"{path.name}：")  # readers name the file
        return Outcome(rel, None, _reason(error, data.get("hint", "")))
    try:
        report = codec.from_dict(data["report"], validated=True)
        key = _key(run.placer, report)
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        if key is not None and key in kept:
            return _second(run, rel, key, kept[key], sha256)
        with unit(run.session):
            filed = file_report(
                run.session,
                run.actor,
                rel,
                sha256,
                report,
                data.get("findings", []),
                now=run.now,
                placer=run.placer,
            )
            text = filed.told(run.names.get(filed.row.agency_id, ""))
            if run.dry_run:
                run.session.rollback()
        run.session.expunge_all()  # the files filed so far need not stay in memory
        if key is not None and filed.filing is not Filing.SUPERSEDED:
            kept[key] = (rel, sha256)
        return Outcome(rel, filed.filing, text)
    except GongkaiError as error:
        return Outcome(rel, None, _reason(error.message, error.hint))
    except OSError as error:
        return Outcome(rel, None, _reason(f"读取后无法再打开文件：{error.strerror or error}", ""))


def _second(
    run: _Run, rel: str, key: tuple[int, int], first: tuple[str, str], sha256: str
) -> Outcome:
    """A second file of this run for an agency-year: the first one in file order is kept."""
    what = f"“{run.names.get(key[0], '')}” {key[1]} 年度"
    if sha256 == first[1]:
        return Outcome(rel, Filing.UNCHANGED, f"与 {first[0]} 内容相同（{what}），未重复导入")
    return Outcome(
        rel,
        None,
        _reason(
            f"与 {first[0]} 同为{what}的年报，未导入",
            "同一次导入中，同一机关同一年度只取排在前面的文件；如应以此文件为准，请单独导入它",
        ),
    )


def _key(placer: Placer, report: AnnualReport) -> tuple[int, int] | None:
    if report.agency is None or report.year is None:
        return None
    try:
        return placer.place(report.agency), report.year
    except GongkaiError:
        return None  # file_report says why, in the same words


def _reason(error: str, hint: str) -> str:
    return f"{error}（{hint}）" if hint else error


def _tell(err: Console, outcomes: list[Outcome], dry_run: bool) -> None:
    counts = Counter(o.filing for o in outcomes)
    done = "，".join(
        f"{label} {counts[filing]} 个"
        for filing, label in _COUNTED.items()
        if counts[filing] or filing is not Filing.SUPERSEDED  # said only when it happened
    )
    failed = [o for o in outcomes if o.filing is None]
    head = "试运行（数据库未作改动）：" if dry_run else ""
    err.print(f"{head}共 {len(outcomes)} 个文件：{done}；未能导入 {len(failed)} 个。")
    if dry_run:
        for o in outcomes:
            if o.filing is not None:
                text = f"将{o.text[1:]}" if o.text.startswith("已") else o.text
                err.print(f"  {o.file}：{text}", markup=False)
    else:
        superseded = [o for o in outcomes if o.filing is Filing.SUPERSEDED]
        if superseded:
            err.print("以下文件此前已被同一机关同一年度较新的文件替换，本次未再导入：")
            for o in superseded:
                err.print(f"  {o.file}：{o.text}", markup=False)
    if failed:
        err.print("[bold red]未能导入的文件[/]：")
        for o in failed:
            err.print(f"  {o.file}：{o.text}", markup=False)


def _fail(err: Console, error: GongkaiError) -> NoReturn:
    err.print(f"[bold red]错误[/]：{error.message}")
    if error.hint:
        err.print(f"提示：{error.hint}")
    sys.exit(EXIT_INPUT)
