"""Round trips: any valid report, printed in any layout, reads back as itself.

Reports are drawn at random but consistent (rows add up to 总计, R10/R11 hold, table 四's groups
add up); they are printed by `layouts` with random label variants and read back with
`read_text`. In run-together text a split may be undecidable: then the reader must leave that
row null and say so with RD03 — never print a wrong number.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.readers import read_text
from gongkai.report import codec
from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Applications, AppRow, Proactive, Reviews, Value
from tests.readers.layouts import ITEM_MARKS, PLACEHOLDERS, Style, render

AGENCIES = (
    "梓潼县工业和信息化局",
    "绵阳市经济合作局",
    "临淄区工业和信息化局",
    "新华区人民政府办公室",
    "某某市市场监督管理局",
    "某某镇人民政府",
)
FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ------------------------------------------------------------------ random consistent reports


def _count(big: bool) -> st.SearchStrategy[int]:
    """Mostly one digit; run-together text (`big` False) keeps to what such pages show."""
    if big:
        return st.one_of(st.integers(0, 9), st.integers(0, 250))
    return st.one_of(st.integers(0, 9), st.integers(0, 9), st.integers(10, 40))


@st.composite
def applications(draw: st.DrawFn, undivided: bool, big: bool) -> Applications:
    results = fmt.result_keys(undivided)
    rows: dict[str, list[int]] = {}
    for key in results:
        active = draw(st.integers(0, 3)) == 0
        rows[key] = [draw(_count(big)) if active else 0 for _ in range(6)]
    total = [sum(rows[k][c] for k in results) for c in range(6)]
    forward = [draw(_count(big)) if draw(st.booleans()) else 0 for _ in range(6)]
    over = [min(draw(_count(big)), total[c] + forward[c]) for c in range(6)]
    rows["results_total"] = total
    rows["carried_forward"] = forward
    rows["carried_over"] = over
    rows["new"] = [total[c] + forward[c] - over[c] for c in range(6)]
    out: dict[str, AppRow] = {k: (*rows[k], sum(rows[k])) for k in fmt.application_keys(undivided)}
    return Applications(out)


@st.composite
def reviews(draw: st.DrawFn) -> Reviews:
    groups = {}
    for g in fmt.REVIEW_GROUPS:
        cells = [draw(st.integers(0, 3)) if draw(st.integers(0, 2)) == 0 else 0 for _ in range(4)]
        groups[g.key] = dict(
            zip((c.key for c in fmt.REVIEW_COLUMNS), (*cells, sum(cells)), strict=True)
        )
    return Reviews(groups)


@st.composite
def proactive(draw: st.DrawFn, template: fmt.Template, big: bool) -> Proactive:
    rows: dict[str, dict[str, Value]] = {}
    for spec in fmt.proactive_rows(template):
        cells: dict[str, Value] = {}
        for col in spec.columns:
            if col.kind == "count":
                cells[col.key] = draw(_count(big))
            elif col.kind == "signed":
                cells[col.key] = draw(st.integers(-30, 30))
            elif col.kind == "decimal":
                cents = draw(st.one_of(st.just(0), st.integers(0, 99999)))
                cells[col.key] = Decimal(cents) / (100 if spec.key == "fees" else 1)
        if spec.key == "procurement":
            amount = cells["amount"]
            cells["amount_text"] = f"{amount}元" if draw(st.booleans()) else str(amount)
        rows[spec.key] = cells
    return Proactive(template, rows)


@st.composite
def reports(draw: st.DrawFn, *, nulls: bool = True, big: bool = True) -> AnnualReport:
    template = draw(st.sampled_from(fmt.TEMPLATES))
    undivided = template == "2019" or draw(st.integers(0, 4)) == 0
    year = draw(st.integers(2019, 2022) if template == "2019" else st.integers(2021, 2024))
    has_proactive = draw(st.integers(0, 6)) != 0
    if not has_proactive:  # without table 二 the template follows from 三（六） and the year
        template = "2019" if undivided and year <= 2020 else "2021"
    p = draw(proactive(template, big)) if has_proactive else None
    a = draw(applications(undivided, big)) if draw(st.integers(0, 12)) else None
    r = draw(reviews()) if draw(st.integers(0, 12)) else None
    report = AnnualReport(template, draw(st.sampled_from(AGENCIES)), year, p, a, r)
    if nulls:
        report = _with_nulls(report, draw(st.lists(st.integers(0, 10**6), max_size=4)))
    return report


def _with_nulls(report: AnnualReport, picks: list[int]) -> AnnualReport:
    """Blank out a few cells (a report may print "/" or nothing where a number belongs)."""
    paths = [("a", k, c) for k, c, _ in report.applications.cells()] if report.applications else []
    paths += [("r", g, c) for g, c, _ in report.reviews.cells()] if report.reviews else []
    if report.proactive is not None:
        paths += [("p", r, c) for r, c, _ in report.proactive.cells() if c != "amount_text"]
    if not paths or not picks:
        return report
    chosen = {paths[i % len(paths)] for i in picks}
    a, r, p = report.applications, report.reviews, report.proactive
    if a is not None:
        a = Applications(
            {
                k: tuple(None if ("a", k, c) in chosen else v for c, v in enumerate(a[k]))
                for k in fmt.application_keys(a.undivided_other)
            }
        )
    if r is not None:
        r = Reviews(
            {
                g: {c: None if ("r", g, c) in chosen else v for c, v in cols.items()}
                for g, cols in r.groups.items()
            }
        )
    if p is not None:
        prows = {
            k: {c: None if ("p", k, c) in chosen else v for c, v in cols.items()}
            for k, cols in p.rows.items()
        }
        if "procurement" in prows and prows["procurement"]["amount"] is None:
            prows["procurement"]["amount_text"] = "/"
        p = Proactive(p.template, prows)
    return AnnualReport(report.template, report.agency, report.year, p, a, r)


# ------------------------------------------------------------------ random styles

ROW_KEYS = [r.key for r in fmt.APPLICATION_ROWS] + [r.key for r in fmt.PROACTIVE_2019]
ANNOTATABLE = (
    "proactive.regulations.issued",
    "proactive.normative_documents.issued",
    "proactive.normative_documents.in_force",
    "proactive.licensing",
    "proactive.punishment",
)


@st.composite
def styles(draw: st.DrawFn, layout: str) -> Style:
    common: dict[str, Any] = {
        "half_width": draw(st.booleans()),
        "item_mark": draw(st.sampled_from(ITEM_MARKS)),
        "spaced": draw(st.frozensets(st.sampled_from([*ROW_KEYS, "header"]), max_size=4)),
        "slips": tuple(
            draw(st.lists(st.tuples(st.sampled_from(ROW_KEYS), st.integers(0, 60)), max_size=3))
        ),
        "sign_words": draw(st.booleans()),
        "lost_headings": draw(st.frozensets(st.sampled_from(["proactive", "applications"]))),
        "title_form": draw(st.integers(0, 2)),
    }
    if layout != "flat":
        common["placeholders"] = tuple(
            draw(st.lists(st.sampled_from(PLACEHOLDERS), min_size=1, max_size=3))
        )
        common["annotated"] = draw(st.frozensets(st.sampled_from(ANNOTATABLE), max_size=2))
    if layout == "tabs":
        common["wrap_labels"] = draw(st.booleans())
        common["trailing_tab"] = draw(st.booleans())
        common["stray_lines"] = draw(st.booleans())
    elif layout == "pipes":
        common["blank_nulls"] = draw(st.booleans())
        common["split_labels"] = draw(st.booleans())
        common["chunks"] = draw(st.integers(1, 4))
        common["stray_lines"] = draw(st.booleans())
    elif layout == "cells":
        common["indent"] = draw(st.booleans())
    else:
        common["one_line"] = draw(st.booleans())
        common["glued_heading"] = draw(st.booleans())
    return Style(**common)


# ------------------------------------------------------------------ comparison


def canonical(report: AnnualReport) -> dict[str, Any]:
    out = codec.to_dict(report)
    out.pop("extra", None)
    out.pop("text", None)
    return out


def _roundtrip(report: AnnualReport, layout: str, style: Style) -> None:
    text = render(report, layout, style)
    result = read_text(text)
    want, got = _rows(canonical(report)), _rows(canonical(result.report))
    wrong = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}
    assert not wrong, f"{wrong}\n{text}"


@FAST
@given(reports(), styles("tabs"))
def test_tab_separated_pdf_text_reads_back(report: AnnualReport, style: Style) -> None:
    _roundtrip(report, "tabs", style)


@FAST
@given(reports(), styles("pipes"))
def test_pipe_tables_read_back(report: AnnualReport, style: Style) -> None:
    _roundtrip(report, "pipes", style)


@FAST
@given(reports(), styles("cells"))
def test_one_cell_per_line_reads_back(report: AnnualReport, style: Style) -> None:
    _roundtrip(report, "cells", style)


def _rows(data: dict[str, Any]) -> dict[str, Any]:
    """The canonical dict cut into the units RD03 speaks of: table rows, and table 四 as one."""
    out: dict[str, Any] = {k: data[k] for k in ("template", "agency", "year")}
    for table in ("proactive", "applications"):
        out[table] = data[table] is not None
        for key, row in (data[table] or {}).items():
            out[f"{table}.{key}"] = row
    out["reviews"] = data["reviews"]
    return out


def _all_null(row: Any) -> bool:
    if isinstance(row, dict):
        return all(_all_null(v) for v in row.values())
    if isinstance(row, list):
        return all(v is None for v in row)
    return row is None


@settings(FAST, max_examples=60)
@given(reports(nulls=False, big=False), styles("flat"))
def test_run_together_text_reads_back_or_says_why_not(report: AnnualReport, style: Style) -> None:
    text = render(report, "flat", style)
    result = read_text(text)
    want, got = _rows(canonical(report)), _rows(canonical(result.report))
    ambiguous = {e.path for f in result.findings if f.rule == "RD03" for e in f.evidence}
    for path, value in want.items():
        if got.get(path) == value:
            continue
        assert path in ambiguous, f"{path}: read {got.get(path)!r}, printed {value!r}\n{text}"
        assert _all_null(got[path]), f"{path} is ambiguous but not left null: {got[path]!r}"
    for path in ambiguous:
        assert _all_null(got.get(path)), f"RD03 for {path}, yet it holds {got.get(path)!r}"
    for finding in result.findings:
        listed = finding.details.get("candidates")
        if finding.rule == "RD03" and listed and not finding.message.endswith("……"):
            truth = _floats(_printed(finding.evidence[0].path, want[finding.evidence[0].path]))
            candidates = [_floats(c) for c in listed]
            assert truth in candidates, f"{finding.message}: {truth} is not among the candidates"


def _floats(row: list[Any]) -> list[float | None]:
    return [None if v is None else float(v) for v in row]


def _printed(path: str, row: Any) -> list[Any]:
    """A row of the canonical dict as the numbers the report prints for it, in order."""
    if isinstance(row, list):
        return row
    if path == "reviews":
        return [row[g.key][c.key] for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS]
    if not isinstance(row, dict):
        return [row]
    return [v for k, v in row.items() if k != "amount_text"]
