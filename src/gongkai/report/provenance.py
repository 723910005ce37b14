"""Where a cell of a read report was printed, for showing a finding's evidence.

A reader records in `extra.provenance` the place of every cell it filled: {"line": 12} in text,
{"page": 3, "box": [...]} in a PDF, {"table": 2, "row": 5, "cell": 3} or {"paragraph": 14} in
DOCX and HTML. A finding names cells by path; a whole row ("applications.new") or table
("reviews") is found by its first traced cell.
"""

from __future__ import annotations

from typing import Any

from gongkai.report.finding import Finding
from gongkai.report.model import AnnualReport

Place = dict[str, Any]


def place_of(report: AnnualReport, path: str) -> Place | None:
    places: dict[str, Place] = report.extra.get("provenance") or {}
    if path in places:
        return places[path]
    prefix = (path + "[", path + ".")
    return next((p for key, p in places.items() if key.startswith(prefix)), None)


def describe(place: Place | None) -> str:
    """The place in words: 第 3 页, 第 77 行, 表 2 第 4 行第 5 列, 第 14 段."""
    if not place:
        return ""
    if "page" in place:
        return f"第 {place['page']} 页"
    if "table" in place:
        return f"表 {place['table']} 第 {place['row']} 行第 {place['cell']} 列"
    if "paragraph" in place:
        return f"第 {place['paragraph']} 段"
    if "line" in place:
        return f"第 {place['line']} 行"
    return ""


def findings_with_places(report: AnnualReport, findings: list[Finding]) -> list[dict[str, Any]]:
    """Findings as JSON, each evidence cell with the place it was printed (when known)."""
    out = []
    for finding in findings:
        data = finding.to_dict()
        for item in data["evidence"]:
            place = place_of(report, item["path"])
            if place is not None:
                item["place"] = place
        out.append(data)
    return out
