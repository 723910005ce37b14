"""The office's summary as one Excel workbook: statuses, findings, indicators, totals, problems.

One sheet per question the office asks: who published and when (报告与状态), what is wrong
(检查发现), how agencies compare (指标), what the region adds up to (汇总), and which files
could not be used (无法使用的文件). Numbers stay numbers (percentages formatted, not
written as text) so the office can sort and filter them in Excel.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.oversight.aggregate import Aggregate
from gongkai.oversight.collection import Collection
from gongkai.oversight.indicators import INDICATORS, Comparison
from gongkai.oversight.overview import Summary
from gongkai.report import format as fmt
from gongkai.report.finding import SEVERITY_ZH, STATUS_ZH
from gongkai.report.model import AnnualReport

_HEAD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
_LATE_FILL = PatternFill("solid", fgColor="F8D7DA")
_POINTS = '+0.0" 个百分点";-0.0" 个百分点";0.0" 个百分点"'
_QUARTILES: tuple[tuple[str, str], ...] = (
    ("最小值", "minimum"),
    ("下四分位数", "q1"),
    ("中位数", "median"),
    ("上四分位数", "q3"),
    ("最大值", "maximum"),
)


XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_workbook(summary: Summary, target: Path) -> None:
    book = new_book()
    _statuses(book.create_sheet("报告与状态"), summary.collection)
    _findings(book.create_sheet("检查发现"), summary)
    indicator_sheet(book.create_sheet("指标"), summary.comparisons)
    totals_sheet(book.create_sheet("汇总"), summary.totals)
    _problems(book.create_sheet("无法使用的文件"), summary.collection)
    book.save(target)


def new_book() -> Workbook:
    """A workbook without openpyxl's default empty sheet."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    return book


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: int
    kind: str = ""  # "date", "percent", "points" (a change of a share) or "wrap"


def table_sheet(
    sheet: Worksheet,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    marked: Iterable[int] = (),
) -> None:
    """A plain sheet of rows under a frozen header with a filter; rows numbered in `marked`
    (0-based) are shaded, e.g. the late ones. Values stay numbers and dates."""
    _header(sheet, [c.title for c in columns], [c.width for c in columns])
    for row in rows:
        sheet.append(list(row))
    for i in marked:
        _shade(sheet, i + 2, len(columns))
    for n, column in enumerate(columns, start=1):
        if not column.kind:
            continue
        for (cell,) in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
            if column.kind == "date":
                if isinstance(cell.value, datetime):  # a date is given yyyy-mm-dd by openpyxl
                    cell.number_format = "yyyy-mm-dd"
            elif column.kind == "percent":
                cell.number_format = "0.0%"
            elif column.kind == "points" and isinstance(cell.value, float):
                cell.value = cell.value * 100
                cell.number_format = _POINTS
            elif column.kind == "wrap":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = sheet.dimensions


def _shade(sheet: Worksheet, row: int, width: int) -> None:
    """Shade one row. Cells are named one by one: `sheet[row]` measures the whole sheet each time
    (seconds for a few thousand late rows). The fill is looked up in the workbook once a row and
    its number given to each cell, which is what `cell.fill = ...` does after hashing the fill
    (openpyxl 3.1 hashes it field by field, the better part of a 5,000-line export)."""
    book: Any = sheet.parent  # the style tables and arrays are not in openpyxl's type stubs
    fill = book._fills.add(_LATE_FILL)
    for column in range(1, width + 1):
        cell: Any = sheet.cell(row=row, column=column)
        if cell._style is None:
            cell._style = StyleArray()
        cell._style.fillId = fill


def _header(sheet: Worksheet, titles: Sequence[str], widths: Sequence[int]) -> None:
    sheet.append(list(titles))
    for i, (cell, width) in enumerate(zip(sheet[sheet.max_row], widths, strict=True), start=1):
        cell.font, cell.fill = _HEAD, _HEAD_FILL
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def _statuses(sheet: Worksheet, collection: Collection) -> None:
    titles = ("机关", "年度", "状态", "公开期限", "公开日期", "情况", "是否在名单内", "文件")
    _header(sheet, (*titles, "错误", "警告"), (28, 8, 10, 12, 12, 16, 12, 40, 8, 8))
    for s in collection.statuses:
        filed = collection.reports.get((s.agency, s.year))
        errors = filed.count("error") if filed else None
        warnings = filed.count("warning") if filed else None
        row = [s.agency, s.year, s.state, s.deadline, s.published, s.remark]
        sheet.append([*row, "是" if s.expected else "否", s.file or "", errors, warnings])
        if s.late:
            _shade(sheet, sheet.max_row, len(titles) + 2)
    sheet.auto_filter.ref = sheet.dimensions


def _findings(sheet: Worksheet, summary: Summary) -> None:
    titles = ("机关", "年度", "规则", "级别", "结论", "说明", "涉及单元格", "文件")
    _header(sheet, titles, (28, 8, 8, 8, 10, 70, 50, 40))
    for (agency, year), filed in sorted(summary.collection.reports.items()):
        for f in filed.findings:
            sheet.append([agency, year, *finding_cells(f), filed.file])
    for total in summary.totals:
        for finding in total.findings:
            sheet.append([total.name, total.year, *finding_cells(finding.to_dict()), "（汇总）"])
    for name, year, finding in summary.extra_findings:
        sheet.append([name, year, *finding_cells(finding.to_dict()), "（汇总）"])
    for cells in sheet.iter_rows(min_row=2, min_col=6, max_col=7):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = sheet.dimensions


def finding_cells(f: Mapping[str, Any]) -> list[Any]:
    severity = SEVERITY_ZH.get(f["severity"], f["severity"])
    status = STATUS_ZH.get(f["status"], f["status"])
    cells = "；".join(_evidence(e) for e in f.get("evidence", ()))
    return [f["rule"], severity, status, f["message"], cells]


def _evidence(e: Mapping[str, Any]) -> str:
    value = "空白" if e.get("value") is None else e.get("value")
    return f"{e.get('label') or e.get('path')}＝{value}"


def indicator_sheet(sheet: Worksheet, comparisons: Sequence[Comparison]) -> None:
    titles: list[str] = ["年度", "机关"]
    widths = [8, 28]
    for ind in INDICATORS:
        titles += [ind.label, f"{ind.label}·同比", f"{ind.label}·排名"]
        widths += [14, 12, 8]
    _header(sheet, titles, widths)
    for comparison in comparisons:
        for row in comparison.rows:
            cells: list[Any] = [comparison.year, row.agency]
            for ind in INDICATORS:
                cells += [row.values.get(ind.key), row.changes.get(ind.key), row.ranks.get(ind.key)]
            sheet.append(cells)
    sheet.append([])
    for comparison in comparisons:
        for label, attr in _QUARTILES:
            cells = [comparison.year, label]
            for ind in INDICATORS:
                found = comparison.distributions.get(ind.key)
                cells += [getattr(found, attr) if found else None, None, None]
            sheet.append(cells)
    _percent_formats(sheet)
    explained = sheet.max_row + 2
    sheet.cell(row=explained, column=1, value="指标说明").font = _HEAD
    for i, ind in enumerate(INDICATORS, start=1):
        sheet.cell(row=explained + i, column=2, value=ind.label)
        sheet.cell(row=explained + i, column=3, value=ind.formula)


def _percent_formats(sheet: Worksheet) -> None:
    for i, ind in enumerate(INDICATORS):
        value_col, change_col = 3 + 3 * i, 4 + 3 * i
        shares = ind.unit == "%"
        for cells in sheet.iter_rows(min_row=2, min_col=value_col, max_col=change_col):
            value, change = cells
            value.number_format = "0.0%" if shares else "0"
            change.number_format = _POINTS if shares else "+0.0%;-0.0%"
            if shares and isinstance(change.value, float):
                change.value = change.value * 100  # percentage points, printed as such


def totals_sheet(sheet: Worksheet, totals: Sequence[Aggregate]) -> None:
    sheet.column_dimensions["A"].width = 46
    for total in totals:
        sheet.append([f"{total.name} {total.year} 年度汇总（{len(total.members)} 个机关）"])
        sheet[sheet.max_row][0].font = Font(bold=True, size=12)
        if total.failing:
            sheet.append(["以下机关的年报本身不平衡，汇总未作修正：" + "、".join(total.failing)])
        _table_three(sheet, total.report)
        _table_four(sheet, total.report)
        _table_two(sheet, total.report)
        sheet.append([])


def _table_three(sheet: Worksheet, report: AnnualReport) -> None:
    sheet.append(["三、收到和处理政府信息公开申请情况", *(c.label for c in fmt.APPLICANT_COLUMNS)])
    _bold_last(sheet)
    if report.applications is None:
        sheet.append(["（无法汇总：有成员缺少此表）"])
        return
    for key in report.applications.keys():  # noqa: SIM118 (the template's rows, not a dict)
        sheet.append([fmt.APPLICATION_ROW_BY_KEY[key].label, *report.applications[key]])


def _table_four(sheet: Worksheet, report: AnnualReport) -> None:
    sheet.append(["四、行政复议、行政诉讼情况", *(c.label for c in fmt.REVIEW_COLUMNS)])
    _bold_last(sheet)
    if report.reviews is None:
        sheet.append(["（无法汇总：有成员缺少此表）"])
        return
    for group in fmt.REVIEW_GROUPS:
        cells = (report.reviews.cell(group.key, c.key) for c in fmt.REVIEW_COLUMNS)
        sheet.append([group.label, *cells])


def _table_two(sheet: Worksheet, report: AnnualReport) -> None:
    sheet.append(["二、主动公开政府信息情况"])
    _bold_last(sheet)
    if report.proactive is None:
        sheet.append(["（无法汇总：成员使用不同模板或缺少此表）"])
        return
    for spec in fmt.proactive_rows(report.template):
        cells: Iterable[Any] = (
            f"{c.label}：{_plain(report.proactive.cell(spec.key, c.key))}" for c in spec.columns
        )
        sheet.append([spec.label, *cells])


def _plain(value: Any) -> Any:
    return "空白" if value is None else value


def _bold_last(sheet: Worksheet) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = _HEAD


def _problems(sheet: Worksheet, collection: Collection) -> None:
    _header(sheet, ("文件", "问题", "处理建议"), (50, 60, 50))
    for filed in collection.files:
        if not filed.readable:
            sheet.append([filed.file, filed.error, filed.hint])
        elif filed.agency is None or filed.year is None:
            missing = "发布机关" if filed.agency is None else "年度"
            sheet.append(
                [
                    filed.file,
                    f"年报中未读到{missing}，无法归入机关和年度",
                    "请核对文件或在别名表中登记",
                ]
            )
        elif filed.duplicate_of:
            sheet.append(
                [
                    filed.file,
                    f"与 {filed.duplicate_of} 同为“{filed.agency}” {filed.year} 年度的年报，未重复计入",
                    "请确认哪一份是正式发布的版本",
                ]
            )
