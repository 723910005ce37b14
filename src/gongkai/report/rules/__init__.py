"""The checker: `check_report(report, previous=None)` runs every registered rule.

Rules live in one module per family and register themselves by id with `@rule("R10")`; the id's
severity and title come from `catalogue.CATALOGUE`. A rule whose inputs include a null cell says
"not assessable" instead of passing or failing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from gongkai.errors import SettingsError
from gongkai.report.finding import Evidence, Finding
from gongkai.report.model import AnnualReport
from gongkai.report.rules.catalogue import RULES


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """How the checker judges. Validated at construction so that a bad value names its field."""

    blank_as_zero: bool = False  # R17: treat blank cells as 0 (said in the finding)
    fee_wan_yuan_limit: float = 10_000.0  # R34: a 万元 amount above this looks like 元
    similarity_threshold: float = 0.9  # R42
    publication_date: date | None = None  # R04: when known from outside the document

    def __post_init__(self) -> None:
        if not 0 < self.similarity_threshold <= 1:
            raise SettingsError(
                f"similarity_threshold 取值 {self.similarity_threshold} 无效",
                "应为大于 0 且不大于 1 的小数",
            )
        if self.fee_wan_yuan_limit <= 0:
            raise SettingsError(
                f"fee_wan_yuan_limit 取值 {self.fee_wan_yuan_limit} 无效", "应为正数"
            )


@dataclass(frozen=True, slots=True)
class Context:
    report: AnnualReport
    previous: AnnualReport | None
    options: CheckOptions

    def finding(
        self,
        rule_id: str,
        message: str,
        evidence: Iterable[Evidence] = (),
        *,
        not_assessable: bool = False,
        **details: Any,
    ) -> Finding:
        spec = RULES[rule_id]
        return Finding(
            rule=rule_id,
            severity=spec.severity,
            message=message,
            evidence=tuple(evidence),
            status="not_assessable" if not_assessable else "failed",
            details=details,
        )


RuleFn = Callable[[Context], Iterable[Finding]]
REGISTRY: dict[str, RuleFn] = {}


def rule(rule_id: str) -> Callable[[RuleFn], RuleFn]:
    """Register `fn` as the implementation of `rule_id` (which must be in the catalogue)."""
    if rule_id not in RULES:
        raise KeyError(f"unknown rule id {rule_id}")

    def register(fn: RuleFn) -> RuleFn:
        REGISTRY[rule_id] = fn
        return fn

    return register


def check_report(
    report: AnnualReport,
    previous: AnnualReport | None = None,
    options: CheckOptions | None = None,
) -> list[Finding]:
    """All findings for `report`, in rule-id order; `previous` is last year's report if known."""
    load_rules()
    ctx = Context(report, previous, options or CheckOptions())
    findings: list[Finding] = []
    for rule_id in sorted(REGISTRY):
        findings.extend(REGISTRY[rule_id](ctx))
    return findings


def check_rules(
    report: AnnualReport,
    rule_ids: Iterable[str],
    previous: AnnualReport | None = None,
    options: CheckOptions | None = None,
) -> list[Finding]:
    """The findings of the named rules only, in rule-id order, as `check_report` would give them.

    For callers that need a few cheap rules on many reports (an aggregate checks R10–R12 and R20
    on every member); an id without a registered implementation is a programming error.
    """
    wanted = sorted(set(rule_ids))
    if not REGISTRY.keys() >= set(wanted):  # import the rule modules only until they are loaded
        load_rules()
        unknown = [rule_id for rule_id in wanted if rule_id not in REGISTRY]
        if unknown:
            raise KeyError(f"no registered rule for {', '.join(unknown)}")
    ctx = Context(report, previous, options or CheckOptions())
    findings: list[Finding] = []
    for rule_id in wanted:
        findings.extend(REGISTRY[rule_id](ctx))
    return findings


def load_rules() -> None:
    # Importing a family module registers its rules; kept lazy so that `rule` exists first.
    from gongkai.report.rules import (  # noqa: F401
        applications,
        narrative,
        proactive,
        reviews,
        structure,
    )
