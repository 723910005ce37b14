"""The worker process: reads one file per task and sends back the finished JSON line.

Workers read the files themselves (tasks are paths) and serialise the result, so the parent only
appends lines. Each worker limits its own address space, so that a pathological file fails that
file with a memory error instead of exhausting the machine.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Literal

from gongkai.batch.files import Task
from gongkai.errors import GongkaiError
from gongkai.readers import ReaderOptions, read_report
from gongkai.report import codec
from gongkai.report.finding import Finding
from gongkai.report.provenance import findings_with_places
from gongkai.report.rules import CheckOptions, check_report

Mode = Literal["parse", "check"]
READY = "ready"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    mode: Mode
    reader: ReaderOptions = field(default_factory=ReaderOptions)
    check: CheckOptions = field(default_factory=CheckOptions)
    memory_bytes: int = 0  # 0: no limit


@dataclass(frozen=True, slots=True)
class Result:
    """What the parent needs of one file: the JSON line to append and what to count."""

    file: str
    ok: bool
    line: str
    error: str = ""
    hint: str = ""
    errors: int = 0  # error-level findings (check)
    recycle: bool = False  # the worker should not go on (it ran out of memory)


def main(conn: Connection, config: WorkerConfig, parent: int) -> None:
    """Serve tasks until told to stop (None) or the parent goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with(parent)
    if config.memory_bytes:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = (
            config.memory_bytes
            if hard == resource.RLIM_INFINITY
            else min(hard, config.memory_bytes)
        )
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        conn.send(READY)
        while (task := conn.recv()) is not None:
            conn.send(process(task, config))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass  # the parent stopped or died: nothing left to do


def _die_with(parent: int) -> None:
    """Be killed with the parent (kill -9 included): a forked worker also holds the pipes of
    its siblings, so it would not see the parent's end of its own pipe close."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the EOF on the pipe is all there is
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)


def process(task: Task, config: WorkerConfig) -> Result:
    try:
        read = read_report(task.path, config.reader)
        if config.mode == "parse":
            return _ok(task, {"report": codec.to_dict(read.report)}, 0)
        findings = [*read.findings, *check_report(read.report, None, config.check)]
        summary = _summary(findings)
        r = read.report
        fields = {
            "summary": summary,
            "agency": r.agency,
            "year": r.year,
            "template": r.template,
            "findings": findings_with_places(read.report, findings),
            "report": codec.to_dict(r),
        }
        return _ok(task, fields, summary["error"])
    except GongkaiError as err:
        return failure(task, err.message, err.hint)
    except MemoryError:
        limit = f"（{config.memory_bytes // 1048576} MB）" if config.memory_bytes else ""
        return failure(
            task,
            f"读取时内存不足：所需内存超过读取进程的上限{limit}",
            "文件可能异常；确需读取可用 --memory-mb 调高上限",
            recycle=True,
        )
    except Exception as err:  # a bug in a reader or rule: fail this file, go on with the rest
        return failure(
            task,
            f"内部错误：处理时出现意外问题（{type(err).__name__}: {err}）",
            "请将该文件反馈给开发者；可用 gongkai parse 单独读取该文件查看详情",
        )


def failure(task: Task, error: str, hint: str, *, recycle: bool = False) -> Result:
    """A file that could not be read, as a journal line; also used by the parent (timeouts)."""
    fields = {"error": error, "hint": hint}
    return Result(task.rel, False, _line(task, False, fields), error, hint, recycle=recycle)


def _ok(task: Task, fields: dict[str, Any], errors: int) -> Result:
    return Result(task.rel, True, _line(task, True, fields), errors=errors)


def _line(task: Task, ok: bool, fields: dict[str, Any]) -> str:
    # The order matters: journal.scan reads the first fields without parsing the report.
    data = {"file": task.rel, "ok": ok, "size": task.size, "mtime_ns": task.mtime_ns, **fields}
    return json.dumps(data, ensure_ascii=False)


def _summary(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0, "not_assessable": 0}
    for f in findings:
        counts["not_assessable" if f.status == "not_assessable" else f.severity] += 1
    return counts
