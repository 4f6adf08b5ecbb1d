"""A full disk: a save says so in one sentence, the workbook stays whole and nothing is left.

The disk is real: a small tmpfs mounted in a private user and mount namespace
(``unshare -rm``, util-linux), filled with a file until the kernel answers ENOSPC.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from antq_tui.model import schema
from antq_tui.workbook.reader import load
from antq_tui.workbook.write.writer import SetCell, save
from tests.conftest import SAMPLE
from tests.tools import missing_system_part, require_tool

# Inside the namespace: mount, fill to the last page but FREE_KIB, run antq, list the folder.
_SCRIPT = r"""
set -u
disk="$1"; workbook="$2"; free_kib="$3"; shift 3
mount -t tmpfs -o size=1m tmpfs "$disk" || exit 90
cp "$workbook" "$disk/so.xlsx"
dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null
if [ "$free_kib" -gt 0 ]; then truncate -s "-${free_kib}k" "$disk/filler"; fi
"$@" "$disk/so.xlsx" > "$disk.out" 2>&1
echo "rc=$?" >> "$disk.out"
cp "$disk/so.xlsx" "$disk.after.xlsx"
ls -A "$disk" > "$disk.ls"
"""


def run_on_full_disk(tmp_path: Path, free_kib: int, *command: str) -> tuple[str, list[str], Path]:
    unshare = require_tool("unshare")
    disk = tmp_path / "usb"
    disk.mkdir()
    workbook = tmp_path / "so.xlsx"
    shutil.copyfile(SAMPLE, workbook)
    loaded = load(workbook)
    row = loaded.workbook.incidents[0].row
    spaced = SetCell(schema.INCIDENTS.name, row, "summary", "Va  chạm   xe máy ")
    save(loaded, [spaced], command="test", keep_backups=0)  # something for antq fix to mend
    result = subprocess.run(
        [unshare, "-rm", "sh", "-c", _SCRIPT, "sh", str(disk), str(workbook), str(free_kib),
         *command],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if result.returncode == 90 or "unshare failed" in result.stderr:
        missing_system_part(f"cannot mount a tmpfs in a user namespace: {result.stderr.strip()}")
    output = (tmp_path / "usb.out").read_text(encoding="utf-8")
    listing = (tmp_path / "usb.ls").read_text(encoding="utf-8").split()
    return output, listing, tmp_path / "usb.after.xlsx"


@pytest.mark.parametrize(
    ("free_kib", "step"),
    [(0, "tệp khóa"), (8, "ghi tệp tạm")],  # 8 KiB: the lock file fits, the new workbook not
)
def test_fix_on_a_full_disk_says_so_and_loses_nothing(
    tmp_path: Path, free_kib: int, step: str
) -> None:
    output, listing, after = run_on_full_disk(
        tmp_path, free_kib, sys.executable, "-m", "antq_tui", "fix", "--force"
    )
    assert "ổ đĩa đã đầy" in output and step in output, output
    assert "Lỗi không mong muốn" not in output and "Traceback" not in output
    assert output.strip().endswith("rc=3"), output
    assert sorted(listing) == ["filler", "so.xlsx"]  # no lock file, no temp file left
    assert after.read_bytes() == (tmp_path / "so.xlsx").read_bytes()  # the workbook as it was
    assert load(after).workbook.incidents[0].summary == "Va  chạm   xe máy"  # still to fix
