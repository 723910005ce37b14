"""The command line of batch runs: `gongkai parse|check FOLDER... [-o OUT.jsonl|.csv|.xlsx]`.

The engine is `gongkai.batch`; this module only adds the options, the progress bar on stderr
(rich, only when stderr is a terminal; otherwise a plain line every 1,000 files) and the closing
summary. Standard output carries JSON lines when there is no -o, so everything else goes to
stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from gongkai.batch import OUTPUT_SUFFIXES, BatchOptions, Result, Summary, discover, runner
from gongkai.batch.files import REPORT_SUFFIXES, journal_path
from gongkai.batch.worker import Mode
from gongkai.errors import GongkaiError, InputError, SettingsError
from gongkai.readers import ReaderOptions
from gongkai.report.rules import CheckOptions

EXIT_INTERRUPTED = 130
PLAIN_EVERY = 1000
SHOW_FAILED = 30
F = TypeVar("F", bound=Callable[..., Any])


_READING = (
    click.option(
        "--jobs",
        type=click.IntRange(1, 256),
        default=os.cpu_count() or 1,
        show_default=True,
        help="批量读取时的并行进程数（文件夹或 .jsonl/.csv/.xlsx 输出）",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(0, min_open=True),
        default=60.0,
        show_default=True,
        help="批量读取时单个文件的时间上限（秒，可带小数），超时记为未能读取",
    ),
    click.option(
        "--memory-mb",
        type=click.IntRange(0),
        default=2048,
        show_default=True,
        help="批量读取时每个进程的内存上限（MB，0 为不限制）",
    ),
)
_RESUMING = (
    click.option("--restart", is_flag=True, help="批量读取时不续跑，清空已有结果重新开始"),
    click.option("--retry-failed", is_flag=True, help="续跑时重新读取此前未能读取的文件"),
)


def batch_options(command: F) -> F:
    """The options of a resumable batch run, shared by parse, check and oversight."""
    for option in reversed((*_READING, *_RESUMING)):
        command = option(command)
    return command


def reading_options(command: F) -> F:
    """The options of a batch read that is not resumed (--jobs, --timeout, --memory-mb)."""
    for option in reversed(_READING):
        command = option(command)
    return command


def batch_wanted(files: tuple[str, ...], output: Path | None) -> bool:
    """A folder among the arguments, or a .jsonl/.csv/.xlsx output, makes it a batch run."""
    if output is not None and output.suffix.lower() in OUTPUT_SUFFIXES:
        return True
    return any(name != "-" and Path(name).is_dir() for name in files)


def run_batch(
    mode: Mode,
    files: tuple[str, ...],
    output: Path | None,
    *,
    max_mb: int,
    blank_as_zero: bool = False,
    jobs: int,
    timeout: float,
    memory_mb: int,
    restart: bool,
    retry_failed: bool,
) -> NoReturn:
    err = Console(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())
    try:
        if "-" in files:
            raise SettingsError("批量读取不支持标准输入（-）", "请指定文件或文件夹")
        if mode == "parse" and output is None:  # JSON of a whole folder on the terminal: no
            folder = next(name for name in files if Path(name).is_dir())
            raise InputError(
                f"{folder} 是文件夹，不是文件",
                "批量读取文件夹请指定结果文件：gongkai parse 文件夹 -o 结果.jsonl（或 .csv、.xlsx）",
            )
        if output is not None and output.suffix.lower() not in OUTPUT_SUFFIXES:
            raise SettingsError(
                f"批量读取的输出应为 .jsonl、.csv 或 .xlsx 文件：{output}",
                "例如 -o 结果.xlsx；不指定 -o 时结果以 JSON Lines 输出到标准输出",
            )
        options = BatchOptions(
            mode=mode,
            jobs=jobs,
            timeout=timeout,
            memory_mb=memory_mb,
            reader=ReaderOptions(max_bytes=max_mb * 1024 * 1024),
            check=CheckOptions(blank_as_zero=blank_as_zero),
            restart=restart,
            retry_failed=retry_failed,
        )
        exclude = [output, journal_path(output)] if output is not None else []
        tasks = discover(files, exclude)
        if not tasks:
            suffixes = "、".join(sorted(REPORT_SUFFIXES))
            raise SettingsError("没有找到年报文件", f"文件夹中应有以下后缀的文件：{suffixes}")
        with _Display(err) as display:
            summary = runner.run_batch(
                tasks,
                options,
                output,
                stream=sys.stdout if output is None else None,
                on_start=display.start,
                on_result=display.advance,
            )
    except GongkaiError as error:
        err.print(f"[bold red]错误[/]：{error.message}")
        if error.hint:
            err.print(f"提示：{error.hint}")
        sys.exit(2)
    _print_summary(err, summary, mode)
    sys.exit(EXIT_INTERRUPTED if summary.interrupted else summary.exit_code)


class _Display:
    """A rich progress bar on a terminal; elsewhere a plain line every PLAIN_EVERY files."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.live = console.is_terminal
        self.progress: Progress | None = None
        self.total = self.done = self.failed = 0

    def __enter__(self) -> _Display:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def start(self, to_do: int, skipped: int) -> None:
        self.total = to_do
        if skipped:
            self.console.print(f"续跑：跳过此前已完成的 {skipped} 个文件")
        if self.live and to_do:
            self.progress = Progress(
                TextColumn("读取"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("失败 {task.fields[failed]}"),
                TimeElapsedColumn(),
                TextColumn("剩余"),
                TimeRemainingColumn(),
                console=self.console,
            )
            self.progress.add_task("read", total=to_do, failed=0)
            self.progress.start()

    def advance(self, result: Result) -> None:
        self.done += 1
        self.failed += not result.ok
        if self.progress is not None:
            self.progress.update(self.progress.task_ids[0], advance=1, failed=self.failed)
        elif self.done % PLAIN_EVERY == 0:
            self.console.print(
                f"已处理 {self.done}/{self.total} 个文件（未能读取 {self.failed} 个）"
            )


def _print_summary(err: Console, s: Summary, mode: Mode) -> None:
    rate = s.read + len(s.failed)
    speed = f"，每秒 {rate / s.seconds:.1f} 个文件" if s.seconds > 0 and rate else ""
    err.print(
        f"共 {s.found} 个文件：本次读取 {s.read} 个，未能读取 {len(s.failed)} 个，"
        f"跳过 {s.skipped} 个（此前已完成）。用时 {s.seconds:.1f} 秒{speed}。"
    )
    if mode == "check":
        err.print(f"有“错误”级问题的文件：{s.with_errors} 个")
    failures = [*s.failed, *s.failed_before]
    if failures:
        err.print("[bold red]未能读取的文件[/]：")
        for f in failures[:SHOW_FAILED]:
            error = f.error.removeprefix(f"{Path(f.file).name}：")  # the readers name the file too
            err.print(f"  {f.file}：{error}" + (f"（{f.hint}）" if f.hint else ""), markup=False)
        if len(failures) > SHOW_FAILED:
            err.print(f"  ……另有 {len(failures) - SHOW_FAILED} 个，完整名单见输出结果")
        if s.failed_before:
            err.print(
                f"其中 {len(s.failed_before)} 个是此前运行中未能读取的（已跳过）；"
                "未能读取的文件也记为已完成，要重新读取请加 --retry-failed"
            )
    if s.interrupted:
        if s.journal is not None:
            err.print(
                f"[yellow]已中断[/]。已完成的结果保存在 {s.journal}；"
                "用同一命令再次运行即可从中断处继续（加 --restart 则重新开始）"
            )
        else:
            err.print("[yellow]已中断[/]。未指定 -o 输出文件，无法续跑；需要续跑请用 -o 结果.jsonl")
    elif s.output is not None:
        err.print(f"结果已写入 {s.output}")
