"""A folder of reports as found in the wild: the five samples in nested folders, and junk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import SAMPLES

BINARY = bytes(range(256)) * 8
POEM = "床前明月光，\n疑是地上霜。\n举头望明月，\n低头思故乡。\n"
JUNK = {  # relative path -> what the reason must say
    "junk/binary.txt": "二进制",
    "junk/deeper/empty.txt": "文件为空",
    "poem.md": "不是政府信息公开工作年度报告",
}


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


def make_corpus(root: Path) -> dict[str, Path]:
    """The folder tree; returns relative path -> the sample each report file was copied from."""
    reports: dict[str, Path] = {}
    for i, sample in enumerate(sample_files()):
        rel = f"{2022 + i % 2}/region-{i % 3}/{sample.name}"
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sample, target)
        reports[rel] = sample
    (root / "junk/deeper").mkdir(parents=True)
    (root / "junk/binary.txt").write_bytes(BINARY)
    (root / "junk/deeper/empty.txt").write_bytes(b"")
    (root / "poem.md").write_text(POEM, encoding="utf-8")
    # Never read: hidden files and folders, and files that are not reports.
    (root / ".hidden.txt").write_bytes(sample_files()[0].read_bytes())
    (root / ".cache").mkdir()
    (root / ".cache/copy.txt").write_bytes(sample_files()[0].read_bytes())
    (root / "notes.rst").write_text("说明", encoding="utf-8")
    return reports


def many(root: Path, n: int) -> list[str]:
    """`n` report files (the samples, repeated) in folders of 100; their relative paths."""
    samples = [p.read_bytes() for p in sample_files()]
    names = []
    for i in range(n):
        rel = f"{i // 100:03d}/report-{i:05d}.txt"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(samples[i % len(samples)])
        names.append(rel)
    return names


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
