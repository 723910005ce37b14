"""行政复议 and 行政诉讼 about disclosure work: the kinds and outcomes that make table 四.

The kinds are table 四's three groups; a case closed with an outcome lands in that column, a case
still open on 31 December is 尚未审结 (domain.md 1.6; the reading of 纠正 and 其他 is unconfirmed).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from gongkai.report import format as fmt


class CaseKind(StrEnum):
    RECONSIDERATION = "reconsideration"
    LITIGATION_DIRECT = "litigation_direct"
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration"

    @property
    def label(self) -> str:
        return KIND_NAMES[self]


KIND_NAMES: Mapping[CaseKind, str] = {CaseKind(g.key): g.label for g in fmt.REVIEW_GROUPS}
assert tuple(KIND_NAMES) == tuple(CaseKind)


class CaseOutcome(StrEnum):
    UPHELD = "upheld"
    CORRECTED = "corrected"
    OTHER = "other"

    @property
    def label(self) -> str:
        return OUTCOME_NAMES[self]


OUTCOME_NAMES: Mapping[CaseOutcome, str] = {
    CaseOutcome.UPHELD: "结果维持",
    CaseOutcome.CORRECTED: "结果纠正（撤销、变更、确认违法、责令履行）",
    CaseOutcome.OTHER: "其他结果（驳回、终止、撤回、调解等）",
}


def column_at(closed_on: date | None, outcome: CaseOutcome | None, year_end: date) -> str:
    """The table-四 column of a case as it stood on `year_end`: its outcome, or 尚未审结."""
    if closed_on is None or outcome is None or closed_on > year_end:
        return "pending"
    return outcome.value
