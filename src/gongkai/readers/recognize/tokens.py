"""Table lines -> a stream of tokens: labels, values, blanks and runs of glued digits.

Every layout becomes the same stream, so the rest of the core does not care whether a row was
tab-separated, a Markdown row, one cell per line, or flattened web text in which a label and its
numbers run together ("一、本年新收政府信息公开申请数量801000081二、上年结转…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from gongkai.readers.layout import Source
from gongkai.readers.recognize.cells import CellValue, parse_value
from gongkai.readers.recognize.normalize import clean


class Kind(Enum):
    LABEL = "label"
    VALUE = "value"  # a separate cell holding a number or a placeholder
    RUN = "run"  # digits glued to a label or to each other: may hold several cells
    BLANK = "blank"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    source: Source
    line: int  # index in Document.lines: tokens of one line belong together
    value: CellValue | None = None
    reliable: bool = False  # for BLANK: a real empty cell, not an extraction artefact
    dangling_item: bool = False  # LABEL whose list number ("1.") was glued to the digits before


_PIECES = re.compile(r"(\d+(?:\.\d+)?)")
_INTERNAL_AFTER = ("条", "项", "款", "年", "月", "日", "号", ")", "页", "类")
_ITEM_START = re.compile(r"^[.、](?=\D)")


def tokenize(cells: tuple[str, ...], line: int, first_source: Source, reliable: bool) -> list[Token]:
    out: list[Token] = []
    for j, raw in enumerate(cells):
        src = Source(first_source.line, j)
        text = clean(raw)
        if not text:
            out.append(Token(Kind.BLANK, "", src, line, reliable=reliable))
            continue
        value = parse_value(text)
        if value is not None:
            out.append(Token(Kind.VALUE, text, src, line, value))
            continue
        out.extend(_split_mixed(text, src, line))
    return out


def _split_mixed(text: str, src: Source, line: int) -> list[Token]:
    """Cut a cell into labels and digit runs; digits inside a label ("第20条", "1.属于") stay."""
    pieces = _PIECES.split(text)
    out: list[Token] = []
    label = ""
    dangling = False
    for k, piece in enumerate(pieces):
        if not piece:
            continue
        if k % 2 == 0:  # text
            label += piece
            continue
        before = pieces[k - 1]
        after = pieces[k + 1] if k + 1 < len(pieces) else ""
        starts_item = bool(_ITEM_START.match(after))
        if before.endswith("第") or after.startswith(_INTERNAL_AFTER):
            label += piece
            continue
        if starts_item and len(piece) <= 2 and (label.strip() or not out):
            # "(三)不予公开1.属于国家秘密": the number opens the next label
            if label.strip():
                out.append(Token(Kind.LABEL, label.strip(), src, line, dangling_item=dangling))
            label, dangling = piece, False
            continue
        if label.strip():
            out.append(Token(Kind.LABEL, label.strip(), src, line, dangling_item=dangling))
        label = ""
        out.append(Token(Kind.RUN, piece, src, line, parse_value(piece)))
        dangling = starts_item
    if label.strip():
        out.append(Token(Kind.LABEL, label.strip(), src, line, dangling_item=dangling))
    return out
