"""Reading each file format: seconds per report, and the ratio to the raw extraction of the
same bytes (the least any reader must do).

    python benchmarks/bench_formats.py [SAMPLES_DIR] [--rounds 15]

Raw extraction: PDFium's text of every page (pypdfium2) for PDF, `lxml.html` parsing for HTML,
`docx.Document` loading for DOCX, decoding for text. The reports are the shared samples: the
published PDF, and the text samples rendered by gongkai to PDF (WeasyPrint), HTML and DOCX.
Reading includes the whole recognition core (tables, narrative, provenance). Best round of
`--rounds` (this VM's timings vary by up to 40 % between rounds); goal: PDF ≤ 2× raw.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx
import lxml.html
import pypdfium2 as pdfium

from gongkai.readers import read_bytes, read_report
from gongkai.renderers import render_report


def _pdf_text(data: bytes) -> None:
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


RAW: dict[str, Callable[[bytes], object]] = {
    "pdf": _pdf_text,
    "html": lxml.html.document_fromstring,
    "docx": lambda data: docx.Document(io.BytesIO(data)),
    "txt": lambda data: data.decode("utf-8"),
}


def _best(rounds: int, files: list[bytes], work: Callable[[bytes], object]) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for data in files:
            work(data)
        best = min(best, time.perf_counter() - start)
    return best / len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("samples", nargs="?", default="../shared/samples", type=Path)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    texts = sorted(args.samples.glob("*.txt"))
    if not texts:
        sys.exit(f"no .txt samples in {args.samples}")
    reports = [read_report(p).report for p in texts]
    corpora = {
        "pdf (published sample)": ("pdf", [p.read_bytes() for p in args.samples.glob("*.pdf")]),
        "pdf (gongkai, WeasyPrint)": ("pdf", [render_report(r, "pdf") for r in reports]),
        "html (gongkai)": ("html", [render_report(r, "html") for r in reports]),
        "docx (gongkai)": ("docx", [render_report(r, "docx") for r in reports]),
        "txt (samples)": ("txt", [p.read_bytes() for p in texts]),
    }
    print(f"best of {args.rounds} rounds, one core; read = front end + recognition core")
    print(f"  {'corpus':28} {'files':>5} {'raw ms':>8} {'read ms':>8} {'ratio':>6}")
    for name, (kind, files) in corpora.items():
        if not files:
            continue
        suffix = "." + kind
        read_bytes(files[0], "x" + suffix)  # import the front end and warm its caches
        raw = _best(args.rounds, files, RAW[kind])
        read = _best(args.rounds, files, lambda d, s=suffix: read_bytes(d, "x" + s))  # type: ignore[misc]
        print(f"  {name:28} {len(files):5} {raw * 1000:8.2f} {read * 1000:8.2f} {read / raw:5.1f}×")


if __name__ == "__main__":
    main()
