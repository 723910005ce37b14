"""Reports rendered per second, per format, on the shared samples (one core).

    python benchmarks/bench_render.py [SAMPLES_DIR] [--rounds 5]

Each round renders every text sample (read once beforehand) to every format; the figure is the
best round (this VM's timings vary by up to 40 % between rounds). Also times the comparison
document and the cold start of WeasyPrint, which a one-off `gongkai render --to pdf` pays.
The figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import time
from pathlib import Path

from gongkai.readers import read_report
from gongkai.renderers import BACKENDS, render_comparison, render_report


def _best(rounds: int, work: list[object], render: object) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for item in work:
            render(item)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best / len(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("samples", nargs="?", default="../shared/samples", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    reports = [read_report(p).report for p in sorted(args.samples.glob("*.txt"))]
    if not reports:
        sys.exit(f"no .txt samples in {args.samples}")
    print(f"{len(reports)} sample reports, best of {args.rounds} rounds, one core")
    for to in BACKENDS:
        render_report(reports[0], to)  # import and warm the backend
        rounds = args.rounds if to != "pdf" else max(2, args.rounds // 2)
        per = _best(rounds, reports, lambda r, to=to: render_report(r, to))  # type: ignore[misc]
        size = sum(len(render_report(r, to)) for r in reports) / len(reports)
        print(
            f"  {to:5} {1 / per:8.1f} reports/s  {per * 1000:8.1f} ms/report  {size / 1024:7.1f} KB"
        )
    pairs = list(itertools.pairwise(reports))
    for to in ("html", "docx"):
        per = _best(args.rounds, pairs, lambda p, to=to: render_comparison(p[0], p[1], to))  # type: ignore[misc]
        print(f"  compare→{to:5} {1 / per:6.1f} documents/s  {per * 1000:8.1f} ms/document")
    code = "import time; t = time.perf_counter(); import weasyprint; print(time.perf_counter() - t)"
    cold = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    print(f"  WeasyPrint import (cold start of a PDF render): {min(cold):.2f} s best of 3")


if __name__ == "__main__":
    main()
