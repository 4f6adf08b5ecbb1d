from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WORKBOOKS = REPO / "workbooks"
SAMPLE = WORKBOOKS / "sample-hoang-dieu-2021.xlsx"
TEMPLATE = WORKBOOKS / "template.xlsx"
# Validation's "today" in tests, so that "a date in the future" never drifts.
TODAY = date(2026, 11, 28)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled sample, safe to edit."""
    target = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    return target
