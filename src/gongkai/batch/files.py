"""Which files a batch reads: report files under the folders given, in a stable sorted order.

A file is known by its path relative to the common folder of the arguments, its size and its
modification time; the journal keeps the three so that a rerun skips what is already done and
redoes what has changed since.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from gongkai.errors import InputError
from gongkai.readers import KINDS_BY_SUFFIX

REPORT_SUFFIXES = frozenset({*KINDS_BY_SUFFIX, ".json"})
OUTPUT_SUFFIXES = (".jsonl", ".csv", ".xlsx")
JOURNAL_SUFFIX = ".journal.jsonl"


@dataclass(frozen=True, slots=True)
class Task:
    """One file to read; `rel` names it in every output."""

    path: str
    rel: str
    size: int
    mtime_ns: int


def journal_path(output: Path) -> Path:
    """The hidden journal beside a CSV or Excel output (a JSONL output is its own journal)."""
    if output.suffix.lower() == ".jsonl":
        return output
    return output.with_name(f".{output.name}{JOURNAL_SUFFIX}")


def discover(arguments: Sequence[str | Path], exclude: Iterable[Path] = ()) -> list[Task]:
    """Files named and report files under folders named, sorted by relative path.

    Hidden files and folders and our own outputs and journals are skipped; a file named on the
    command line is read whatever its suffix.
    """
    paths = [Path(a) for a in arguments]
    for p in paths:
        if not p.exists():
            raise InputError(f"找不到文件或文件夹：{p}", "请检查路径是否正确")
    base = _common_folder(paths)
    skip = {_resolved(p) for p in exclude}
    seen: set[str] = set()
    tasks = []
    for p in paths:
        found = _walk(p) if p.is_dir() else iter([p])
        for f in found:
            if _resolved(f) in skip or f.name.endswith(JOURNAL_SUFFIX):
                continue
            rel = os.path.relpath(f.absolute(), base)
            if rel in seen:
                continue
            seen.add(rel)
            stat = f.stat()
            tasks.append(Task(str(f), Path(rel).as_posix(), stat.st_size, stat.st_mtime_ns))
    tasks.sort(key=lambda t: t.rel)
    return tasks


def _resolved(p: Path) -> str:
    return str(p.resolve())


def _common_folder(paths: Sequence[Path]) -> str:
    folders = [str(p.absolute() if p.is_dir() else p.absolute().parent) for p in paths]
    return os.path.commonpath(folders)


def _walk(folder: Path) -> Iterator[Path]:
    """Report files under `folder`, depth first, names sorted; hidden entries skipped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        raise InputError(
            f"无法列出文件夹 {folder} 的内容：{err.strerror or err}", "请检查文件夹的读取权限"
        ) from err
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):  # no loops through linked folders
            yield from _walk(Path(entry.path))
        elif entry.is_file() and Path(entry.name).suffix.lower() in REPORT_SUFFIXES:
            yield Path(entry.path)
