"""The command line: parse arguments, call one library function, print the result or the error.

Exit codes: 0 all good; 1 the checker found an error-level problem; 2 a file could not be read
(or the command was misused); 3 an internal error (a bug: the message asks to report it). Messages are in Chinese; `GONGKAI_DEBUG=1` shows tracebacks.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.table import Table

from gongkai.cli.batch import batch_options, batch_wanted, run_batch
from gongkai.errors import GongkaiError, InputError
from gongkai.readers import KINDS_BY_SUFFIX, ReaderOptions, ReadResult, read_bytes, read_report
from gongkai.report import codec
from gongkai.report.finding import SEVERITY_ZH, STATUS_ZH, Evidence, Finding
from gongkai.report.model import AnnualReport
from gongkai.report.provenance import describe, findings_with_places, place_of
from gongkai.report.rules import CheckOptions, check_report
from gongkai.report.rules.catalogue import CATALOGUE
from gongkai.report.schema import schema_json

EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
STDIN = "-"


def _console(stderr: bool = False) -> Console:
    width = None if sys.stdout.isatty() else 120
    return Console(stderr=stderr, width=width, highlight=False, soft_wrap=False)


def _read(name: str, options: ReaderOptions) -> ReadResult:
    if name == STDIN:
        data = sys.stdin.buffer.read(options.max_bytes + 1)
        return read_bytes(data, "<标准输入>", options)
    return read_report(name, options)


def _report_error(name: str, err: Exception) -> None:
    err_console = _console(stderr=True)
    if isinstance(err, GongkaiError):
        err_console.print(f"[bold red]错误[/]：{err.message}", markup=True)
        if err.hint:
            err_console.print(f"提示：{err.hint}")
        return
    if os.environ.get("GONGKAI_DEBUG"):
        raise err
    err_console.print(
        f"[bold red]内部错误[/]：处理 {name} 时出现意外问题（{type(err).__name__}: {err}）",
        markup=True,
    )
    err_console.print("提示：请将该文件反馈给开发者；设置 GONGKAI_DEBUG=1 可查看详细信息")


def _read_all(
    files: tuple[str, ...], options: ReaderOptions
) -> Iterator[tuple[str, ReadResult | None]]:
    """Each file's result, or None after printing why it could not be read; never stops early."""
    for name in files:
        try:
            yield name, _read(name, options)
        except Exception as err:
            _report_error(name, err)
            yield name, None


_max_mb = click.option(
    "--max-mb",
    type=click.IntRange(1, 1024),
    default=20,
    show_default=True,
    help="单个文件大小上限（MB）",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gongkai")
def main() -> None:
    """gongkai（公开）：政府信息公开工作年度报告的读取、核对与管理。"""


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="输出文件夹（每个文件写为 文件夹/文件名.json），或批量结果文件 .jsonl/.csv/.xlsx（可续跑）",
)
@click.option("--compact", is_flag=True, help="紧凑输出（不缩进）")
@click.option(
    "--debug",
    is_flag=True,
    help="输出各识别阶段的中间结果（章节、表格区域、词元与行匹配），用于排查读错的原因",
)
@_max_mb
@batch_options
def parse(
    files: tuple[str, ...],
    output: Path | None,
    compact: bool,
    debug: bool,
    max_mb: int,
    **batch: Any,
) -> None:
    """读取年报（.txt / .md / .json），输出标准 JSON（gongkai.annual-report/1）。

    一个文件：JSON 输出到标准输出；多个文件：每行一个 JSON（JSON Lines），或用 -o 写入文件夹。
    FILE 为 - 时从标准输入读取。FILE 为文件夹或 -o 为 .jsonl/.csv/.xlsx 时批量读取（多进程、可续跑）。
    """
    if batch_wanted(files, output) and not debug:
        run_batch("parse", files, output, max_mb=max_mb, **batch)
    options = ReaderOptions(max_bytes=max_mb * 1024 * 1024, debug=debug)
    failed = 0
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
    for name, result in _read_all(files, options):
        if result is None:
            failed += 1
            continue
        if debug:
            dump = {"stages": result.stages, "report": codec.to_dict(result.report)}
            click.echo(json.dumps(dump, ensure_ascii=False, indent=2, default=str))
        elif output is not None:
            target = output / f"{Path(name).stem if name != STDIN else 'stdin'}.json"
            _write_atomic(target, codec.dumps(result.report) + "\n")
        elif len(files) == 1:
            click.echo(codec.dumps(result.report, indent=None if compact else 2))
        else:
            click.echo(codec.dumps(result.report, indent=None))
    if failed:
        _exit(EXIT_INPUT, f"{failed} 个文件未能读取" if len(files) > 1 else None)


def _write_atomic(target: Path, content: str | bytes) -> None:
    """Write beside the target and rename, so an interrupted run never leaves half a file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp = target.with_suffix(target.suffix + ".tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise InputError(
            f"无法写入 {target}：{err.strerror or err}",
            "请检查输出路径所在文件夹是否存在、是否有写入权限、磁盘是否已满",
        ) from err


def _exit(code: int, message: str | None = None) -> NoReturn:
    if message:
        _console(stderr=True).print(message)
    sys.exit(code)


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option(
    "--previous", "previous_file", help="上一年度的年报文件，用于跨年核对（R14、R31、R35 等）"
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出核对结果")
@click.option("--blank-as-zero", is_flag=True, help="核对时把空白单元格当作 0（结果中会注明）")
@_max_mb
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="批量结果文件 .jsonl/.csv/.xlsx（可续跑）",
)
@batch_options
def check(
    files: tuple[str, ...],
    previous_file: str | None,
    as_json: bool,
    blank_as_zero: bool,
    max_mb: int,
    **batch: Any,
) -> None:
    """核对年报：按国家格式的全部规则检查，列出问题及所涉单元格。

    有“错误”级问题时退出码为 1；文件无法读取时为 2；程序内部错误时为 3。
    FILE 为文件夹或指定 -o 时批量核对（多进程、可续跑），文件未能读取时退出码为 2。
    """
    output = batch.pop("output")
    if output is not None or batch_wanted(files, output):
        if previous_file is not None:
            _exit(EXIT_INPUT, "批量核对不支持 --previous；跨年核对请逐个文件运行 gongkai check")
        run_batch("check", files, output, max_mb=max_mb, blank_as_zero=blank_as_zero, **batch)
    options = ReaderOptions(max_bytes=max_mb * 1024 * 1024)
    previous = None
    if previous_file is not None:
        ((_, prev),) = _read_all((previous_file,), options)
        if prev is None:
            _exit(EXIT_INPUT)
        previous = prev.report
    check_options = CheckOptions(blank_as_zero=blank_as_zero)
    results: list[dict[str, Any]] = []
    unreadable = internal = 0
    worst_error = False
    console = _console()
    for name, result in _read_all(files, options):
        if result is None:
            unreadable += 1
            continue
        try:
            findings = [*result.findings, *check_report(result.report, previous, check_options)]
        except Exception as err:  # a checker bug: say so, go on with the other files
            _report_error(name, err)
            internal += 1
            continue
        worst_error |= any(f.severity == "error" and f.status == "failed" for f in findings)
        if as_json:
            results.append(_check_json(name, result, findings))
        else:
            _print_findings(console, name, result, findings)
    if as_json:
        click.echo(
            json.dumps(
                results[0] if len(files) == 1 and results else results, ensure_ascii=False, indent=2
            )
        )
    if internal:
        _exit(EXIT_INTERNAL, f"{internal} 个文件核对时出现内部错误")
    if unreadable:
        _exit(EXIT_INPUT, f"{unreadable} 个文件未能读取")
    if worst_error:
        sys.exit(EXIT_FINDINGS)


def _summary(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0, "not_assessable": 0}
    for f in findings:
        counts["not_assessable" if f.status == "not_assessable" else f.severity] += 1
    return counts


def _check_json(name: str, result: ReadResult, findings: list[Finding]) -> dict[str, Any]:
    r = result.report
    return {
        "file": name,
        "agency": r.agency,
        "year": r.year,
        "template": r.template,
        "summary": _summary(findings),
        "findings": findings_with_places(r, findings),
    }


def _print_findings(
    console: Console, name: str, result: ReadResult, findings: list[Finding]
) -> None:
    r = result.report
    console.print(
        f"[bold]{name}[/]  机关：{r.agency or '（未识别）'}  年度：{r.year or '（未识别）'}  模板：{r.template}"
    )
    s = _summary(findings)
    console.print(
        f"错误 {s['error']} 项，警告 {s['warning']} 项，提示 {s['info']} 项，无法判断 {s['not_assessable']} 项"
    )
    if not findings:
        console.print("[green]未发现问题。[/]")
        return
    table = Table(show_lines=False, expand=False)
    for header in ("规则", "级别", "结果", "说明", "涉及单元格"):
        table.add_column(header, overflow="fold")
    style = {"error": "red", "warning": "yellow", "info": "cyan"}
    for f in findings:
        cells = "；".join(_evidence(e, r) for e in f.evidence[:6])
        if len(f.evidence) > 6:
            cells += f" 等 {len(f.evidence)} 格"
        table.add_row(
            f.rule,
            f"[{style[f.severity]}]{SEVERITY_ZH[f.severity]}[/]",
            STATUS_ZH[f.status],
            f.message,
            cells,
        )
    console.print(table)
    console.print()


def _evidence(e: Evidence, report: AnnualReport) -> str:
    """A cell with its value and where it was printed; a whole row or table by its name."""
    name = e.label or e.path
    whole = e.value is None and (
        e.path in ("reviews", "proactive")
        or (e.path.startswith("applications.") and "[" not in e.path)
    )
    where = describe(place_of(report, e.path))
    shown = name if whole else f"{name}={'空' if e.value is None else e.value}"
    return f"{shown}（{where}）" if where else shown


@main.command()
def rules() -> None:
    """列出全部核对规则（编号、级别、说明）。"""
    table = Table()
    for header in ("规则", "级别", "范围", "说明"):
        table.add_column(header)
    scope_zh = {
        "report": "单份年报",
        "cross_year": "跨年",
        "aggregate": "汇总",
        "generated": "生成",
    }
    for spec in CATALOGUE:
        table.add_row(spec.id, SEVERITY_ZH[spec.severity], scope_zh[spec.scope], spec.title)
    _console().print(table)


@main.command()
def schema() -> None:
    """输出标准 JSON 的 JSON Schema。"""
    click.echo(schema_json(), nl=False)


@main.command()
@click.argument("start")
@click.option("--days", type=click.IntRange(1, 366), default=20, show_default=True, help="工作日数")
@click.option(
    "--holidays",
    "holidays_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="节假日安排 JSON（按国务院通知录入的年份），优先于内置数据",
)
def deadline(start: str, days: int, holidays_file: Path | None) -> None:
    """计算 START（年-月-日）之后第 N 个工作日（当日不计入），并说明跳过的节假日与调休。"""
    from gongkai.workbench.deadlines import deadline_from_text

    try:
        overrides = holidays_file.read_text(encoding="utf-8") if holidays_file else None
        result = deadline_from_text(start, days, overrides)
    except (GongkaiError, OSError, UnicodeDecodeError) as err:
        if not isinstance(err, GongkaiError):
            err = GongkaiError(f"无法读取节假日文件：{holidays_file}（{err}）")
        _report_error(start, err)
        _exit(EXIT_INPUT)
    flag = "（暂定）" if result.provisional else ""
    click.echo(f"截止日期：{result.due.isoformat()}{flag}")
    for line in result.explanation:
        click.echo(f"  {line}")


def show_samples(folder: Path) -> None:
    """Read and check every report text in `folder` and print a summary (part of `gongkai demo`)."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in KINDS_BY_SUFFIX)
    if not files:
        _exit(EXIT_INPUT, f"{folder} 中没有可读取的年报文件（PDF、Word、网页、文本）")
    console = _console()
    table = Table(title="年报读取与核对演示")
    for header in ("文件", "机关", "年度", "模板", "读取单元格", "错误", "警告", "提示"):
        table.add_column(header)
    details: list[tuple[str, ReadResult, list[Finding]]] = []
    for name, result in _read_all(tuple(str(p) for p in files), ReaderOptions()):
        if result is None:
            table.add_row(Path(name).name, "（无法读取）", "", "", "", "", "", "")
            continue
        try:
            findings = [*result.findings, *check_report(result.report)]
        except Exception as err:
            _report_error(name, err)
            continue
        s = _summary(findings)
        filled, total = _filled_cells(result)
        table.add_row(
            Path(name).name,
            result.report.agency or "（未识别）",
            str(result.report.year or ""),
            result.report.template,
            f"{filled}/{total}",
            str(s["error"]),
            str(s["warning"]),
            str(s["info"]),
        )
        details.append((name, result, findings))
    console.print(table)
    if details:
        name, result, findings = details[0]
        console.print("\n第一份年报的核对结果：")
        _print_findings(console, Path(name).name, result, findings)
    console.print(
        "命令行用法：gongkai parse 文件 | gongkai check 文件 [--previous 上年文件] | gongkai rules"
    )


def _filled_cells(result: ReadResult) -> tuple[int, int]:
    data = codec.to_dict(result.report)
    total = filled = 0
    for table_key in ("proactive", "applications", "reviews"):
        table = data.get(table_key)
        if table is None:
            continue
        for value in _leaves(table):
            total += 1
            filled += value is not None
    return filled, total


def _leaves(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        for v in node.values():
            yield from _leaves(v)
    elif isinstance(node, list):
        yield from node
    else:
        yield node


# The workbench commands register themselves on `main` when their module is imported.
import gongkai.cli.oversight  # noqa: E402
import gongkai.cli.oversight_import  # noqa: E402
import gongkai.cli.render  # noqa: E402
import gongkai.cli.serve  # noqa: E402
import gongkai.cli.workbench  # noqa: E402, F401
