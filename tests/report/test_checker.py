"""The checker as a whole: clean reports pass, the registry matches the catalogue and domain.md,
docs/rules.md is current, findings serialise, and checking is fast."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gongkai.report import format as fmt
from gongkai.report.model import Proactive, Reviews, empty_applications
from gongkai.report.rules import REGISTRY, CheckOptions, check_report
from gongkai.report.rules.catalogue import CATALOGUE, RULES
from gongkai.report.rules.docs import rules_markdown
from tests.builders import (
    make_previous,
    make_previous_2019,
    make_report,
    make_report_2019,
    with_cells,
)

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / ".." / "shared" / "docs" / "domain.md"
RULES_MD = ROOT / "docs" / "rules.md"


@pytest.mark.parametrize(
    ("report", "previous"),
    [
        (make_report(), None),
        (make_report(), make_previous()),
        (make_previous(), None),
        (make_report_2019(), None),
        (make_report_2019(), make_previous_2019()),
    ],
    ids=["2021", "2021+previous", "previous", "2019", "2019+previous"],
)
def test_consistent_reports_pass_every_rule(report: object, previous: object) -> None:
    assert check_report(report, previous) == []  # type: ignore[arg-type]


def test_findings_come_in_rule_order_and_serialise() -> None:
    broken = with_cells(
        make_report(),
        {
            "applications.new[0]": 25,
            "applications.disclosed[3]": None,
            "reviews.reconsideration.total": 9,
            "proactive.licensing": -1,
            "text.other_matters": "无。",
        },
    )
    found = check_report(broken, make_previous())
    assert [f.rule for f in found] == sorted(f.rule for f in found)
    data = json.loads(json.dumps([f.to_dict() for f in found], ensure_ascii=False))
    assert {d["rule"] for d in data} >= {"R10", "R12", "R17", "R20", "R30", "R40", "R41"}
    assert all(e["label"] for d in data for e in d["evidence"])


def test_a_report_without_tables_text_or_document_is_judged_only_by_r02() -> None:
    empty = make_report(proactive=None, applications=None, reviews=None, text=None, document=None)
    found = check_report(empty, make_previous())
    assert {f.rule for f in found if f.status == "failed"} == {"R02"}
    assert all(e.label for f in found for e in f.evidence)
    assert len([f for f in found if f.rule == "R02"]) == 3


def test_blank_tables_give_at_most_one_not_assessable_finding_per_rule() -> None:
    blank = make_report(
        applications=empty_applications(),
        reviews=Reviews({g.key: {} for g in fmt.REVIEW_GROUPS}),
        proactive=Proactive("2021", {}),
    )
    found = check_report(blank, make_previous())
    assert [f.rule for f in found if f.status == "failed"] == ["R17", "R17", "R17"]
    unassessable = [f.rule for f in found if f.status == "not_assessable"]
    assert len(unassessable) == len(set(unassessable))
    assert {"R10", "R11", "R12", "R13", "R14", "R20", "R21", "R30", "R31", "R40"} <= set(
        unassessable
    )
    zeroed = check_report(blank, make_previous(), CheckOptions(blank_as_zero=True))
    assert all(f.status == "failed" for f in zeroed)


def test_every_checked_rule_is_implemented_and_nothing_else() -> None:
    check_report(make_report())  # loads the rule families
    checked = {r.id for r in CATALOGUE if r.scope in ("report", "cross_year")}
    assert set(REGISTRY) == checked


def test_catalogue_matches_the_domain_reference() -> None:
    if not DOMAIN.is_file():
        pytest.skip(f"domain reference not found at {DOMAIN}")
    text = DOMAIN.read_text(encoding="utf-8")
    documented = dict(re.findall(r"\*\*(R\d\d) (error|warning|info)\*\*", text))
    assert documented == {r.id: r.severity for r in CATALOGUE}


def test_docs_rules_md_is_generated_from_the_code() -> None:
    expected = rules_markdown()
    actual = RULES_MD.read_text(encoding="utf-8") if RULES_MD.is_file() else ""
    assert actual == expected, (
        "docs/rules.md is out of date: run `python -m gongkai.report.rules.docs > docs/rules.md`"
    )
    for rule_id, spec in RULES.items():
        assert f"| {rule_id} |" in expected and spec.title in expected
