"""Shared fixtures: where the shared samples are, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"the shared samples are expected beside the checkout at {SAMPLES}")
    return SAMPLES


@pytest.fixture(scope="session")
def text_samples(samples_dir: Path) -> list[Path]:
    return sorted(samples_dir.glob("*.txt"))
