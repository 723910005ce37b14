"""AnnualReport <-> canonical JSON (gongkai.annual-report/1), exactly the shape of annual-report-json.md."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from gongkai.errors import ReportFormatError
from gongkai.report import format as fmt
from gongkai.report.model import (
    AnnualReport,
    Applications,
    AppRow,
    DocumentFacts,
    Narrative,
    Proactive,
    Reviews,
    SectionMark,
    Value,
)
from gongkai.report.schema import build_schema


def _number_out(value: Value) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _number_in(value: Any, kind: fmt.CellKind) -> Value:
    if value is None or kind in ("count", "signed", "text"):
        return value  # type: ignore[no-any-return]
    return Decimal(str(value))


def to_dict(report: AnnualReport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": fmt.FORMAT_ID,
        "template": report.template,
        "agency": report.agency,
        "year": report.year,
        "proactive": _proactive_out(report.proactive, report.template),
        "applications": _applications_out(report.applications),
        "reviews": None,
    }
    if report.reviews is not None:
        out["reviews"] = {
            g.key: {c.key: report.reviews.cell(g.key, c.key) for c in fmt.REVIEW_COLUMNS}
            for g in fmt.REVIEW_GROUPS
        }
    if report.text is not None:
        out["text"] = {k: report.text.get(k) for k in fmt.TEXT_KEYS}
    extra = dict(report.extra)
    if report.document is not None:
        extra["document"] = _document_out(report.document)
    if extra:
        out["extra"] = extra
    return out


def _document_out(d: DocumentFacts) -> dict[str, Any]:
    """What the reader saw of the document, kept under extra.document for the structure rules."""
    return {
        "title": d.title,
        "sections": [{"key": s.key, "heading": s.heading, "line": s.line} for s in d.sections],
        "title_year": d.title_year,
        "period_year": d.period_year,
        "published": d.published.isoformat() if d.published else None,
    }


def _document_in(data: Any) -> DocumentFacts | None:
    if not isinstance(data, dict):
        return None
    try:
        published = data.get("published")
        return DocumentFacts(
            title=data.get("title"),
            sections=tuple(
                SectionMark(str(s["key"]), str(s["heading"]), s.get("line"))
                for s in data.get("sections", [])
            ),
            title_year=data.get("title_year"),
            period_year=data.get("period_year"),
            published=date.fromisoformat(published) if published else None,
        )
    except (KeyError, TypeError, ValueError) as err:
        raise ReportFormatError(
            f"extra.document 的内容无法识别：{err}", "可删除 extra.document 后重试"
        ) from err


def _proactive_out(p: Proactive | None, template: fmt.Template) -> dict[str, Any] | None:
    if p is None:
        return None
    out: dict[str, Any] = {}
    for row in fmt.proactive_rows(template):
        if template == "2021" and row.scalar:
            out[row.key] = _number_out(p.cell(row.key, row.columns[0].key))
        else:
            out[row.key] = {c.key: _number_out(p.cell(row.key, c.key)) for c in row.columns}
    return out


def _applications_out(a: Applications | None) -> dict[str, Any] | None:
    if a is None:
        return None
    out: dict[str, Any] = {}
    for row in fmt.APPLICATION_ROWS:
        if row.key == "other" and not a.undivided_other:
            continue
        out[row.key] = list(a[row.key])
    return out


def dumps(report: AnnualReport, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(build_schema())


_TYPE_ZH = {
    "integer": "整数",
    "number": "数字",
    "string": "文字",
    "null": "空（null）",
    "object": "对象",
    "array": "数组",
}


def validation_errors(data: Any) -> list[str]:
    """Schema violations as readable Chinese lines: `applications.new[0]：应为整数或空（null）`."""
    from jsonschema.exceptions import best_match

    out = []
    for error in _validator().iter_errors(data):
        deepest = best_match([error]) if error.context else error
        while deepest.context:
            deepest = best_match(deepest.context)
        out.append(f"{_path(deepest.absolute_path)}：{_reason(deepest)}")
    return sorted(dict.fromkeys(out))


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "（根）"


def _reason(error: Any) -> str:
    kind, value = error.validator, error.validator_value
    if kind == "type":
        types = [value] if isinstance(value, str) else value
        return (
            "应为" + "或".join(_TYPE_ZH.get(t, t) for t in types) + f"，实际为 {error.instance!r}"
        )
    if kind == "required":
        return f"缺少字段 {str(error.message).split(chr(39))[1]}"
    if kind == "additionalProperties":
        return "含有格式之外的字段（其他内容请放在 extra 中）"
    if kind in ("const", "enum"):
        return f"应为 {value!r}，实际为 {error.instance!r}"
    if kind in ("minItems", "maxItems"):
        return f"应有 {value} 项，实际为 {len(error.instance)} 项"
    if kind in ("minimum", "maximum"):
        return f"取值 {error.instance!r} 超出范围"
    return str(error.message)


def from_dict(data: Any, *, validated: bool = False) -> AnnualReport:
    """The report in `data`, checked against the schema first unless the caller wrote it itself
    (`validated`: e.g. the batch engine's own results, read back by thousands)."""
    errors = [] if validated else validation_errors(data)
    if errors:
        raise ReportFormatError(
            "JSON 不符合年报数据格式 gongkai.annual-report/1：" + "；".join(errors[:5]),
            "运行 gongkai schema 可查看完整的数据格式说明",
        )
    template: fmt.Template = data["template"]
    extra = dict(data.get("extra") or {})
    return AnnualReport(
        template=template,
        agency=data["agency"],
        year=data["year"],
        proactive=_proactive_in(data["proactive"], template),
        applications=_applications_in(data["applications"]),
        reviews=None
        if data["reviews"] is None
        else Reviews({g: dict(cols) for g, cols in data["reviews"].items()}),
        text=None if data.get("text") is None else Narrative(**data["text"]),
        document=_document_in(extra.pop("document", None)),
        extra=extra,
    )


def _proactive_in(data: dict[str, Any] | None, template: fmt.Template) -> Proactive | None:
    if data is None:
        return None
    rows: dict[str, dict[str, Value]] = {}
    for row in fmt.proactive_rows(template):
        if template == "2021" and row.scalar:
            rows[row.key] = {row.columns[0].key: _number_in(data[row.key], row.columns[0].kind)}
        else:
            rows[row.key] = {c.key: _number_in(data[row.key][c.key], c.kind) for c in row.columns}
    return Proactive(template, rows)


def _applications_in(data: dict[str, Any] | None) -> Applications | None:
    if data is None:
        return None
    rows: dict[str, AppRow] = {}
    undivided = data.get("other") is not None
    for key in fmt.application_keys(undivided):
        rows[key] = tuple(data[key]) if data.get(key) is not None else (None,) * 7
    return Applications(rows)


def loads(text: str) -> AnnualReport:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ReportFormatError(
            f"不是有效的 JSON：第 {err.lineno} 行第 {err.colno} 列，{err.msg}",
            "请检查文件内容是否完整",
        ) from err
    return from_dict(data)
