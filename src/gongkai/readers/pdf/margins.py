"""Page numbers and running heads in the margins go, so a table broken over pages reads on."""

from __future__ import annotations

import re

from gongkai.readers.pdf.lines import Row

MARGIN = 0.12  # share of the page height at the top and the bottom where page numbers sit


_PAGE_NUMBER = re.compile(
    r"^[-—–－_·•\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–－_·•\s]*$"
    r"|^(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
)


_DIGITS = re.compile(r"\d+")


def without_margins(pages: list[list[Row]], heights: list[float]) -> list[Row]:
    """Drop page numbers and running headers/footers (the same words in the margin of most
    pages), so that a table broken over a page reads on without them."""
    in_margin: dict[str, set[int]] = {}
    for rows, height in zip(pages, heights, strict=True):
        for row in rows:
            if _in_margin(row, height):
                in_margin.setdefault(_DIGITS.sub("#", row.text), set()).add(row.page)
    running = {t for t, p in in_margin.items() if len(p) >= 2 and len(p) * 2 >= len(pages)}
    out = []
    for rows, height in zip(pages, heights, strict=True):
        if not rows:
            continue
        lowest = min(rows, key=lambda r: r.bottom)
        highest = max(rows, key=lambda r: r.top)
        for row in rows:
            if _in_margin(row, height) and (
                _DIGITS.sub("#", row.text) in running
                or ((row is lowest or row is highest) and _PAGE_NUMBER.match(row.text))
            ):
                continue  # a page number is the last or first line, not a number in a table
            out.append(row)
    return out


def _in_margin(row: Row, height: float) -> bool:
    return row.bottom > height * (1 - MARGIN) or row.top < height * MARGIN
