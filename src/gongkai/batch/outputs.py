"""Outputs built from the journal: JSONL in file order, CSV (utf-8-sig for Excel) and Excel.

Lines are taken one at a time by their offsets in the journal, so memory does not grow with the
number of files. A CSV or Excel row holds one column per cell of the report, named by its path
in the canonical JSON (`applications.new[0]`) in the national format's order; a blank cell stays
blank, never 0. Every file is written to a temporary name and renamed, so a half-built output is
never left behind.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from gongkai.batch import journal
from gongkai.batch.worker import Mode
from gongkai.report import format as fmt
from gongkai.report.finding import SEVERITY_ZH, STATUS_ZH
from gongkai.report.provenance import describe

REPORT_HEADERS = ("文件", "状态", "错误", "提示", "机关", "年度", "模板")
FINDING_HEADERS = ("文件", "规则", "级别", "结果", "说明", "涉及单元格")
FAILURE_HEADERS = ("文件", "原因", "提示")
READ_ZH, FAILED_ZH, CLEAN_ZH = "已读取", "未能读取", "未发现问题"


def _cell_paths() -> tuple[str, ...]:
    """Every cell of both templates, table by table in the national format's order."""
    paths: list[str] = []
    for template in ("2021", "2019"):
        for row in fmt.proactive_rows(template):
            for col in row.columns:
                scalar = template == "2021" and row.scalar
                path = f"proactive.{row.key}" if scalar else f"proactive.{row.key}.{col.key}"
                if path not in paths:
                    paths.append(path)
    for app_row in fmt.APPLICATION_ROWS:
        paths += [f"applications.{app_row.key}[{c}]" for c in range(fmt.N_APPLICANT_COLUMNS)]
    for group in fmt.REVIEW_GROUPS:
        paths += [f"reviews.{group.key}.{c.key}" for c in fmt.REVIEW_COLUMNS]
    return tuple(paths)


CELL_PATHS = _cell_paths()


def flatten(report: dict[str, Any]) -> dict[str, Any]:
    """The cells of a canonical report by path: {"applications.new[0]": 3, ...}."""
    out: dict[str, Any] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")
        else:
            out[path] = node

    for table in ("proactive", "applications", "reviews"):
        if report.get(table) is not None:
            walk(report[table], table)
    return out


def ordered_lines(path: Path, order: Sequence[str]) -> Iterator[bytes]:
    """The journal's last line of each file: files of `order` first, in that order, then the
    rest as they were written (files of an earlier run with other arguments)."""
    offsets: dict[str, int] = {}
    for at, head in journal.scan(path):
        offsets[str(head["file"])] = at
    with path.open("rb") as f:
        for name in [*[n for n in order if n in offsets], *offsets]:
            offset = offsets.pop(name, None)
            if offset is not None:
                yield journal.line_at(f, offset)


def ordered(path: Path, order: Sequence[str]) -> Iterator[dict[str, Any]]:
    for line in ordered_lines(path, order):
        yield json.loads(line)


def build(path: Path, output: Path, order: Sequence[str], mode: Mode) -> None:
    suffix = output.suffix.lower()
    tmp = output.with_name(f".{output.name}.tmp")
    try:
        if suffix == ".jsonl":
            with tmp.open("wb") as f:
                f.writelines(ordered_lines(path, order))
        elif suffix == ".csv":
            _csv(ordered(path, order), tmp, mode)
        else:
            _xlsx(ordered(path, order), tmp, mode)
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)


def _csv(lines: Iterator[dict[str, Any]], target: Path, mode: Mode) -> None:
    with target.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        if mode == "parse":
            writer.writerow([*REPORT_HEADERS, *CELL_PATHS])
            writer.writerows(_blank(report_row(d)) for d in lines)
            return
        writer.writerow(FINDING_HEADERS)
        for data in lines:
            if data["ok"]:
                writer.writerows(_blank(r) for r in finding_rows(data))
            else:
                writer.writerow([data["file"], "", "", FAILED_ZH, _reason(data), ""])


def _xlsx(lines: Iterator[dict[str, Any]], target: Path, mode: Mode) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    reports = wb.create_sheet("年报")
    checks = wb.create_sheet("核对结果") if mode == "check" else None
    failures = wb.create_sheet("未能读取")
    bold = Font(bold=True)
    sheets: list[tuple[Any, list[str], tuple[int, ...]]] = [
        (reports, [*REPORT_HEADERS, *CELL_PATHS], (40, 8, 40, 40, 30, 8, 8))
    ]
    if checks is not None:
        sheets.append((checks, list(FINDING_HEADERS), (40, 8, 8, 10, 60, 60)))
    sheets.append((failures, list(FAILURE_HEADERS), (40, 60, 60)))
    for sheet, headers, widths in sheets:
        sheet.freeze_panes = "A2"
        for i, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = width
        row = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            row.append(cell)
        sheet.append(row)
    for data in lines:
        reports.append(report_row(data))
        if not data["ok"]:
            failures.append([data["file"], data.get("error", ""), data.get("hint", "")])
        elif checks is not None:
            for finding_row in finding_rows(data):
                checks.append(finding_row)
    wb.save(target)


def report_row(data: dict[str, Any]) -> list[Any]:
    """A file as a row of the 年报 sheet: status, metadata, then every cell (None: blank)."""
    if not data["ok"]:
        return [data["file"], FAILED_ZH, data.get("error", ""), data.get("hint", "")]
    report = data["report"]
    cells = flatten(report)
    meta = [report.get("agency"), report.get("year"), report.get("template")]
    return [data["file"], READ_ZH, "", "", *meta, *(cells.get(p) for p in CELL_PATHS)]


def finding_rows(data: dict[str, Any]) -> list[list[Any]]:
    """One row per finding of a checked file; a file without findings gets one row saying so."""
    rows = []
    for f in data.get("findings", []):
        cells = "；".join(_evidence(e) for e in f.get("evidence", []))
        rows.append(
            [
                data["file"],
                f["rule"],
                SEVERITY_ZH.get(f["severity"], f["severity"]),
                STATUS_ZH.get(f["status"], f["status"]),
                f["message"],
                cells,
            ]
        )
    return rows or [[data["file"], "", "", CLEAN_ZH, "", ""]]


def _evidence(e: dict[str, Any]) -> str:
    name = e.get("label") or e["path"]
    value = e.get("value")
    where = describe(e.get("place"))
    shown = f"{name}={'空' if value is None else value}"
    return f"{shown}（{where}）" if where else shown


def _reason(data: dict[str, Any]) -> str:
    hint = data.get("hint")
    return f"{data.get('error', '')}（{hint}）" if hint else str(data.get("error", ""))


def _blank(row: list[Any]) -> list[Any]:
    return ["" if v is None else v for v in row]
