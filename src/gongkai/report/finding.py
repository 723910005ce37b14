"""Findings: what the checker and the reader say about a report, with the cells as evidence.

One type for both, so that one list shows how a file was read and what the report gets wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
Status = Literal["failed", "not_assessable"]
SEVERITY_ZH: dict[Severity, str] = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH: dict[Status, str] = {"failed": "不通过", "not_assessable": "无法判断"}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One cell involved in a finding: its JSON path (e.g. `applications.new[6]`) and its value."""

    path: str
    value: Any
    label: str = ""  # the cell in Chinese, e.g. "三、本年新收 · 总计"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str  # Chinese, says what is wrong and where
    evidence: tuple[Evidence, ...] = ()
    status: Status = "failed"
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "status": self.status,
            "message": self.message,
            "evidence": [
                {"path": e.path, "value": _jsonable(e.value), "label": e.label}
                for e in self.evidence
            ],
        }
        if self.details:
            out["details"] = _jsonable(self.details)
        return out


def _jsonable(value: Any) -> Any:
    """Evidence values as JSON: decimals as numbers, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value
