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
    for _offset, data in scan(path):
        summary = data.get("summary") or {}
        out[data["file"]] = Entry(
            int(data.get("size", -1)),
            int(data.get("mtime_ns", -1)),
            bool(data.get("ok")),
            str(data.get("error", "")),
            str(data.get("hint", "")),
            int(summary.get("error", 0)),
        )
    return out


def scan(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(offset, line as JSON) of every complete, valid line; other lines are passed over."""
    if not path.exists():
        return
    offset = 0
    with path.open("rb") as f:
        for raw in f:
            if raw.endswith(b"\n"):
                try:
                    data = json.loads(raw)
                except ValueError:
                    data = None
                if isinstance(data, dict) and isinstance(data.get("file"), str):
                    yield offset, data
            offset += len(raw)


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
