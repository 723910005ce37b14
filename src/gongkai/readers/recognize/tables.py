"""Tokens of a table region -> the cells of tables 二, 三 and 四.

Rows are found by their labels (rows.match_row); the items after a label are fitted to the row
(fit.fit_row); a run of glued digits that can be cut several ways is decided with the table's own
identities, and if it still cannot be decided the cells stay null and a finding says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice, product
from typing import Any

from gongkai.readers.recognize.cells import CellValue, parse_value
from gongkai.readers.recognize.fit import (
    APPLICATION_SHAPE,
    REVIEW_SHAPE,
    Cells,
    Fit,
    Shape,
    fit_row,
)
from gongkai.readers.recognize.notes import note
from gongkai.readers.recognize.rows import RowMatch, match_row
from gongkai.readers.recognize.tokens import Kind, Token
from gongkai.report import format as fmt
from gongkai.report.model import AppRow, Applications, Proactive, Reviews, Value
from gongkai.report.rules.finding import Evidence, Finding

MAX_COMBINATIONS = 20000


@dataclass
class RowRead:
    key: str
    label: Token
    match: RowMatch
    items: list[Token] = field(default_factory=list)

    @property
    def has_values(self) -> bool:
        return any(t.kind in (Kind.VALUE, Kind.RUN) for t in self.items)


@dataclass
class TableRead:
    """What one table yielded, with the reader's notes and the printed text of odd cells."""

    findings: list[Finding] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)


def collect_rows(tokens: list[Token], table: str, read: TableRead) -> dict[str, RowRead]:
    """Group tokens under the row label they follow; unknown labels (headers, groups) are skipped.

    A row printed twice (a table repeated after a page break) keeps its first reading; if the
    second one says something else, a finding says so.
    """
    rows: dict[str, RowRead] = {}
    repeats: list[RowRead] = []
    current: RowRead | None = None
    for tok in tokens:
        if tok.kind is not Kind.LABEL:
            if current is not None:
                current.items.append(tok)
            continue
        m = match_row(table, tok.text)
        if m is None:
            continue
        if tok.dangling_item and m.item is not None and current is not None:
            _strip_item(current, m.item)
        if current is not None and current.key == m.key and not current.has_values:
            continue  # the label goes on over the next line or cell
        current = RowRead(m.key, tok, m)
        earlier = rows.get(m.key)
        if earlier is not None and earlier.has_values:
            repeats.append(current)
        else:
            rows[m.key] = current
    for again in repeats:
        first = rows[again.key]
        if again.has_values and _numbers(again) != _numbers(first):
            read.findings.append(
                note(
                    "RD07",
                    f"“{again.label.text}”出现两次且数值不同（第 {first.label.source.line} 行与第 "
                    f"{again.label.source.line} 行），采用第一次的数值",
                )
            )
    return rows


def _numbers(row: RowRead) -> list[object]:
    return [t.value.number if t.value else None for t in row.items if t.kind is not Kind.BLANK]


def _strip_item(row: RowRead, item: int) -> None:
    """'…00000001.属于国家秘密': the trailing 1 is the next label's number, not a cell."""
    for i in range(len(row.items) - 1, -1, -1):
        tok = row.items[i]
        if tok.kind is Kind.BLANK:
            continue
        digits = tok.value.digits if tok.value is not None else None
        mark = str(item)
        if digits and digits.endswith(mark) and len(digits) > len(mark):
            rest = digits[: -len(mark)]
            row.items[i] = Token(Kind.RUN, rest, tok.source, tok.line, parse_value(rest))
        return


# ------------------------------------------------------------------ cell conversion


def _count(
    cell: CellValue | None, path: str, read: TableRead
) -> int | None:
    if cell is None:
        return None
    if cell.number is None:
        read.printed[path] = cell.printed
        return None
    if cell.note or cell.unit:
        read.printed[path] = cell.printed
    if isinstance(cell.number, Decimal):
        if cell.number == cell.number.to_integral_value():
            read.printed[path] = cell.printed
            return int(cell.number)
        read.printed[path] = cell.printed
        read.findings.append(
            note("RD04", f"{path} 印为“{cell.printed}”，不是整数，按空白处理", (Evidence(path, None),))
        )
        return None
    return cell.number


def _value(cell: CellValue | None, kind: fmt.CellKind, path: str, read: TableRead) -> Value:
    if kind in ("count", "signed"):
        return _count(cell, path, read)
    if cell is None:
        return None
    if cell.number is None or cell.note or cell.unit:
        read.printed[path] = cell.printed
    if cell.number is None:
        return None
    return Decimal(cell.number) if kind == "decimal" and isinstance(cell.number, int) else cell.number


# ------------------------------------------------------------------ table 三


def read_applications(tokens: list[Token], read: TableRead) -> Applications | None:
    rows = collect_rows(tokens, "applications", read)
    if not any(r.has_values for r in rows.values()):
        return None
    split_found = any(rows.get(k) and rows[k].has_values for k in fmt.OTHER_SPLIT)
    undivided = not split_found and "other" in rows and rows["other"].has_values
    keys = fmt.application_keys(undivided)
    fits: dict[str, Fit] = {}
    for key in keys:
        row = rows.get(key)
        if row is None:
            continue
        fits[key] = fit_row(row.items, APPLICATION_SHAPE)
        read.sources[f"applications.{key}"] = row.label.source.line
        if fits[key].note and fits[key].code != "RD03":
            read.findings.append(
                note(fits[key].code or "RD01", f"表三“{_label(key)}”：{fits[key].note}",
                     (Evidence(f"applications.{key}", None, _label(key)),))
            )
    chosen = _resolve(fits, undivided, read)
    out: dict[str, AppRow] = {}
    missing = []
    for key in keys:
        cells = chosen.get(key)
        if cells is None:
            missing.append(key)
            out[key] = (None,) * fmt.N_APPLICANT_COLUMNS
            continue
        out[key] = tuple(
            _count(c, f"applications.{key}[{i}]", read) for i, c in enumerate(cells)
        )
    if missing:
        read.findings.append(
            note(
                "RD05",
                "表三未找到以下行，按空白处理：" + "、".join(_label(k) for k in missing),
                tuple(Evidence(f"applications.{k}", None, _label(k)) for k in missing),
            )
        )
    return Applications(out)


def _label(key: str) -> str:
    return fmt.APPLICATION_ROW_BY_KEY[key].label


def _resolve(fits: dict[str, Fit], undivided: bool, read: TableRead) -> dict[str, Cells]:
    """Choose one fit per row; ambiguous rows are settled by the column identities R10/R11."""
    chosen = {k: f.options[0] for k, f in fits.items() if len(f.options) == 1}
    open_rows = {k: f.options for k, f in fits.items() if len(f.options) > 1}
    if not open_rows:
        return chosen
    keys = list(open_rows)
    good: list[tuple[Cells, ...]] = []
    for combo in islice(product(*open_rows.values()), MAX_COMBINATIONS):
        trial = {**chosen, **dict(zip(keys, combo, strict=True))}
        if _table_holds(trial, undivided):
            good.append(combo)
    for i, key in enumerate(keys):
        picks = {tuple(_num(c) for c in combo[i]) for combo in good}
        if len(picks) == 1:
            chosen[key] = good[0][i]
            read.findings.append(
                note("RD09", f"表三“{_label(key)}”的连写数字已按勾稽关系拆分为 "
                     + " | ".join(str(_num(c)) for c in good[0][i]),
                     (Evidence(f"applications.{key}", None, _label(key)),))
            )
            continue
        options = picks or {tuple(_num(c) for c in o) for o in open_rows[key]}
        shown = "；".join(" | ".join(str(v) for v in o) for o in sorted(options, key=str)[:5])
        read.findings.append(
            note(
                "RD03",
                f"表三“{_label(key)}”的连写数字可拆分为多种结果，无法确定，按空白处理：{shown}",
                (Evidence(f"applications.{key}", None, _label(key)),),
                candidates=[list(o) for o in sorted(options, key=str)],
            )
        )
    return chosen


def _num(c: CellValue | None) -> Any:
    return None if c is None else c.number


def _table_holds(rows: dict[str, Cells], undivided: bool) -> bool:
    def col(key: str, c: int) -> Any:
        cells = rows.get(key)
        return None if cells is None or cells[c] is None else cells[c].number  # type: ignore[union-attr]

    results = fmt.result_keys(undivided)
    for c in range(fmt.N_APPLICANT_COLUMNS):
        parts = [col(k, c) for k in ("new", "carried_over", "results_total", "carried_forward")]
        if None not in parts and parts[0] + parts[1] != parts[2] + parts[3]:
            return False
        total = col("results_total", c)
        values = [col(k, c) for k in results]
        if total is not None and None not in values and sum(values) != total:
            return False
    return True


# ------------------------------------------------------------------ table 四


def read_reviews(tokens: list[Token], read: TableRead) -> Reviews | None:
    items = [t for t in tokens if t.kind is not Kind.LABEL]
    if not any(t.kind is not Kind.BLANK for t in items):
        return None
    fit = fit_row(items, REVIEW_SHAPE)
    if fit.note:
        read.findings.append(note(fit.code or "RD01", f"表四：{fit.note}", (Evidence("reviews", None, "表四"),)))
    if len(fit.options) != 1:
        cells: Cells = (None,) * fmt.N_REVIEW_CELLS
        if fit.options:
            shown = "；".join(" ".join(str(_num(c)) for c in o) for o in fit.options[:3])
            read.findings.append(note("RD03", f"表四的连写数字可拆分为多种结果，按空白处理：{shown}"))
    else:
        cells = fit.options[0]
    if items:
        read.sources["reviews"] = items[0].source.line
    groups: dict[str, dict[str, int | None]] = {}
    for gi, g in enumerate(fmt.REVIEW_GROUPS):
        groups[g.key] = {
            c.key: _count(cells[gi * 5 + ci], f"reviews.{g.key}.{c.key}", read)
            for ci, c in enumerate(fmt.REVIEW_COLUMNS)
        }
    return Reviews(groups)


# ------------------------------------------------------------------ table 二


def proactive_labels(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens if t.kind is Kind.LABEL]


def read_proactive(tokens: list[Token], template: fmt.Template, read: TableRead) -> Proactive | None:
    rows = collect_rows(tokens, "proactive", read)
    if not any(r.has_values for r in rows.values()):
        return None
    out: dict[str, dict[str, Value]] = {}
    missing = []
    for spec in fmt.proactive_rows(template):
        printed_cols = [c for c in spec.columns if c.kind != "text"]
        row = rows.get(spec.key)
        if row is None or not row.has_values:
            missing.append(spec.label)
            out[spec.key] = {c.key: None for c in spec.columns}
            continue
        read.sources[f"proactive.{spec.key}"] = row.label.source.line
        fit = fit_row(row.items, Shape(len(printed_cols)))
        cells = fit.options[0] if len(fit.options) == 1 else (None,) * len(printed_cols)
        if fit.note or len(fit.options) != 1:
            read.findings.append(
                note(fit.code or "RD03", f"表二“{spec.label}”：{fit.note or '连写数字无法拆分'}",
                     (Evidence(f"proactive.{spec.key}", None, spec.label),))
            )
        values: dict[str, Value] = {}
        for col, cell in zip(printed_cols, cells, strict=True):
            path = f"proactive.{spec.key}" if spec.scalar else f"proactive.{spec.key}.{col.key}"
            values[col.key] = _value(cell, col.kind, path, read)
        for col in spec.columns:
            if col.kind == "text":
                amount = cells[-1]
                values[col.key] = amount.printed if amount is not None else None
        out[spec.key] = values
    if missing:
        read.findings.append(note("RD05", "表二未找到以下行，按空白处理：" + "、".join(missing)))
    return Proactive(template, out)
