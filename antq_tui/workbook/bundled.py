"""Rebuild the workbooks committed in ``workbooks/`` from their builders.

Run ``python -m antq_tui.workbook.bundled`` after changing the schema, the
template or the sample; a test fails while the committed files disagree.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from antq_tui.workbook.sample import build_sample
from antq_tui.workbook.template import build_template

REPO_WORKBOOKS = Path(__file__).resolve().parents[2] / "workbooks"
TEMPLATE_NAME = "template.xlsx"
SAMPLE_NAME = "sample-hoang-dieu-2021.xlsx"
# Fixed document dates keep rebuilt files identical when nothing changed.
FIXED_TIME = datetime(2026, 1, 1)


def _stamp(wb: Any) -> Any:
    wb.properties.creator = "antq"
    wb.properties.lastModifiedBy = "antq"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def write_bundled(folder: Path = REPO_WORKBOOKS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in ((TEMPLATE_NAME, build_template), (SAMPLE_NAME, build_sample)):
        path = folder / name
        _stamp(builder()).save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_bundled(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_WORKBOOKS):
        print(path)
