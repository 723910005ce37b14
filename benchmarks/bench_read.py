"""Reports read + checked per second on one core, on the shared samples and generated reports.

    python benchmarks/bench_read.py [SAMPLES_DIR] [--n 2000]

Prints one line per corpus with reports/s and ms/report (median of 5 rounds). The figures go to
docs/benchmarks.md. Reading starts from bytes in memory, so disk speed does not count.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from gongkai.readers import read_bytes
from gongkai.report import format as fmt
from gongkai.report.rules import check_report


def generated(n: int, seed: int = 7) -> list[bytes]:
    """Consistent random 2021 reports, written the way PDF text extraction writes them (tabs)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        lines = [
            f"某某市第{i}局",
            f"{2022 + i % 3}年政府信息公开工作年度报告",
            "一、总体情况",
            "本年度工作平稳。",
        ]
        lines += ["二、主动公开政府信息情况"]
        for row in fmt.PROACTIVE_2021:
            lines.append(row.article)
            lines.append("\t".join(["信息内容", *(c.label for c in row.columns)]))
            lines.append("\t".join([row.label, *(str(rng.randint(0, 50)) for _ in row.columns)]))
        lines += ["三、收到和处理政府信息公开申请情况"]
        results = fmt.result_keys(False)
        cells = {k: [rng.choice((0, 0, 1, 2, 5)) for _ in range(6)] for k in results}
        total = [sum(cells[k][c] for k in results) for c in range(6)]
        carried_over = [rng.randint(0, 2) for _ in range(6)]
        forward = [rng.randint(0, 2) for _ in range(6)]
        new = [t + f - o for t, f, o in zip(total, forward, carried_over, strict=True)]
        new = [max(v, 0) for v in new]
        forward = [n_ + o - t for n_, o, t in zip(new, carried_over, total, strict=True)]
        rows = {
            "new": new,
            "carried_over": carried_over,
            **cells,
            "results_total": total,
            "carried_forward": forward,
        }
        for key in fmt.APPLICATION_KEYS_SPLIT:
            values = rows[key]
            label = fmt.APPLICATION_ROW_BY_KEY[key].label
            lines.append("\t".join(["", label, *map(str, values), str(sum(values))]))
        lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议\t行政诉讼"]
        lines.append("\t".join(["0"] * 15))
        lines += [
            "五、存在的主要问题及改进情况",
            "问题与改进。",
            "六、其他需要报告的事项",
            "本年度未收取信息处理费。",
        ]
        out.append("\n".join(lines).encode("utf-8"))
    return out


def measure(
    corpus: list[tuple[str, bytes]], fn: Callable[[str, bytes], object]
) -> tuple[float, float]:
    """(best, median) seconds per report over 7 rounds. The best round is the figure to compare:
    on a shared virtual machine the others include time stolen by neighbours."""
    rounds = []
    for _ in range(7):
        start = time.perf_counter()
        for name, data in corpus:
            fn(name, data)
        rounds.append((time.perf_counter() - start) / len(corpus))
    return min(rounds), statistics.median(rounds)


def read_and_check(name: str, data: bytes) -> object:
    result = read_bytes(data, name)
    return check_report(result.report)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("samples", nargs="?", default="../shared/samples")
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    samples = [(p.name, p.read_bytes()) for p in sorted(Path(args.samples).glob("*.txt"))]
    corpora = {
        "shared samples (5 texts, x40)": samples * 40,
        f"generated reports ({args.n})": [
            (f"g{i}.txt", d) for i, d in enumerate(generated(args.n))
        ],
    }
    print("read + check on one core; best of 7 rounds, median in brackets")
    print(f"{'corpus':34} {'reports/s':>16} {'ms/report':>16} {'read only, ms':>16}")
    for label, corpus in corpora.items():
        read_best, read_median = measure(corpus, lambda n, d: read_bytes(d, n))
        best, median = measure(corpus, read_and_check)
        print(
            f"{label:34} {1 / best:8.0f} ({1 / median:5.0f}) {best * 1e3:8.2f} ({median * 1e3:5.2f})"
            f" {read_best * 1e3:8.2f} ({read_median * 1e3:5.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
