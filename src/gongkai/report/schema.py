"""The JSON Schema of gongkai.annual-report/1, built from `format` so that the two cannot drift.

`schema.json` beside this module is the shipped copy; a test checks it equals `build_schema()`
(`python -m gongkai.report.schema > src/gongkai/report/schema.json` rewrites it).
"""

from __future__ import annotations

import json
from typing import Any

from gongkai.report import format as fmt

_COUNT = {"type": ["integer", "null"]}
_NUMBER = {"type": ["number", "null"]}
_TEXT = {"type": ["string", "null"]}
_KIND = {"count": _COUNT, "signed": _COUNT, "decimal": _NUMBER, "text": _TEXT}


def _object(properties: dict[str, Any], required: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = list(properties)
    return out


def _proactive(template: fmt.Template) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for row in fmt.proactive_rows(template):
        if template == "2021" and row.scalar:
            props[row.key] = _KIND[row.columns[0].kind]
        else:
            props[row.key] = _object({c.key: _KIND[c.kind] for c in row.columns})
    return {"oneOf": [{"type": "null"}, _object(props)]}


def build_schema() -> dict[str, Any]:
    app_row = {
        "type": ["array", "null"],
        "items": _COUNT,
        "minItems": fmt.N_APPLICANT_COLUMNS,
        "maxItems": fmt.N_APPLICANT_COLUMNS,
    }
    app_props = {r.key: app_row for r in fmt.APPLICATION_ROWS}
    applications = {
        "oneOf": [
            {"type": "null"},
            {
                "type": "object",
                "properties": app_props,
                "required": list(fmt.APPLICATION_KEYS_SPLIT),
                "additionalProperties": False,
            },
        ]
    }
    group = _object({c.key: _COUNT for c in fmt.REVIEW_COLUMNS})
    reviews = {"oneOf": [{"type": "null"}, _object({g.key: group for g in fmt.REVIEW_GROUPS})]}
    text = {
        "oneOf": [
            {"type": "null"},
            _object(dict.fromkeys(fmt.TEXT_KEYS, _TEXT), required=False),
        ]
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gongkai.example/schema/annual-report-1.json",
        "title": "政府信息公开工作年度报告 (gongkai.annual-report/1)",
        "type": "object",
        "required": [
            "format",
            "template",
            "agency",
            "year",
            "proactive",
            "applications",
            "reviews",
        ],
        "additionalProperties": False,
        "properties": {
            "format": {"const": fmt.FORMAT_ID},
            "template": {"enum": list(fmt.TEMPLATES)},
            "agency": _TEXT,
            "year": {"type": ["integer", "null"], "minimum": 1990, "maximum": 2100},
            "proactive": {"type": ["object", "null"]},
            "applications": applications,
            "reviews": reviews,
            "text": text,
            "extra": {"type": "object"},
        },
        "allOf": [
            {
                "if": {"properties": {"template": {"const": t}}},
                "then": {"properties": {"proactive": _proactive(t)}},
            }
            for t in fmt.TEMPLATES
        ],
    }


def schema_json() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    print(schema_json(), end="")
