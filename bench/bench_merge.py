"""``antq merge`` of four old communes' workbooks vs python-calamine reading them bare.

    python -m bench.bench_merge [sizes...]   (incidents per workbook; default 10,000)

antq's time is the whole merge in one process: read and validate every old workbook,
combine (every village name repeats in all four, so every reference is renamed),
build the new workbook, write it, read it back and validate it, publish it. The
baseline is python-calamine reading the four files bare, alternately in the same run.
The four workbooks are the bench generator's, each with its own Tên xã.
"""

from __future__ import annotations

import sys
import tempfile
from functools import partial
from pathlib import Path

from antq_tui.editing.merge.run import merge_workbooks
from antq_tui.editing.merge.settings import MergeOptions
from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import SetCell, save

from .bench_load import bare_read
from .generate import OUT, VERSION, generate
from .harness import interleaved, ratio_line

COMMUNES = ("Tân Lập", "Hòa Bình", "Đông Phong", "Yên Thịnh")


def old_workbooks(size: int) -> list[Path]:
    """Four generated workbooks of ``size`` incidents, named after four communes."""
    paths = []
    for index, commune in enumerate(COMMUNES):
        path = OUT / f"merge-{size}-{index}-v{VERSION}.xlsx"
        if not path.exists():
            made = generate(size, OUT / f"merge-{size}-{index}.tmp.xlsx", seed=index + 1)
            loaded = load(made)
            row = loaded.workbook.settings.rows["commune"]
            edit = SetCell(schema.SETTINGS_SHEET, row, "value", commune)
            save(loaded, [edit], command="bench", keep_backups=0, audit=False)
            made.replace(path)
        paths.append(path)
    return paths


def bare_read_all(paths: list[Path]) -> int:
    return sum(bare_read(str(path)) for path in paths)


def merge(paths: list[Path], target: Path) -> int:
    target.unlink(missing_ok=True)
    result = merge_workbooks(paths, target, MergeOptions("Tân Hòa"), keep_backups=0)
    assert not result.invalid and result.merged is not None
    return len(result.merged.workbook.incidents)


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            paths = old_workbooks(size)
            target = Path(folder) / f"merged-{size}.xlsx"
            timings = interleaved(
                {"bare": partial(bare_read_all, paths), "antq": partial(merge, paths, target)},
                5,
            )
            label = f"4 x {size:,}"
            print(ratio_line(label, timings["antq"], timings["bare"], "none; measured"))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000])
