"""Read many communes' workbooks on every core and roll them up for one period.

Each workbook is read, validated and summed in a worker process, which sends back its
figures only (a few hundred numbers): memory stays that of one workbook per core however
many communes there are. What must be one for all is decided once every file is read:

- the cut-off: the one asked for, else the one most workbooks use (a tie: the calendar).
  Workers compute both when none was asked, so no file is read twice for it; the
  communes whose own ``Kỳ chốt số liệu`` differs are named.
- the period when none was asked: the ``Năm báo cáo`` most workbooks name; a workbook
  naming another year is read again for that one, and named.
- a commune named by two files (Tên xã and Tỉnh, folded): the file whose records reach
  the latest date is counted (then the one with more rows, then the newer file), the
  other listed as not summed, with the reason.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from operator import attrgetter
from pathlib import Path

from antq_tui.files.error_log import log_unexpected
from antq_tui.model import schema
from antq_tui.model.dates import format_date
from antq_tui.model.errors import AntqError
from antq_tui.model.periods import CALENDAR, ND09, Period, cutoff_key, parse_period
from antq_tui.model.text import fold_key, format_int
from antq_tui.report.rollup.figures import (
    CommuneRow,
    Figures,
    Rollup,
    RollupError,
    commune_figures,
    total_figures,
)
from antq_tui.validate.checks import validate
from antq_tui.validate.findings import Finding
from antq_tui.workbook.folder import workbook_files
from antq_tui.workbook.reader import load_workbook

CUTOFF_NAMES = {
    CALENDAR: f"{schema.CUTOFF_CALENDAR} (tháng theo lịch)",
    ND09: f"{schema.CUTOFF_ND09} (tháng từ ngày 15 tháng trước đến ngày 14)",
}
SETTING_NAMES = {CALENDAR: schema.CUTOFF_CALENDAR, ND09: schema.CUTOFF_ND09}
PERIOD_OPTIONS = ("month", "quarter", "half", "year", "date_from", "date_to")


@dataclass(frozen=True)
class Request:
    """What every workbook is read for: the period options as typed, the cut-offs to
    compute, and the year to use when no period was asked (None: the workbook's own)."""

    options: tuple[tuple[str, str], ...]
    cutoffs: tuple[str, ...]
    year: int | None = None

    def period(self, cutoff: str, own_year: int | None) -> Period:
        return parse_period(
            **dict(self.options),
            cutoff=cutoff,
            default_year=self.year or own_year,
        )


@dataclass
class Read:
    """A workbook read, valid, and its figures under each cut-off asked."""

    file: Path
    commune: str
    province: str
    admin_level: str
    cutoff: str  # the workbook's own Kỳ chốt số liệu, as a code
    year: int | None  # its Năm báo cáo
    figures: dict[str, Figures] = field(default_factory=dict)
    periods: dict[str, Period] = field(default_factory=dict)
    latest: date | None = None  # the latest date of an incident or a movement result
    rows: int = 0
    modified: float = 0.0


def _invalid(file: Path, errors: Sequence[Finding]) -> str:
    first = errors[0]
    where = f"{first.cell}: " if first.cell else ""
    return (
        f"Sổ có {format_int(len(errors))} lỗi nên chưa được tổng hợp (lỗi đầu tiên: {where}"
        f"{first.message.rstrip('.')}); gõ antq validate “{file}” để xem và sửa."
    )


def read_commune(file: Path, request: Request) -> Read | RollupError:
    """One workbook's figures, or why it cannot be summed (never raises for a bad file).

    Runs in a worker process: what it returns is small and picklable."""
    try:
        workbook = load_workbook(file)
        errors = validate(workbook, errors_only=True).errors
        if errors:
            return RollupError(file, _invalid(file, errors))
        settings = workbook.settings
        read = Read(
            file=file,
            commune=" ".join(settings.commune.split()),
            province=" ".join(settings.province.split()),
            admin_level=settings.admin_level,
            cutoff=cutoff_key(settings.cutoff),
            year=settings.year,
            rows=len(workbook.incidents) + len(workbook.results),
            modified=file.stat().st_mtime,
        )
        days = [day for day in map(attrgetter("date"), workbook.incidents) if day is not None]
        days += [day for day in map(attrgetter("date"), workbook.results) if day is not None]
        read.latest = max(days, default=None)
        for cutoff in request.cutoffs:
            period = request.period(cutoff, settings.year)
            read.periods[cutoff] = period
            read.figures[cutoff] = commune_figures(workbook, period)
        return read
    except AntqError as exc:
        return RollupError(file, exc.message)
    except MemoryError:
        return RollupError(file, f"Không đủ bộ nhớ để đọc tệp “{file.name}”.")
    except OSError as exc:
        return RollupError(file, f"Không đọc được tệp “{file}”: {exc.strerror or exc}.")
    except Exception as exc:  # a fault of the program: the others are still summed
        where = log_unexpected(exc)
        detail = f"; chi tiết đã ghi vào {where}" if where else ""
        return RollupError(
            file, f"Lỗi không mong muốn khi đọc tệp “{file.name}” ({type(exc).__name__}){detail}."
        )


def worker_count(files: int) -> int:
    """One process per core the program may use, no more than there are files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, files))


def read_all(
    files: Sequence[Path], request: Request, workers: int | None = None
) -> list[Read | RollupError]:
    """Every file's outcome, in the order given; on ``workers`` processes (default: a core
    each) when there is more than one file."""
    count = worker_count(len(files)) if workers is None else workers
    if count <= 1 or len(files) <= 1:
        return [read_commune(file, request) for file in files]
    # A few files per task: fewer messages, and the last tasks still share out evenly.
    chunk = max(1, min(4, len(files) // (count * 16)))
    # What the workers inherit (forked, on Linux) is never scanned by their collector, so
    # its pages are not copied into each of them (as Python's gc.freeze documents).
    gc.freeze()
    try:
        with ProcessPoolExecutor(count) as pool:
            return list(pool.map(read_commune, files, repeat(request), chunksize=chunk))
    finally:
        gc.unfreeze()


def _most_common(values: Iterable[str], prefer: str) -> str:
    counts = Counter(values)
    if not counts:
        return prefer
    top = max(counts.values())
    return prefer if counts[prefer] == top else next(v for v, n in counts.items() if n == top)


def _names(reads: Sequence[Read]) -> str:
    return ", ".join(f"{r.commune} ({r.file.name})" for r in reads)


def _duplicates(reads: list[Read], errors: list[RollupError]) -> list[Read]:
    """One file per commune (Tên xã + Tỉnh, folded); the others listed as not summed."""
    groups: dict[tuple[str, str], list[tuple[int, Read]]] = {}
    for at, read in enumerate(reads):
        key = (fold_key(read.commune), fold_key(read.province))
        groups.setdefault(key, []).append((at, read))
    kept: set[int] = set()
    for group in groups.values():
        # Latest data first, then more rows, then the newer file, then the order given.
        ranked = [
            read
            for _, read in sorted(
                group,
                key=lambda item: (
                    item[1].latest or date.min,
                    item[1].rows,
                    item[1].modified,
                    -item[0],
                ),
                reverse=True,
            )
        ]
        winner = ranked[0]
        kept.add(id(winner))
        for other in ranked[1:]:
            if (winner.latest or date.min) != (other.latest or date.min):
                why = f"số liệu ghi đến ngày {format_date(winner.latest or date.min)}, mới hơn"
            elif winner.rows != other.rows:
                why = f"nhiều dòng số liệu hơn ({format_int(winner.rows)} so với {format_int(other.rows)})"
            elif winner.modified != other.modified:
                why = "tệp được sửa gần đây hơn"
            else:
                why = "tệp đứng trước trong danh sách"
            place = f", tỉnh {winner.province}" if winner.province else ""
            errors.append(
                RollupError(
                    other.file,
                    f"Cùng xã {winner.commune}{place} với tệp “{winner.file}”: chỉ tính tệp đó "
                    f"({why}); tệp này không được cộng để một xã không bị tính hai lần.",
                )
            )
    return [read for read in reads if id(read) in kept]


def _province(reads: Sequence[Read], notes: list[str]) -> str:
    named = [r for r in reads if r.province.strip()]
    if not named:
        return ""
    counts = Counter(fold_key(r.province) for r in named)
    top = counts.most_common(1)[0][0]
    province = next(r.province for r in named if fold_key(r.province) == top)
    others = [r for r in named if fold_key(r.province) != top]
    if others:
        notes.append(
            f"Có {len(others)} sổ ghi tỉnh khác {province}: "
            + ", ".join(f"{r.commune} ({r.province})" for r in others)
            + "; số liệu của các xã này vẫn được cộng."
        )
    return province


def rollup(
    paths: Sequence[Path],
    options: dict[str, str | None],
    cutoff: str | None = None,
    *,
    workers: int | None = None,
) -> Rollup:
    """Every commune named by ``paths`` (files or folders) for the period ``options`` ask
    (``antq totals``' period options; none: the year most workbooks name), under ``cutoff``
    ("calendar", "nd09"; None: the one most workbooks use)."""
    files, unlisted = workbook_files(paths)
    errors = [RollupError(u.path, u.message) for u in unlisted]
    if not files:
        raise AntqError("Không có sổ nào để tổng hợp: " + " ".join(e.message for e in errors))
    typed = tuple((k, str(v)) for k, v in options.items() if k in PERIOD_OPTIONS and v)
    forced = cutoff_key(cutoff) if cutoff else None
    request = Request(typed, (forced,) if forced else (CALENDAR, ND09))
    outcomes = read_all(files, request, workers)
    notes: list[str] = []
    reads = [o for o in outcomes if isinstance(o, Read)]
    if not typed and reads:
        reads = _one_year(reads, request, outcomes, workers, notes)
    errors += [o for o in outcomes if isinstance(o, RollupError)]
    chosen = forced or _most_common((r.cutoff for r in reads), CALENDAR)
    own = "theo --cutoff/--ky-chot" if forced else "theo sổ của phần lớn các xã"
    notes.insert(0, f"Kỳ chốt số liệu cho mọi xã: {CUTOFF_NAMES[chosen]}, {own}.")
    others = [r for r in reads if r.cutoff != chosen]
    if others:
        notes.insert(
            1,
            f"{len(others)} sổ ghi kỳ chốt khác ({SETTING_NAMES[others[0].cutoff]}) nhưng "
            f"vẫn được tính theo kỳ chốt chung: {_names(others)}.",
        )
    reads = _duplicates(reads, errors)
    province = _province(reads, notes)
    rows = [
        CommuneRow(r.file, r.commune, r.province, r.admin_level, r.figures[chosen]) for r in reads
    ]
    if reads:
        period = reads[0].periods[chosen]
    else:
        period = request.period(chosen, request.year or date.today().year)
    undated = sum(row.figures.undated for row in rows)
    if undated:
        notes.append(f"{format_int(undated)} vụ việc chưa có ngày hợp lệ nên không được tính.")
    order = {file: at for at, file in enumerate(files)}
    errors.sort(key=lambda e: order.get(e.file, -1))
    return Rollup(period, rows, total_figures(rows), province, errors, notes)


def _one_year(
    reads: list[Read],
    request: Request,
    outcomes: list[Read | RollupError],
    workers: int | None,
    notes: list[str],
) -> list[Read]:
    """No period asked: the Năm báo cáo most workbooks name, for all; the others read again."""
    years = Counter(r.year for r in reads if r.year is not None)
    year = max(years, key=lambda y: (years[y], y)) if years else date.today().year
    others = [r for r in reads if r.year != year]
    if not others:
        return reads
    notes.append(
        f"Kỳ báo cáo: năm {year}, Năm báo cáo của phần lớn các sổ; {len(others)} sổ ghi năm "
        "khác nhưng vẫn được tính cho năm này: "
        + ", ".join(f"{r.commune} ({r.year})" for r in others)
        + "."
    )
    again = read_all([r.file for r in others], Request((), request.cutoffs, year), workers)
    redone = {id(old): new for old, new in zip(others, again, strict=True)}
    out: list[Read] = []
    for at, outcome in enumerate(outcomes):
        if isinstance(outcome, Read) and id(outcome) in redone:
            outcome = outcomes[at] = redone[id(outcome)]
        if isinstance(outcome, Read):
            out.append(outcome)
    return out
