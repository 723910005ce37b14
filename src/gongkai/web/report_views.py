"""The annual report as a page shows it: tables laid out like the published files, each value
cell knowing its JSON path, findings linked to the cells they name; and reading an upload.

The tables are built by the same builder as the published files (`renderers.annual`), so the
merged cells match the national format; a finding's evidence paths find the cells to highlight.
Used by 年报检查, the 年度报告 pages and the API. An upload is read in memory and never stored.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import UploadFile

from gongkai.errors import GongkaiError, InputError
from gongkai.readers import ReadResult, read_bytes
from gongkai.renderers.annual import TABLES, show
from gongkai.renderers.document import Cell
from gongkai.report import format as fmt
from gongkai.report.finding import SEVERITY_ZH, STATUS_ZH, Finding
from gongkai.report.model import AnnualReport, Value
from gongkai.report.provenance import describe, place_of
from gongkai.report.rules import check_report
from gongkai.web.security import UPLOAD_LIMIT

log = logging.getLogger("gongkai.web")

ACCEPTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".doc", ".wps", ".rtf", ".pdf")
ACCEPT_ATTR = ",".join(ACCEPTED_SUFFIXES)
MAX_UPLOAD = UPLOAD_LIMIT  # the body limit of the whole app
_ID = re.compile(r"[^0-9A-Za-z_]+")


# ---------------------------------------------------------------- views of a report


@dataclass(frozen=True, slots=True)
class CellView:
    text: str
    header: bool
    rowspan: int = 1
    colspan: int = 1
    scope: str | None = None  # th only: "col" or "row"
    css: str = ""
    anchor: str | None = None  # td id, linked from the findings
    described_by: str = ""  # the ids of the findings that name this cell
    title: str = ""


@dataclass(frozen=True, slots=True)
class TableView:
    key: str
    caption: str
    head: list[list[CellView]]
    body: list[list[CellView]]
    missing: bool = False


@dataclass(frozen=True, slots=True)
class EvidenceView:
    label: str
    value: str
    place: str
    href: str | None  # the highlighted cell on this page, when it is in a table


@dataclass(frozen=True, slots=True)
class FindingView:
    anchor: str
    rule: str
    severity: str
    severity_label: str
    status_label: str
    message: str
    evidence: list[EvidenceView]


def cell_anchor(path: str) -> str:
    return "cell-" + _ID.sub("-", path).strip("-")


def _covers(evidence: str, cell: str) -> bool:
    """Whether a finding's evidence path names this cell (a row or table names all of its cells)."""
    return cell == evidence or cell.startswith((evidence + "[", evidence + "."))


def _path_cell(path: str, value: Value) -> Cell:
    # The builder's cell maker; the path rides in `note` and is taken out again in `_cell_view`.
    return Cell(show(value), align="right", note=path)


def table_views(
    report: AnnualReport, findings: Sequence[FindingView | None], raw: Sequence[Finding]
) -> list[TableView]:
    """Tables 二, 三 and 四 as laid out in print, each value cell flagged when a finding names it.

    `raw[i]` is the finding shown as `findings[i]` (None: a finding not listed on the page)."""
    named: list[tuple[str, FindingView]] = [
        (e.path, view) for f, view in zip(raw, findings, strict=True) if view for e in f.evidence
    ]
    out = []
    for key, build in TABLES.items():
        section = fmt.SECTION_BY_KEY[key]
        caption = f"{section.numeral}、{section.heading}"
        table = build(report, _path_cell)
        if table is None:
            out.append(TableView(key, caption, [], [], missing=True))
            continue
        rows: list[list[CellView]] = []
        for r, grid_row in enumerate(table.grid):
            cells = [c for c in grid_row if c is not None]
            in_head = r < table.header_rows
            full = bool(cells) and all(c.header for c in cells)
            rows.append([_cell_view(c, in_head or full, named) for c in cells])
        out.append(TableView(key, caption, rows[: table.header_rows], rows[table.header_rows :]))
    return out


def _cell_view(cell: Cell, column_header: bool, named: list[tuple[str, FindingView]]) -> CellView:
    if cell.header:
        return CellView(
            cell.text,
            True,
            cell.rowspan,
            cell.colspan,
            scope="col" if column_header else "row",
        )
    path = cell.note or ""
    hits = [view for evidence, view in named if _covers(evidence, path)]
    seen: dict[str, FindingView] = {v.anchor: v for v in hits}
    return CellView(
        cell.text,
        False,
        cell.rowspan,
        cell.colspan,
        css="num flagged" if seen else "num",
        anchor=cell_anchor(path),
        described_by=" ".join(seen),
        title="；".join(f"{v.rule} {v.message}" for v in seen.values()),
    )


def finding_views(
    report: AnnualReport, findings: Iterable[Finding], prefix: str = "finding"
) -> list[FindingView]:
    """The findings as listed on a page: rule, level, message and each cell with its place."""
    cells = {p for t in TABLES.values() if (table := t(report, _path_cell)) for p in _paths(table)}
    out = []
    for i, f in enumerate(findings, 1):
        evidence = []
        for e in f.evidence:
            target = next((p for p in sorted(cells) if _covers(e.path, p)), None)
            evidence.append(
                EvidenceView(
                    label=e.label or e.path,
                    value=_value(e.value),
                    place=describe(place_of(report, e.path)),
                    href=f"#{cell_anchor(target)}" if target else None,
                )
            )
        out.append(
            FindingView(
                anchor=f"{prefix}-{i}",
                rule=f.rule,
                severity=f.severity,
                severity_label=SEVERITY_ZH[f.severity],
                status_label=STATUS_ZH[f.status],
                message=f.message,
                evidence=evidence,
            )
        )
    return out


def _paths(table: Any) -> list[str]:
    return [cell.note for _, _, cell in table.cells() if not cell.header and cell.note]


def _value(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, list | tuple):
        text = "、".join(_value(v) for v in value)
    elif isinstance(value, int | Decimal | str):
        text = show(value)
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:60] + "……"


def report_views(
    report: AnnualReport, findings: Sequence[Finding], prefix: str = "finding"
) -> tuple[list[TableView], list[FindingView]]:
    """The tables with flagged cells and the list of findings that explains them."""
    views = finding_views(report, findings, prefix)
    return table_views(report, views, findings), views


def read_and_check(file: UploadFile | None) -> tuple[ReadResult, list[Finding]]:
    """Read an upload (refused in Chinese when missing, too large, of an unknown kind or
    unreadable) and check it: the report as read and the checker's findings."""
    if file is None or not file.filename:
        raise InputError(
            "请选择要检查的年报文件。", f"支持的格式：{'、'.join(ACCEPTED_SUFFIXES)}。"
        )
    name = Path(file.filename).name
    if Path(name).suffix.lower() not in ACCEPTED_SUFFIXES:
        raise InputError(
            f"不支持的文件类型：{name}。", f"请上传以下格式之一：{'、'.join(ACCEPTED_SUFFIXES)}。"
        )
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InputError("文件超过 20 MB 的上限。", "年报文件通常不足 1 MB，请确认文件是否正确。")
    if not data:
        raise InputError(f"文件 {name} 是空的。", "请确认选择了正确的文件。")
    try:
        result = read_bytes(data, name)
    except GongkaiError:
        raise
    except Exception as err:  # a reader tripping over a strange file: say so, not a traceback
        log.exception("读取上传文件失败：%s", name, exc_info=err)
        raise InputError(
            f"无法读取文件 {name}。", "文件可能已损坏或不是年度报告；请另存为 DOCX 或 PDF 后重试。"
        ) from None
    return result, check_report(result.report)


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0, "not_assessable": 0}
    for f in findings:
        counts["not_assessable" if f.status == "not_assessable" else f.severity] += 1
    return counts
