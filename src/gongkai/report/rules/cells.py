"""Where a cell lives and what it is called: evidence paths and Chinese labels for every family.

Paths follow the canonical JSON (`applications.new[6]`, `reviews.reconsideration.total`,
`proactive.licensing`, `text.problems`, `document.published`); labels and the short row names used
in messages are derived from `format` once, at import, so that no label is typed twice and a rule
pays only a dictionary lookup per cell it reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeGuard, cast

from gongkai.report import format as fmt
from gongkai.report.finding import Evidence

SEP = " · "
_NUMERAL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[．.])")
# Explanatory notes in parentheses, and the suffix of rows 一 and 二, make labels too long to show.
_NOTE = re.compile(r"（[^）]*）$")
_SUFFIX = "政府信息公开申请数量"


def _short(label: str) -> str:
    return _NOTE.sub("", label).removesuffix(_SUFFIX)


def _bare(label: str) -> str:
    return _NUMERAL.sub("", _short(label))


def _section_title(section: fmt.Section) -> str:
    return f"{section.numeral}、{section.heading}"


TABLES = {k: f"表{fmt.SECTION_BY_KEY[k].numeral}" for k in ("proactive", "applications", "reviews")}
TABLE_TITLES = {key: _section_title(fmt.SECTION_BY_KEY[key]) for key in TABLES}
SECTION_TITLES = {s.key: _section_title(s) for s in fmt.SECTIONS}
TEXT_TITLES = {s.text_key: _section_title(s) for s in fmt.SECTIONS if s.text_key}

# ---------------------------------------------------------------- table 三

COLUMN_NAMES: tuple[str, ...] = tuple(c.label for c in fmt.APPLICANT_COLUMNS)


def _row_label(row: fmt.Row) -> str:
    if row.item is not None and row.group:
        return f"{_short(row.group)} {_short(row.label)}"
    return _short(row.label)


def _row_name(row: fmt.Row) -> str:
    name = _bare(row.label)
    # "总计" and "其他" are also column names: keep the numbering that tells the row apart.
    return _row_label(row) if name in COLUMN_NAMES else name


ROW_LABELS = {r.key: _row_label(r) for r in fmt.APPLICATION_ROWS}
ROW_NAMES = {r.key: _row_name(r) for r in fmt.APPLICATION_ROWS}
_APP = {
    (r.key, c): (f"applications.{r.key}[{c}]", f"{ROW_LABELS[r.key]}{SEP}{COLUMN_NAMES[c]}")
    for r in fmt.APPLICATION_ROWS
    for c in range(fmt.N_APPLICANT_COLUMNS)
}


def app(key: str, c: int, value: Any) -> Evidence:
    path, label = _APP[key, c]
    return Evidence(path, value, label)


# ---------------------------------------------------------------- table 四

GROUP_NAMES = {g.key: g.label for g in fmt.REVIEW_GROUPS}
REVIEW_COLUMN_NAMES = {c.key: c.label for c in fmt.REVIEW_COLUMNS}
_REVIEW = {
    (g.key, c.key): (f"reviews.{g.key}.{c.key}", f"{g.label}{SEP}{c.label}")
    for g in fmt.REVIEW_GROUPS
    for c in fmt.REVIEW_COLUMNS
}


def review(group: str, column: str, value: Any) -> Evidence:
    path, label = _REVIEW[group, column]
    return Evidence(path, value, label)


# ---------------------------------------------------------------- table 二


def _proactive_cells(template: fmt.Template) -> dict[tuple[str, str], tuple[str, str]]:
    out = {}
    for row in fmt.proactive_rows(template):
        for col in row.columns:
            scalar = template == "2021" and row.scalar
            path = f"proactive.{row.key}" if scalar else f"proactive.{row.key}.{col.key}"
            out[row.key, col.key] = (path, f"{row.label}{SEP}{col.label}")
    return out


_PROACTIVE = {t: _proactive_cells(t) for t in fmt.TEMPLATES}
PROACTIVE_ROW_NAMES = {t: {r.key: r.label for r in fmt.proactive_rows(t)} for t in fmt.TEMPLATES}
PROACTIVE_COLUMN_NAMES = {
    t: {c.key: c.label for r in fmt.proactive_rows(t) for c in r.columns} for t in fmt.TEMPLATES
}


def proactive(template: fmt.Template, row: str, column: str, value: Any) -> Evidence:
    path, label = _PROACTIVE[template][row, column]
    return Evidence(path, value, label)


# ---------------------------------------------------------------- text, document, metadata


def text(key: str, value: str | None) -> Evidence:
    return Evidence(f"text.{key}", value, f"{TEXT_TITLES[key]}（正文）")


def excerpt(key: str, value: str, limit: int = 60) -> Evidence:
    """A narrative section as evidence, cut short: the rule looked at all of it."""
    shown = value if len(value) <= limit else value[:limit] + "……"
    return Evidence(f"text.{key}", shown, f"{TEXT_TITLES[key]}（正文）")


def document(field: str, value: Any, label: str) -> Evidence:
    return Evidence(f"document.{field}", value, label)


def meta(field: str, value: Any, label: str) -> Evidence:
    return Evidence(field, value, label)


def previous(evidence: Evidence) -> Evidence:
    """The same cell in last year's report."""
    return Evidence(f"previous.{evidence.path}", evidence.value, f"上年年报{SEP}{evidence.label}")


# ---------------------------------------------------------------- numbers in messages


def signed(n: int | float | Any) -> str:
    return f"+{n}" if n > 0 else f"−{-n}" if n < 0 else "0"


def plus(values: Iterable[Any]) -> str:
    """`3 + 0 + 1`, the way a sum is written out in a message."""
    return " + ".join(str(v) for v in values)


def is_count(value: object) -> bool:
    """A number of cases or documents: a non-negative int (not a bool, a float or a Decimal)."""
    return type(value) is int and value >= 0


def all_counts(values: Sequence[object]) -> bool:
    """Every value is a non-negative int: the fast path of the R13/R21/R30 checks."""
    if not values or set(map(type, values)) != {int}:
        return False
    return min(cast(Sequence[int], values)) >= 0


def known(values: Sequence[Any]) -> TypeGuard[Sequence[int]]:
    """No blank among `values`; narrows `int | None` cells to `int` for the arithmetic that follows."""
    return None not in values
