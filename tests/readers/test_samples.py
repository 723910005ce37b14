"""The real reports in ../shared/samples read to their expected JSON, cell for cell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai.cli import main
from gongkai.readers import read_report
from gongkai.report import codec
from tests.conftest import SAMPLES, SHARED

TEXT_SAMPLES = sorted(SAMPLES.glob("*.txt"))
ALL_SAMPLES = [*TEXT_SAMPLES, SAMPLES / "hongze-2024.pdf"]


def test_there_are_five_text_samples() -> None:
    assert len(TEXT_SAMPLES) == 5


@pytest.mark.parametrize("path", TEXT_SAMPLES, ids=lambda p: p.stem)
def test_sample_reads_to_schema_valid_json(path: Path) -> None:
    data = codec.to_dict(read_report(path).report)
    assert codec.validation_errors(data) == []
    assert data["format"] == "gongkai.annual-report/1"


def test_score_of_gongkai_parse_output_is_100_percent(tmp_path: Path) -> None:
    """The acceptance check: score.py over `gongkai parse` of the whole samples folder — the
    five text reports and the published PDF (the batch writes one JSON per file)."""
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["parse", *map(str, ALL_SAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}.json" for p in ALL_SAMPLES)
    score = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), "--dir", str(SAMPLES), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert score.returncode == 0, score.stdout
    assert "reports exact: 6/6" in score.stdout
    assert "(100.00%)" in score.stdout


@pytest.mark.parametrize("path", TEXT_SAMPLES, ids=lambda p: p.stem)
def test_sample_agency_and_year(path: Path) -> None:
    expected = json.loads((SAMPLES / f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    report = read_report(path).report
    assert report.year == expected["year"]
    assert report.agency in {
        expected["agency"],
        *expected.get("extra", {}).get("agency_alternatives", []),
    }
