"""One batch run: skip what the journal says is done, read the rest in the pool, build outputs.

Results are appended to the journal as they arrive, so an interrupted run (Ctrl-C, kill -9, a
power cut after the last flush) loses at most the files in flight. A rerun with the same output
skips every file the journal has with the same size and modification time; failed files count
as done unless `retry_failed`. CSV and Excel are built from the journal once every file is done;
a JSONL output is its own journal, rewritten at the end in file order so that the result does
not depend on the number of workers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from gongkai.batch import journal, outputs
from gongkai.batch.files import Task, journal_path
from gongkai.batch.pool import Pool
from gongkai.batch.worker import Mode, Result, WorkerConfig
from gongkai.errors import SettingsError
from gongkai.readers import ReaderOptions
from gongkai.report.rules import CheckOptions


@dataclass(frozen=True, slots=True)
class BatchOptions:
    mode: Mode = "parse"
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    timeout: float = 60.0  # seconds per file
    memory_mb: int = 2048  # address space of each worker; 0: no limit
    tasks_per_worker: int = 1000
    reader: ReaderOptions = field(default_factory=ReaderOptions)
    check: CheckOptions = field(default_factory=CheckOptions)
    restart: bool = False
    retry_failed: bool = False

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise SettingsError(f"进程数 {self.jobs} 无效", "应为正整数，通常取 CPU 核数")
        if not self.timeout > 0:
            raise SettingsError(f"时间上限 {self.timeout} 无效", "应为大于 0 的秒数，可带小数")
        if self.memory_mb < 0 or 0 < self.memory_mb < 256:
            raise SettingsError(
                f"内存上限 {self.memory_mb} MB 无效", "应不小于 256（MB），或为 0 表示不限制"
            )
        if self.tasks_per_worker < 1:
            raise SettingsError(f"tasks_per_worker 取值 {self.tasks_per_worker} 无效", "应为正整数")


@dataclass(frozen=True, slots=True)
class Failure:
    file: str
    error: str
    hint: str


@dataclass(slots=True)
class Summary:
    """What a run did, for the closing lines of the CLI and the exit code."""

    found: int = 0
    read: int = 0  # read (and checked) in this run
    failed: list[Failure] = field(default_factory=list)  # in this run
    skipped: int = 0  # done by an earlier run
    failed_before: list[Failure] = field(default_factory=list)  # skipped, but failed earlier
    with_errors: int = 0  # files with error-level findings (check), skipped ones included
    seconds: float = 0.0
    interrupted: bool = False
    output: Path | None = None
    journal: Path | None = None  # kept when the run did not finish

    @property
    def exit_code(self) -> int:
        """0 all good; 2 a file could not be read; 1 (check) an error-level finding."""
        if self.failed or self.failed_before:
            return 2
        return 1 if self.with_errors else 0


def run_batch(
    tasks: Sequence[Task],
    options: BatchOptions,
    output: Path | None = None,
    *,
    stream: TextIO | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> Summary:
    """Read `tasks` into `output` (.jsonl, .csv, .xlsx; resumable) or, without one, as JSON
    lines into `stream` (not resumable). `on_start(to_do, skipped)` and `on_result` report
    progress. Ctrl-C ends the run early with `summary.interrupted` set and the journal kept."""
    summary = Summary(found=len(tasks), output=output)
    started = time.monotonic()
    log = journal.Journal(journal_path(output), restart=options.restart) if output else None
    try:
        to_do = _to_do(tasks, log.path, options, summary) if log else list(tasks)
        if on_start:
            on_start(len(to_do), summary.skipped)
        config = WorkerConfig(options.mode, options.reader, options.check, options.memory_mb << 20)
        try:
            with Pool(config, options.jobs, options.timeout, options.tasks_per_worker) as pool:
                for result in pool.run(to_do):
                    if log:
                        log.append(result.line)
                    elif stream:
                        stream.write(result.line + "\n")
                        stream.flush()
                    _count(result, summary)
                    if on_result:
                        on_result(result)
        except KeyboardInterrupt:
            summary.interrupted = True
        if log and output:
            if summary.interrupted:
                summary.journal = log.path
            else:
                outputs.build(log.path, output, [t.rel for t in tasks], options.mode)
    finally:
        if log:
            log.close()
    if output and not summary.interrupted and log and log.path != output:
        log.path.unlink(missing_ok=True)
    summary.seconds = time.monotonic() - started
    return summary


def _to_do(
    tasks: Sequence[Task], path: Path, options: BatchOptions, summary: Summary
) -> list[Task]:
    done = journal.entries(path)
    out = []
    for task in tasks:
        entry = done.get(task.rel)
        same = entry is not None and (entry.size, entry.mtime_ns) == (task.size, task.mtime_ns)
        if entry is None or not same or (options.retry_failed and not entry.ok):
            out.append(task)
            continue
        summary.skipped += 1
        summary.with_errors += entry.errors > 0
        if not entry.ok:
            summary.failed_before.append(Failure(task.rel, entry.error, entry.hint))
    return out


def _count(result: Result, summary: Summary) -> None:
    if result.ok:
        summary.read += 1
        summary.with_errors += result.errors > 0
    else:
        summary.failed.append(Failure(result.file, result.error, result.hint))
