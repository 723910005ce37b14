"""From files to agency-years: names matched through aliases, duplicates set aside, deadlines.

A supervising office receives reports as published files whose agencies name themselves in
many ways ("县教育局", "XX县教育局", "XX县教育体育局" after a merger). `Aliases` maps what a
report prints to the name the office keeps; `collect` takes what the batch reader wrote for
each file (one JSON object per file, as `gongkai check` writes them) and gives the status of
every expected agency in every year: published on time or late, or not published at all, and
each report's findings with the cross-year rules run against the same agency's previous year.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from gongkai.errors import GongkaiError
from gongkai.report import codec
from gongkai.report.agency import normalise, publication_deadline
from gongkai.report.model import AnnualReport
from gongkai.report.provenance import findings_with_places
from gongkai.report.rules import check_rules
from gongkai.report.rules.catalogue import CATALOGUE

# The statuses of the national workflow; files found in a folder are all 已公开.
NOT_SUBMITTED, SUBMITTED, RETURNED, ACCEPTED, PUBLISHED = (
    "未提交",
    "已提交",
    "退回",
    "已通过",
    "已公开",
)
STATUSES = (NOT_SUBMITTED, SUBMITTED, RETURNED, ACCEPTED, PUBLISHED)
CROSS_YEAR = tuple(spec.id for spec in CATALOGUE if spec.scope == "cross_year")


class Aliases:
    """What reports print → the name the office keeps (spaces ignored on both sides)."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = (), known: Iterable[str] = ()) -> None:
        self._to: dict[str, str] = {}
        for name in known:
            self._to[normalise(name)] = name.strip()
        for printed, name in pairs:
            self._to[normalise(printed)] = name.strip()

    def __len__(self) -> int:
        return len(self._to)

    def canonical(self, printed: str | None) -> str | None:
        if printed is None or not printed.strip():
            return None
        return self._to.get(normalise(printed), printed.strip())

    @classmethod
    def from_csv(cls, path: Path, known: Iterable[str] = ()) -> Aliases:
        """Two columns, `别名,机关名称` (a header row is allowed); UTF-8 with or without BOM."""
        pairs = []
        for number, row in enumerate(_csv_rows(path), start=1):
            if len(row) < 2 or not row[0].strip() or not row[1].strip():
                raise GongkaiError(
                    f"别名表 {path.name} 第 {number} 行应有两列（别名、机关名称）",
                    "请按“别名,机关名称”每行一对填写，可保留表头行",
                )
            if number == 1 and row[0].strip() in {"别名", "alias"}:
                continue
            pairs.append((row[0], row[1]))
        return cls(pairs, known)


def read_agency_list(path: Path) -> list[str]:
    """The agencies the office expects a report from: the first column, one per line."""
    names = [row[0].strip() for row in _csv_rows(path) if row and row[0].strip()]
    if names and names[0] in {"机关名称", "机关", "name"}:
        names = names[1:]
    if not names:
        raise GongkaiError(f"机关名单 {path.name} 是空的", "请每行填写一个机关名称")
    return list(dict.fromkeys(names))


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise GongkaiError(
            f"无法读取 {path.name}：{err}", "请提供 UTF-8 编码的 CSV 或文本文件"
        ) from err
    return list(csv.reader(text.splitlines()))


@dataclass(frozen=True, slots=True)
class Filed:
    """One file as the office received it."""

    file: str
    agency: str | None = None  # the office's name for it (after aliases)
    printed: str | None = None  # how the report names itself
    year: int | None = None
    report: AnnualReport | None = None
    findings: tuple[dict[str, Any], ...] = ()
    error: str = ""  # why it could not be read, when it could not
    hint: str = ""
    duplicate_of: str | None = None  # the file kept for the same agency and year

    @property
    def readable(self) -> bool:
        return self.report is not None

    @property
    def published(self) -> date | None:
        document = self.report.document if self.report else None
        return document.published if document else None

    def count(self, severity: str) -> int:
        return sum(
            1 for f in self.findings if f["severity"] == severity and f["status"] == "failed"
        )


@dataclass(frozen=True, slots=True)
class Status:
    """Where one agency stands for one year."""

    agency: str
    year: int
    state: str  # one of STATUSES
    deadline: date
    published: date | None
    late: bool  # published after the deadline, or not published and the deadline has passed
    expected: bool  # on the office's list (False: a report from an agency not on it)
    file: str | None = None

    @property
    def remark(self) -> str:
        if self.state == NOT_SUBMITTED:
            return "逾期未公开" if self.late else "尚未公开"
        if self.published is None:
            return "发布日期不详"
        if self.late:
            return f"逾期 {(self.published - self.deadline).days} 天公开"
        return "按时公开"


@dataclass(frozen=True, slots=True)
class Collection:
    files: tuple[Filed, ...]  # every file in the order given
    reports: Mapping[tuple[str, int], Filed]  # the file kept per (agency, year)
    statuses: tuple[Status, ...] = field(default=())

    @property
    def unreadable(self) -> tuple[Filed, ...]:
        return tuple(f for f in self.files if not f.readable)

    @property
    def unplaced(self) -> tuple[Filed, ...]:
        """Read, but without an agency or a year: they cannot be placed on the board."""
        return tuple(f for f in self.files if f.readable and (f.agency is None or f.year is None))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({year for _, year in self.reports}))

    def by_year(self, year: int) -> dict[str, AnnualReport]:
        """The reports of `year` by agency, for adding up and comparing."""
        return {
            agency: filed.report
            for (agency, y), filed in sorted(self.reports.items())
            if y == year and filed.report is not None
        }


def filed_from_result(result: Mapping[str, Any], aliases: Aliases) -> Filed:
    """One line of `gongkai check`'s output (or of its journal) as a `Filed`."""
    file = str(result.get("file", ""))
    if not result.get("ok"):
        error = str(result.get("error", "")).removeprefix(f"{Path(file).name}：")  # named already
        return Filed(file, error=error, hint=str(result.get("hint", "")))
    try:  # written by our own batch worker from a validated model: not validated again
        report = codec.from_dict(result["report"], validated=True)
    except (KeyError, TypeError, ValueError, GongkaiError) as err:
        return Filed(
            file,
            error=f"读取结果不完整（{type(err).__name__}）",
            hint="结果文件可能已损坏：请加 --restart 重新读取",
        )
    findings = tuple(result.get("findings") or ())
    return Filed(
        file,
        agency=aliases.canonical(report.agency),
        printed=report.agency,
        year=report.year,
        report=report,
        findings=findings,
    )


def collect(
    results: Iterable[Mapping[str, Any]],
    *,
    aliases: Aliases | None = None,
    expected: Sequence[str] = (),
    years: Sequence[int] = (),
    today: date,
) -> Collection:
    """Place every file, keep one report per agency-year, run the cross-year rules, and give
    the status of every agency (expected or seen) in every year (given or seen)."""
    aliases = aliases or Aliases(known=expected)
    files = [filed_from_result(r, aliases) for r in results]
    kept: dict[tuple[str, int], Filed] = {}
    for i, filed in enumerate(files):
        if filed.agency is None or filed.year is None:
            continue
        key = (filed.agency, filed.year)
        if key in kept:
            files[i] = replace(filed, duplicate_of=kept[key].file)
        else:
            kept[key] = filed
    checked = {
        (agency, year): _with_cross_year(filed, kept.get((agency, year - 1)))
        for (agency, year), filed in kept.items()
    }
    by_file = {filed.file: filed for filed in checked.values()}
    files = [by_file.get(f.file, f) if f.duplicate_of is None else f for f in files]
    return Collection(tuple(files), checked, _statuses(checked, expected, years, today))


def _with_cross_year(filed: Filed, previous: Filed | None) -> Filed:
    """The batch checked each file alone; with last year's report at hand, the cross-year rules
    (R14, R31, R32, R35, R42) can now say something instead of "not assessable"."""
    assert filed.report is not None
    last = previous.report if previous else None
    fresh = check_rules(filed.report, CROSS_YEAR, last)
    findings = [f for f in filed.findings if f["rule"] not in CROSS_YEAR]
    findings.extend(findings_with_places(filed.report, fresh))
    return replace(filed, findings=tuple(sorted(findings, key=lambda f: str(f["rule"]))))


def _statuses(
    kept: Mapping[tuple[str, int], Filed],
    expected: Sequence[str],
    years: Sequence[int],
    today: date,
) -> tuple[Status, ...]:
    on_list = set(expected)
    seen = sorted({agency for agency, _ in kept} - on_list)
    every_year = sorted(set(years) | {year for _, year in kept})
    out = []
    for year in every_year:
        for agency in [*expected, *seen]:
            deadline = publication_deadline(agency, year)
            filed = kept.get((agency, year))
            if filed is None:
                late = today > deadline
                out.append(
                    Status(agency, year, NOT_SUBMITTED, deadline, None, late, agency in on_list)
                )
                continue
            published = filed.published
            late = published is not None and published > deadline
            out.append(
                Status(
                    agency,
                    year,
                    PUBLISHED,
                    deadline,
                    published,
                    late,
                    agency in on_list,
                    filed.file,
                )
            )
    return tuple(out)
