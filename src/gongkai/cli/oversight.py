"""`gongkai oversight FOLDER... -o summary.xlsx`: a supervising office's folder of reports, summed up.

The files are read and checked by the batch engine (parallel, time- and memory-limited, and
resumable: the per-file results stay beside the workbook as `<name>.reports.jsonl`, so a rerun
reads only new or changed files); `gongkai.oversight` then places them by agency and year, runs
the cross-year rules, adds up and compares, and the workbook gets one sheet per question.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console

from gongkai.batch import BatchOptions, discover, runner
from gongkai.batch.files import REPORT_SUFFIXES, journal_path
from gongkai.batch.outputs import ordered
from gongkai.cli import EXIT_INPUT, main
from gongkai.cli.batch import EXIT_INTERRUPTED, SHOW_FAILED, _Display, batch_options
from gongkai.errors import GongkaiError, SettingsError
from gongkai.oversight.aggregate import Aggregate
from gongkai.oversight.collection import PUBLISHED, Aliases, Collection, collect, read_agency_list
from gongkai.oversight.overview import summarise
from gongkai.oversight.workbook import write_workbook
from gongkai.renderers import render_report
from gongkai.report import codec
from gongkai.workbench.intake import CHINA_TZ


@main.command()
@click.argument("folders", nargs=-1, required=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="汇总结果（.xlsx）"
)
@click.option(
    "--agencies", type=click.Path(path_type=Path), help="应报送年报的机关名单（每行一个机关名称）"
)
@click.option("--aliases", type=click.Path(path_type=Path), help="机关别名表（CSV：别名,机关名称）")
@click.option("--region", default="本地区", show_default=True, help="汇总的名称，如“某某县”")
@click.option("--year", "years", type=int, multiple=True, help="列入状态表的年度（可重复）")
@click.option(
    "--totals-to",
    "totals_to",
    multiple=True,
    type=click.Choice(["json", "docx", "pdf", "html", "md"]),
    help="另将各年度汇总表写成年报文件（可重复），与汇总结果放在同一目录",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="判断是否逾期所用的日期（默认今天）",
)
@batch_options
def oversight(  # noqa: PLR0917 (click passes one argument per option)
    folders: tuple[str, ...],
    output: Path,
    agencies: Path | None,
    aliases: Path | None,
    region: str,
    years: tuple[int, ...],
    totals_to: tuple[str, ...],
    today: datetime | None,
    jobs: int,
    timeout: float,
    memory_mb: int,
    restart: bool,
    retry_failed: bool,
) -> None:
    """汇总一批年报：报送状态、检查发现、指标比较和地区汇总，写入一个 Excel 文件。"""
    err = Console(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())
    try:
        if output.suffix.lower() != ".xlsx":
            raise SettingsError(f"汇总结果应为 .xlsx 文件：{output}", "例如 -o 汇总.xlsx")
        expected = read_agency_list(agencies) if agencies else []
        names = Aliases.from_csv(aliases, expected) if aliases else Aliases(known=expected)
        results = output.with_name(output.stem + ".reports.jsonl")
        tasks = discover(folders, [output, results, journal_path(results)])
        if not tasks:
            suffixes = "、".join(sorted(REPORT_SUFFIXES))
            raise SettingsError("没有找到年报文件", f"文件夹中应有以下后缀的文件：{suffixes}")
        options = BatchOptions(
            mode="check",
            jobs=jobs,
            timeout=timeout,
            memory_mb=memory_mb,
            restart=restart,
            retry_failed=retry_failed,
        )
        with _Display(err) as display:
            run = runner.run_batch(
                tasks, options, results, on_start=display.start, on_result=display.advance
            )
        if run.interrupted:
            err.print(
                f"[yellow]已中断[/]。用同一命令再次运行即可从中断处继续（结果保存在 {results}）"
            )
            sys.exit(EXIT_INTERRUPTED)
        day = today.date() if today else datetime.now(CHINA_TZ).date()
        collection = collect(
            ordered(results, [t.rel for t in tasks]),
            aliases=names,
            expected=expected,
            years=years,
            today=day,
        )
        summary = summarise(collection, region)
        write_workbook(summary, output)
        written = [
            _write_total(total, output, kind) for total in summary.totals for kind in totals_to
        ]
    except GongkaiError as error:
        err.print(f"[bold red]错误[/]：{error.message}")
        if error.hint:
            err.print(f"提示：{error.hint}")
        sys.exit(EXIT_INPUT)
    except OSError as error:
        err.print(f"[bold red]错误[/]：无法写入 {output}：{error.strerror or error}")
        err.print("提示：请确认文件没有在 Excel 中打开，且目录可写")
        sys.exit(EXIT_INPUT)
    _tell(err, collection, day, output)
    for path in written:
        err.print(f"汇总表已写入 {path}")
    sys.exit(EXIT_INPUT if collection.unreadable else 0)


def _tell(err: Console, c: Collection, day: date, output: Path) -> None:
    readable = len(c.files) - len(c.unreadable)
    err.print(
        f"共 {len(c.files)} 个文件：读取 {readable} 个，未能读取 {len(c.unreadable)} 个；"
        f"归入 {len(c.reports)} 份机关年度年报。"
    )
    for year in sorted({s.year for s in c.statuses}):
        rows = [s for s in c.statuses if s.year == year]
        states = Counter(s.state for s in rows)
        late = sum(1 for s in rows if s.late)
        missing = states.get("未提交", 0)
        err.print(
            f"  {year} 年度：{len(rows)} 个机关，已公开 {states.get(PUBLISHED, 0)}，"
            f"未公开 {missing}，逾期 {late}（截至 {day.isoformat()}）"
        )
    problems = [*c.unreadable, *c.unplaced]
    if problems:
        err.print("[bold red]未能使用的文件[/]：")
        for f in problems[:SHOW_FAILED]:
            why = f.error or "未读到发布机关或年度，无法归入"
            err.print(f"  {f.file}：{why}" + (f"（{f.hint}）" if f.hint else ""), markup=False)
        if len(problems) > SHOW_FAILED:
            err.print(f"  ……另有 {len(problems) - SHOW_FAILED} 个，完整名单见“无法使用的文件”表")
    err.print(f"汇总已写入 {output}")


def _write_total(total: Aggregate, output: Path, kind: str) -> Path:
    """One year's totals as a report file beside the workbook (JSON, or rendered like any report:
    the region's own report builds on it)."""
    target = output.with_name(f"{output.stem}.{total.year}.{kind}")
    if kind == "json":
        target.write_text(codec.dumps(total.report) + "\n", encoding="utf-8")
    else:
        target.write_bytes(render_report(total.report, kind))
    return target
