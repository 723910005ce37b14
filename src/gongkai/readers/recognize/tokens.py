"""Table lines -> a stream of tokens: labels, values, blanks and runs of glued digits.

Every layout becomes the same stream, so the rest of the core does not care whether a row was
tab-separated, a Markdown row, one cell per line, or flattened web text in which a label and its
numbers run together ("一、本年新收政府信息公开申请数量801000081二、上年结转…").
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from gongkai.readers.layout import Source
from gongkai.readers.recognize.cells import CellValue, parse_value
from gongkai.readers.recognize.normalize import clean


class Kind(Enum):
    LABEL = "label"
    VALUE = "value"  # a separate cell holding a number or a placeholder
    RUN = "run"  # digits glued to a label or to each other: may hold several cells
    BLANK = "blank"


class Token(NamedTuple):
    """One token. A named tuple because a report makes hundreds of them on the hot path."""

    kind: Kind
    text: str
    source: Source
    line: int  # index in Document.lines: tokens of one line belong together
    value: CellValue | None = None
    reliable: bool = False  # on a line whose blank cells are real cells (Markdown, HTML)
    dangling_item: bool = False  # LABEL whose list number ("1.") was glued to the digits before
    width: int = 1  # cells on the line: with reliable blanks, where the values start follows


_PIECE = re.compile(r"\([^()]*\)|\d+(?:\.\d+)?")
_SLASHES = re.compile(r"(/+)")
_DIGIT_OR_SLASH = re.compile(r"[\d/]")
_CHANGE = re.compile(r"增\s*/\s*减")  # the 2019 column 本年增/减: its "/" is no cell
_INTERNAL_AFTER = ("条", "项", "款", "年", "月", "日", "号", ")", "页", "类")
_ITEM_START = re.compile(r"^[.、](?=\D)")
_SIGNS = frozenset({"+", "-", "增", "减", "增加", "减少"})
_UNITS = ("万元", "元")


# What a line's tokens are, apart from where the line stands: the same lines recur in every
# report ("2.重复申请\t0\t0…"), so this is computed once per distinct line.
_Proto = tuple[
    Kind, str, int, CellValue | None, bool, bool, int
]  # kind text cell value rel dangling width


@lru_cache(maxsize=32768)
def _protos(cells: tuple[str, ...], reliable: bool) -> tuple[_Proto, ...]:
    out: list[_Proto] = []
    width = len(cells)
    for j, raw in enumerate(cells):
        text = clean(raw)
        if not text:
            out.append((Kind.BLANK, "", j, None, reliable, False, width))
            continue
        value = parse_value(text)
        if value is not None:
            out.append((Kind.VALUE, text, j, value, reliable, False, width))
            continue
        out.extend(
            (kind, words, j, cell, False, dangling, 1)
            for kind, words, cell, dangling in _split_mixed(text)
        )
    return tuple(out)


def tokenize(
    cells: tuple[str, ...], line: int, first_source: Source, reliable: bool
) -> list[Token]:
    at = first_source.line
    new = tuple.__new__
    return [
        new(Token, (kind, text, new(Source, (at, j)), line, value, rel, dangling, width))
        for kind, text, j, value, rel, dangling, width in _protos(cells, reliable)
    ]


def _pieces(text: str) -> list[str]:
    """text, digits, text, digits, …, text; digits inside parentheses ("(其中修订16件)") are
    text: an annotation, not a cell."""
    out = [""]
    pos = 0
    for m in _PIECE.finditer(text):
        if m[0].startswith("("):
            continue
        out[-1] += text[pos : m.start()]
        out += [m[0], ""]
        pos = m.end()
    out[-1] += text[pos:]
    return out


Part = tuple[Kind, str, CellValue | None, bool]  # kind, text, value, dangling item number


@lru_cache(maxsize=16384)
def _split_mixed(text: str) -> tuple[Part, ...]:
    """Cut a cell into labels and digit runs; digits inside a label ("第20条", "1.属于") stay.

    Between two runs a lone sign ("+", "-", "增", "减") belongs to the run after it (2019's
    本年增/减 run together: "39+83"), "元"/"万元" right after a run is that run's unit, and a
    "/" is a cell printed as "/" ("规章///行政规范性文件…"), except in "增/减".
    """
    if not _DIGIT_OR_SLASH.search(text):
        return ((Kind.LABEL, text, None, False),)
    pieces = _pieces(text)
    out: list[Part] = []

    def label_token(text: str, dangling: bool) -> None:
        parts = _SLASHES.split(_CHANGE.sub("增\0减", text.strip()))
        for n, part in enumerate(parts):
            if n % 2:
                out.extend((Kind.VALUE, "/", parse_value("/"), False) for _ in part)
            elif part.strip():
                out.append((Kind.LABEL, part.strip().replace("\0", "/"), None, dangling))
                dangling = False

    label = ""
    dangling = False
    for k in range(1, len(pieces), 2):
        piece, before, after = pieces[k], label + pieces[k - 1], pieces[k + 1]
        label = before
        starts_item = bool(_ITEM_START.match(after))
        if before.endswith("第") or after.startswith(_INTERNAL_AFTER):
            label += piece
            continue
        if starts_item and len(piece) <= 2 and (label.strip() or not out):
            # "(三)不予公开1.属于国家秘密": the number opens the next label
            label_token(label, dangling)
            label, dangling = piece, False
            continue
        sign = ""
        if k > 1 and out and out[-1][0] is Kind.RUN and label.strip() in _SIGNS:
            sign, label = label.strip(), ""
        label_token(label, dangling)
        unit = next((u for u in _UNITS if after.startswith(u)), "")
        pieces[k + 1] = after[len(unit) :]
        run = sign + piece + unit
        out.append((Kind.RUN, run, parse_value(run), False))
        label, dangling = "", starts_item
    label_token(label + pieces[-1], dangling)
    return tuple(out)
