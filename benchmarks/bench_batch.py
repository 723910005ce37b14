"""Batch reading: generated reports on disk -> JSONL through the worker pool, then a resume.

    python benchmarks/bench_batch.py [--n 10000] [--jobs 2]

Writes `--n` generated 2021 reports (benchmarks/bench_read.generated) into a temporary folder in
nested sub-folders, reads them with `gongkai.batch.run_batch` (parse mode, one worker per job) into
a JSONL file, and prints files/s and seconds; then runs again with the same output, which must
skip every file. The figures go to docs/benchmarks.md (section "Batch").
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_read import generated
from gongkai.batch import BatchOptions, discover, run_batch


def _cpu_seconds() -> float:
    """User + system time of this process and its finished workers: on a shared machine the
    wall time includes what neighbours take, this does not."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-batch-") as tmp:
        folder = Path(tmp) / "reports"
        for i, data in enumerate(generated(args.n)):
            sub = folder / f"{i // 1000:02d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"report-{i:05d}.txt").write_bytes(data)
        output = Path(tmp) / "out.jsonl"
        options = BatchOptions(mode="parse", jobs=args.jobs)
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        tasks = discover([folder])
        first = run_batch(tasks, options, output)
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu_start
        lines = sum(1 for _ in output.open(encoding="utf-8"))
        print(f"batch parse -> JSONL, {args.jobs} workers, {len(tasks)} files")
        print(
            f"  first run: {seconds:6.1f} s  {len(tasks) / seconds:6.0f} files/s  "
            f"read {first.read}, failed {len(first.failed)}, {lines} lines, "
            f"{output.stat().st_size / 1e6:.0f} MB, CPU {cpu:.1f} s (parent and workers)"
        )
        start = time.perf_counter()
        second = run_batch(discover([folder]), options, output)
        again = time.perf_counter() - start
        print(f"  resume:    {again:6.1f} s  skipped {second.skipped}, read {second.read}")
        ok = first.read == len(tasks) and second.skipped == len(tasks) and not second.read
        if not ok:
            print("  unexpected: every file should be read once and skipped on resume")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
