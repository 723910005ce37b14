"""Tokens of a table region -> the cells of tables 二, 三 and 四.

Rows are found by their labels (rows.match_row); the items after a label are fitted to the row
(fit.fit_row); a run of glued digits that can be cut several ways is decided with the table's own
identities, and if it still cannot be decided the cells stay null and a finding says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.readers.layout import Source
from gongkai.readers.recognize.cells import CellValue, parse_value
from gongkai.readers.recognize.fit import Fit, Grid, fit_row
from gongkai.readers.recognize.notes import note
from gongkai.readers.recognize.provenance import sources_of
from gongkai.readers.recognize.resolve import feasible
from gongkai.readers.recognize.rows import RowMatch, match_row
from gongkai.readers.recognize.shape import APPLICATION_SHAPE, REVIEW_SHAPE, Cells, Shape
from gongkai.readers.recognize.tokens import Kind, Token
from gongkai.report import format as fmt
from gongkai.report.finding import Evidence, Finding
from gongkai.report.model import Applications, AppRow, Proactive, Reviews, Value


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
    cells: dict[str, Source] = field(default_factory=dict)  # path -> where it was printed

    def trace(self, paths: list[str], cells: Cells, fit: Fit, items: list[Token]) -> None:
        for path, source in zip(paths, sources_of(cells, fit, items), strict=True):
            if source is not None:
                self.cells[path] = source


def collect_rows(tokens: list[Token], table: str, read: TableRead) -> dict[str, RowRead]:
    """Group tokens under the row label they follow; unknown labels (headers, groups) are skipped,
    but a label wrapped over two lines is matched whole.

    A row printed twice (a table repeated after a page break) keeps its first reading; if the
    second one says something else, a finding says so.
    """
    rows: dict[str, RowRead] = {}
    repeats: list[RowRead] = []
    current: RowRead | None = None
    unknown = ""  # unknown labels since the last value: a label wrapped over lines, in pieces
    for tok in tokens:
        if tok.kind is not Kind.LABEL:
            if current is not None:
                current.items.append(tok)
            unknown = "" if tok.kind is not Kind.BLANK else unknown
            continue
        m = match_row(table, tok.text) or (
            match_row(table, unknown + tok.text) if unknown else None
        )
        if m is None:
            unknown += tok.text
            continue
        unknown = ""
        if tok.dangling_item and m.item is not None and current is not None:
            _strip_item(current, m.item)
        if current is not None and not current.has_values:
            if current.key == m.key:
                continue  # the label goes on over the next line or cell
            if m.key == "other" and current.key in fmt.OTHER_SPLIT:
                continue  # "（六）其他处理" is here the group label of the split rows
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


def _counts(key: str, cells: Cells, read: TableRead) -> AppRow:
    """A row of table 三 as integers; plain integers (nearly every cell) take the short way."""
    out: list[int | None] = []
    for i, cell in enumerate(cells):
        if (
            cell is not None
            and type(cell.number) is int
            and not (cell.derived or cell.note or cell.unit)
        ):
            out.append(cell.number)
        else:
            out.append(_count(cell, f"applications.{key}[{i}]", read))
    return tuple(out)


def _count(cell: CellValue | None, path: str, read: TableRead) -> int | None:
    if cell is None or cell.derived:
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
            note(
                "RD04",
                f"{path} 印为“{cell.printed}”，不是整数，按空白处理",
                (Evidence(path, None),),
            )
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
    return (
        Decimal(cell.number) if kind == "decimal" and isinstance(cell.number, int) else cell.number
    )


# ------------------------------------------------------------------ table 三


def read_applications(tokens: list[Token], read: TableRead) -> Applications | None:
    rows = collect_rows(tokens, "applications", read)
    if not any(r.has_values for r in rows.values()):
        return None
    split_found = any(rows.get(k) and rows[k].has_values for k in fmt.OTHER_SPLIT)
    split_printed = any(k in rows and not rows[k].match.bare for k in fmt.OTHER_SPLIT)
    # 三（六） is one row when it carries the numbers, or when no sub-row is printed at all.
    undivided = (
        not split_found and "other" in rows and (rows["other"].has_values or not split_printed)
    )
    keys = fmt.application_keys(undivided)
    grid = Grid(tokens, APPLICATION_SHAPE.size)
    fits: dict[str, Fit] = {}
    for key in keys:
        row = rows.get(key)
        if row is None or (row.match.bare and not row.has_values):
            continue  # not there, or only the column header "其他"/"总计"
        fits[key] = fit_row(row.items, APPLICATION_SHAPE, grid, row.label)
    chosen = _resolve(fits, undivided, read)
    out: dict[str, AppRow] = {}
    missing = []
    for key in keys:
        cells = chosen.get(key)
        if key not in fits:
            missing.append(key)
        if cells is None:
            out[key] = (None,) * fmt.N_APPLICANT_COLUMNS
            continue
        out[key] = _counts(key, cells, read)
        paths = [f"applications.{key}[{i}]" for i in range(len(cells))]
        read.trace(paths, cells, fits[key], rows[key].items)
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
    """One reading per row; rows read several ways are settled by the identities R10/R11, and
    those that stay open are left null with a finding that lists the candidates."""
    options = {k: f.options for k, f in fits.items() if f.options and f.complete}
    open_rows = any(len(o) > 1 for o in options.values())
    kept = feasible(options, undivided) if open_rows else options
    chosen: dict[str, Cells] = {}
    same: dict[tuple[str, str], list[str]] = {}  # one finding for rows read with the same note
    for key, fit in fits.items():
        label, where = _label(key), (Evidence(f"applications.{key}", None, _label(key)),)
        if not fit.options:
            why = fit.note or "整行没有数字"
            read.findings.append(
                note(fit.code or "RD01", f"表三“{label}”：{why}，按空白处理", where)
            )
            continue
        if len(fit.options) == 1:
            chosen[key] = fit.options[0]
            if fit.note:
                same.setdefault((fit.code or "RD01", fit.note), []).append(key)
            continue
        readings = kept.get(key, ()) if kept is not None and fit.complete else ()
        numbers = _distinct(readings)
        if len(numbers) == 1:
            chosen[key] = readings[0]
            code = "RD09" if fit.code == "RD03" else fit.code or "RD01"
            read.findings.append(note(code, f"表三“{label}”：{_settled(fit, readings[0])}", where))
            continue
        shown = numbers or _distinct(fit.options)
        listed = "；".join(" | ".join(str(v) for v in o) for o in shown[:5])
        more = "……" if len(shown) > 5 or not fit.complete else ""
        why = _AMBIGUOUS.get(fit.code or "RD01", _AMBIGUOUS["RD01"])
        read.findings.append(
            note(
                fit.code or "RD01",
                f"表三“{label}”{why}，按空白处理：{listed}{more}",
                where,
                candidates=[list(o) for o in shown],
            )
        )
    for (code, text), keys in same.items():
        rows = "、".join(f"“{_label(k)}”" for k in keys)
        where_all = tuple(Evidence(f"applications.{k}", None, _label(k)) for k in keys)
        head = f"表三{rows}" if len(keys) == 1 else f"表三共 {len(keys)} 行（{rows}）"
        read.findings.append(note(code, f"{head}：{text}", where_all))
    return chosen


_AMBIGUOUS = {  # why a row read several ways stays blank, by reader code
    "RD01": "缺少单元格，无法确定缺少的是哪一列",
    "RD02": "多出单元格，无法确定多出的是哪一列",
    "RD03": "的连写数字可拆分为多种结果，无法确定",
}


def _distinct(readings: tuple[Cells, ...]) -> list[tuple[Any, ...]]:
    return list(dict.fromkeys(tuple(_num(c) for c in o) for o in readings))


def _settled(fit: Fit, cells: Cells) -> str:
    """What the finding says about a row the identities settled."""
    shown = " | ".join("空" if c is None or c.derived else str(c.number) for c in cells)
    if fit.code == "RD03":
        return f"连写数字已按勾稽关系拆分为 {shown}"
    if fit.code == "RD02":
        return f"{fit.note}，已按勾稽关系确定多出的单元格：{shown}"
    missing = next(i for i, c in enumerate(cells) if c is not None and c.derived)
    column = fmt.APPLICANT_COLUMNS[missing].label
    return f"{fit.note}，按勾稽关系判断缺少的是“{column}”列，该格按空白处理：{shown}"


def _num(c: CellValue | None) -> Any:
    return None if c is None or c.derived else c.number


# ------------------------------------------------------------------ table 四


def read_reviews(tokens: list[Token], read: TableRead) -> Reviews | None:
    items = [t for t in tokens if t.kind is not Kind.LABEL]
    if not any(t.kind is not Kind.BLANK for t in items):
        return None
    fit = fit_row(items, REVIEW_SHAPE, Grid(tokens, REVIEW_SHAPE.size))
    where = (Evidence("reviews", None, "表四"),)
    cells: Cells = (None,) * fmt.N_REVIEW_CELLS
    if len(fit.options) == 1:
        cells = fit.options[0]
        if fit.note:
            read.findings.append(note(fit.code or "RD01", f"表四：{fit.note}", where))
    elif not fit.options:
        why = fit.note or "没有数字"
        read.findings.append(note(fit.code or "RD01", f"表四：{why}，按空白处理", where))
    else:
        shown = _distinct(fit.options)
        listed = "；".join(" ".join(str(v) for v in o) for o in shown[:3])
        why = _AMBIGUOUS.get(fit.code or "RD01", _AMBIGUOUS["RD01"]).replace("列", "格")
        read.findings.append(
            note(
                fit.code or "RD01",
                f"表四{why}，按空白处理：{listed}"
                + ("……" if len(shown) > 3 or not fit.complete else ""),
                where,
                candidates=[list(o) for o in shown],
            )
        )
    paths = [f"reviews.{g.key}.{c.key}" for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS]
    if len(fit.options) == 1:
        read.trace(paths, cells, fit, items)
    groups: dict[str, dict[str, int | None]] = {}
    for gi, g in enumerate(fmt.REVIEW_GROUPS):
        groups[g.key] = {
            c.key: _count(cells[gi * 5 + ci], f"reviews.{g.key}.{c.key}", read)
            for ci, c in enumerate(fmt.REVIEW_COLUMNS)
        }
    return Reviews(groups)


# ------------------------------------------------------------------ table 二


def _proactive_shape(columns: list[fmt.Column]) -> Shape:
    signed = frozenset(i for i, c in enumerate(columns) if c.kind == "signed")
    return Shape(len(columns), (), signed)


def proactive_labels(tokens: list[Token]) -> list[str]:
    return [t.text for t in tokens if t.kind is Kind.LABEL]


def read_proactive(
    tokens: list[Token], template: fmt.Template, read: TableRead
) -> Proactive | None:
    rows = collect_rows(tokens, "proactive", read)
    if not any(r.has_values for r in rows.values()):
        return None
    out: dict[str, dict[str, Value]] = {}
    missing = []
    widths = {len([c for c in r.columns if c.kind != "text"]) for r in fmt.proactive_rows(template)}
    grids = {n: Grid(tokens, n) for n in widths}
    for spec in fmt.proactive_rows(template):
        printed_cols = [c for c in spec.columns if c.kind != "text"]
        row = rows.get(spec.key)
        if row is None or not row.has_values:
            missing.append(spec.label)
            out[spec.key] = {c.key: None for c in spec.columns}
            continue
        shape = _proactive_shape(printed_cols)
        fit = fit_row(row.items, shape, grids.get(shape.size), row.label)
        cells = fit.options[0] if len(fit.options) == 1 else (None,) * len(printed_cols)
        where = (Evidence(f"proactive.{spec.key}", None, spec.label),)
        if len(fit.options) > 1:
            shown = _distinct(fit.options)
            listed = "；".join(" | ".join(str(v) for v in o) for o in shown[:5])
            read.findings.append(
                note(
                    "RD03",
                    f"表二“{spec.label}”的连写数字可拆分为多种结果，无法确定，按空白处理：{listed}"
                    + ("……" if len(shown) > 5 or not fit.complete else ""),
                    where,
                    candidates=[list(o) for o in shown],
                )
            )
        elif fit.note:
            read.findings.append(note(fit.code or "RD01", f"表二“{spec.label}”：{fit.note}", where))
        values: dict[str, Value] = {}
        paths = [
            f"proactive.{spec.key}" if spec.scalar else f"proactive.{spec.key}.{col.key}"
            for col in printed_cols
        ]
        if len(fit.options) == 1:
            read.trace(paths, cells, fit, row.items)
        for col, cell, path in zip(printed_cols, cells, paths, strict=True):
            values[col.key] = _value(cell, col.kind, path, read)
        for col in spec.columns:
            if col.kind == "text":
                amount = cells[-1]
                values[col.key] = amount.printed if amount is not None else None
        out[spec.key] = values
    if missing:
        read.findings.append(note("RD05", "表二未找到以下行，按空白处理：" + "、".join(missing)))
    return Proactive(template, out)
