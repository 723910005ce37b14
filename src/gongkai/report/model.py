"""The canonical model of one annual report.

The model mirrors the canonical JSON (gongkai.annual-report/1) closely: tables are mappings from the
row keys of `format` to their cells, so that every part of the system walks the same keys in the
same order. A cell the report does not show is None, never 0.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.report import format as fmt

Count = int | None
Value = int | Decimal | str | None
AppRow = tuple[Count, ...]


@dataclass(frozen=True, slots=True)
class Proactive:
    """Table 二. `rows[row_key][column_key]`; the columns depend on the template."""

    template: fmt.Template
    rows: Mapping[str, Mapping[str, Value]]

    def cell(self, row: str, column: str) -> Value:
        return self.rows.get(row, {}).get(column)

    def cells(self) -> Iterator[tuple[str, str, Value]]:
        for spec in fmt.proactive_rows(self.template):
            for col in spec.columns:
                yield spec.key, col.key, self.cell(spec.key, col.key)


@dataclass(frozen=True, slots=True)
class Applications:
    """Table 三: each numeric row is a tuple of 7 cells in the order of `format.APPLICANT_COLUMNS`.

    When 三（六）其他处理 is printed as one row, `rows` has "other" and the three split rows are
    all-None (the JSON keeps them as nulls).
    """

    rows: Mapping[str, AppRow]

    @property
    def undivided_other(self) -> bool:
        return "other" in self.rows

    def keys(self) -> tuple[str, ...]:
        return fmt.application_keys(self.undivided_other)

    def __getitem__(self, key: str) -> AppRow:
        return self.rows.get(key, EMPTY_ROW)

    def __contains__(self, key: object) -> bool:
        """Whether the report's template prints this row (not whether it has values)."""
        return key in self.keys()

    def cells(self) -> Iterator[tuple[str, int, Count]]:
        for key in self.keys():
            for c, value in enumerate(self[key]):
                yield key, c, value


EMPTY_ROW: AppRow = (None,) * fmt.N_APPLICANT_COLUMNS


@dataclass(frozen=True, slots=True)
class Reviews:
    """Table 四: `groups[group_key][column_key]` for the three groups of five."""

    groups: Mapping[str, Mapping[str, Count]]

    def cell(self, group: str, column: str) -> Count:
        return self.groups.get(group, {}).get(column)

    def cells(self) -> Iterator[tuple[str, str, Count]]:
        for g in fmt.REVIEW_GROUPS:
            for c in fmt.REVIEW_COLUMNS:
                yield g.key, c.key, self.cell(g.key, c.key)


@dataclass(frozen=True, slots=True)
class Narrative:
    """The narrative of sections 一, 五 and 六 as plain text; None for a section the report lacks."""

    overview: str | None = None
    problems: str | None = None
    other_matters: str | None = None

    def get(self, key: str) -> str | None:
        value: str | None = getattr(self, key)
        return value


@dataclass(frozen=True, slots=True)
class SectionMark:
    """A section heading as the reader found it (numeral key, printed wording, source line)."""

    key: str
    heading: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """What the reader saw of the document beyond the tables; the structure rules need it.

    Written to JSON under `extra.document`. A report built by a program (the generator, a test)
    has no DocumentFacts, and the rules that need them report "not assessable".
    """

    title: str | None = None
    sections: tuple[SectionMark, ...] = ()
    title_year: int | None = None
    period_year: int | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True)
class AnnualReport:
    template: fmt.Template
    agency: str | None
    year: int | None
    proactive: Proactive | None
    applications: Applications | None
    reviews: Reviews | None
    text: Narrative | None = None
    document: DocumentFacts | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def empty_applications(undivided_other: bool = False) -> Applications:
    return Applications(dict.fromkeys(fmt.application_keys(undivided_other), EMPTY_ROW))


def zero_applications(undivided_other: bool = False) -> Applications:
    zeros: AppRow = (0,) * fmt.N_APPLICANT_COLUMNS
    return Applications(dict.fromkeys(fmt.application_keys(undivided_other), zeros))


def zero_reviews() -> Reviews:
    return Reviews({g.key: {c.key: 0 for c in fmt.REVIEW_COLUMNS} for g in fmt.REVIEW_GROUPS})
