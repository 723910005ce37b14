"""Golden cases, discovered: every folder under golden/readers/ is one case.

A case holds `input.<ext>` and, checked in beside it, `expected.json` (the canonical report, with
`extra` reduced to what a reader promises: printed placeholders) and `expected-findings.json`
(rule id and status of every reader note and checker finding). `make golden` rewrites the
expected files from the current code, for review in the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from gongkai.readers import read_report
from gongkai.report import codec
from gongkai.report.rules import check_report

CASES = sorted(p for p in (Path(__file__).parent / "readers").iterdir() if p.is_dir())
REWRITE = os.environ.get("GONGKAI_REWRITE_GOLDEN") == "1"


def _input(case: Path) -> Path:
    (path,) = [p for p in case.iterdir() if p.stem == "input"]
    return path


def _observed(case: Path) -> tuple[dict[str, Any], list[list[str]]]:
    result = read_report(_input(case))
    data = codec.to_dict(result.report)
    extra = data.pop("extra", {})
    if extra.get("printed"):
        data["extra"] = {"printed": extra["printed"]}
    data.pop("text", None)
    findings = [*result.findings, *check_report(result.report)]
    return data, sorted([f.rule, f.status] for f in findings)


def _compare(path: Path, observed: Any) -> None:
    text = json.dumps(observed, ensure_ascii=False, indent=2) + "\n"
    if REWRITE:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run `make golden` and review the new file"
    assert json.loads(path.read_text(encoding="utf-8")) == observed


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_golden_case(case: Path) -> None:
    data, findings = _observed(case)
    assert codec.validation_errors(data) == []
    _compare(case / "expected.json", data)
    _compare(case / "expected-findings.json", findings)


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 3
