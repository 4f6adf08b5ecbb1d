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


@pytest.fixture(scope="session")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three communes as LibreOffice saved them (converted once for the session)."""
    from tests.rollup_support import libreoffice_communes

    return libreoffice_communes(tmp_path_factory.mktemp("libreoffice"))


@pytest.fixture
def province(tmp_path: Path, resaved: dict[str, Path]) -> Path:
    """A folder of the three communes as LibreOffice saved them."""
    folder = tmp_path / "tinh"
    folder.mkdir()
    for path in resaved.values():
        shutil.copyfile(path, folder / path.name)
    return folder
