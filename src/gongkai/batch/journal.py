"""The journal: one JSON line per finished file, flushed as it is written, read back to resume.

A run killed at any moment leaves at worst a partial last line, which the next run cuts off.
Lines are written with one `os.write` on an append-only descriptor, so Ctrl-C between two
bytecodes never splits one. An exclusive flock keeps two runs from writing the same journal
(forked workers share it, and die with the parent, see worker.py).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from gongkai.errors import InputError


@dataclass(frozen=True, slots=True)
class Entry:
    """What the journal says of one file: enough to skip it and to count it in the summary."""

    size: int
    mtime_ns: int
    ok: bool
    error: str
    hint: str
    errors: int  # error-level findings (check)


def entries(path: Path) -> dict[str, Entry]:
    """The last entry of each file in the journal (a later line supersedes an earlier one)."""
    out: dict[str, Entry] = {}
    for _offset, head in scan(path):
        if not head["ok"] and "error" not in head:
            continue  # never written so; a hand-edited line is simply read again
        summary = head.get("summary") or {}
        out[head["file"]] = Entry(
            int(head["size"]),
            int(head["mtime_ns"]),
            bool(head["ok"]),
            str(head.get("error", "")),
            str(head.get("hint", "")),
            int(summary.get("error", 0)),
        )
    return out


# Every line starts with these fields (worker._line), so a rerun reads them without parsing
# the report: 10,000 lines are 130 MB of JSON.
_HEAD = re.compile(
    rb'\{"file": ("(?:[^"\\]|\\.)*"), "ok": (true|false), "size": (\d+), "mtime_ns": (\d+)'
    rb'(?:, "summary": (\{[^{}]*\}))?'
)


def scan(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(offset, head) of every complete line: file, ok, size, mtime_ns and, when present, the
    summary of findings; a failed file's line is parsed whole (error and hint). Lines that are
    not ours are passed over."""
    if not path.exists():
        return
    offset = 0
    with path.open("rb") as f:
        for raw in f:
            head = _head(raw) if raw.endswith(b"\n") else None
            if head is not None:
                yield offset, head
            offset += len(raw)


def _head(raw: bytes) -> dict[str, Any] | None:
    match = _HEAD.match(raw)
    try:
        if match is None or match[2] == b"false":
            data = json.loads(raw)
            ok = isinstance(data, dict) and all(
                k in data for k in ("file", "ok", "size", "mtime_ns")
            )
            return data if ok else None
        head: dict[str, Any] = {
            "file": json.loads(match[1]),
            "ok": True,
            "size": int(match[3]),
            "mtime_ns": int(match[4]),
        }
        if match[5]:
            head["summary"] = json.loads(match[5])
        return head
    except ValueError:
        return None


def line_at(f: BinaryIO, offset: int) -> bytes:
    """The line starting at `offset` of a file opened in binary mode."""
    f.seek(offset)
    return f.readline()


class Journal:
    """The append side: opened (and locked) for one run, written one line per file."""

    def __init__(self, path: Path, *, restart: bool = False) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as err:
            raise InputError(
                f"无法写入 {path}：{err.strerror or err}",
                "请检查输出路径所在文件夹是否存在、是否有写入权限",
            ) from err
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            os.close(self._fd)
            raise InputError(
                f"另一个批量任务正在写入 {path}",
                "请等待它结束，或换一个输出文件",
            ) from err
        if restart:
            os.ftruncate(self._fd, 0)
        else:
            self._cut_partial_line()

    def _cut_partial_line(self) -> None:
        """An interrupted write leaves a line without its newline: cut it off."""
        size = os.fstat(self._fd).st_size
        if size == 0:
            return
        keep = size
        step = 65536
        while keep > 0:
            start = max(0, keep - step)
            chunk = os.pread(self._fd, keep - start, start)
            if chunk.endswith(b"\n") and keep == size:
                return
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                os.ftruncate(self._fd, start + cut + 1)
                return
            keep = start
        os.ftruncate(self._fd, 0)

    def append(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        while data:
            written = os.write(self._fd, data)
            data = data[written:]

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # also releases the lock
            self._fd = -1
