"""Which printed cell each cell of the report came from.

A row's cells are its printed items in order, whatever the fit did: blanks between them, a run of
glued digits cut into several cells, two halves of a number joined, a missing cell derived from a
sum. So the items are walked once beside the cells; a derived cell was never printed and has no
source, and cells cut from one run of digits share the run's source.
"""

from __future__ import annotations

from gongkai.readers.layout import Source
from gongkai.readers.recognize.fit import Fit
from gongkai.readers.recognize.shape import Cells
from gongkai.readers.recognize.tokens import Kind, Token


def sources_of(cells: Cells, fit: Fit, items: list[Token]) -> tuple[Source | None, ...]:
    if fit.sources is not None and len(fit.options) == 1 and cells is fit.options[0]:
        return fit.sources
    return align(cells, items)


def align(cells: Cells, items: list[Token]) -> tuple[Source | None, ...]:
    tokens = [t for t in items if t.kind is not Kind.LABEL]
    out: list[Source | None] = []
    i, used = 0, 0  # next token; digits of a run already given to earlier cells
    for cell in cells:
        if cell is None or cell.derived:
            if cell is None and used == 0 and i < len(tokens) and tokens[i].kind is Kind.BLANK:
                out.append(tokens[i].source)
                i += 1
            else:
                out.append(None)
            continue
        while used == 0 and i < len(tokens) and tokens[i].kind is Kind.BLANK:
            i += 1
        if i >= len(tokens):
            out.append(None)
            continue
        token = tokens[i]
        out.append(token.source)
        if "|" in cell.printed and cell.digits:  # a number printed across two cells, joined
            i, used = i + 2, 0
            continue
        used += _digits(cell.printed)
        if used >= _digits(token.text):  # a run of digits may hold several cells
            i, used = i + 1, 0
    return tuple(out)


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text) or 1
