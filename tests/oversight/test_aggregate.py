"""Adding members' reports up: sums, blanks, templates, failing members and member sets."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from gongkai.errors import GongkaiError
from gongkai.oversight.aggregate import LINEAR_RULES, Aggregate, Member, add_up, same_members
from gongkai.report import format as fmt
from gongkai.report.finding import Finding
from gongkai.report.model import AnnualReport
from gongkai.report.rules import check_report, check_rules
from tests.builders import (
    applications_from,
    make_report,
    make_report_2019,
    reviews_from,
    with_cells,
)

YEAR = 2023
ZERO = (0, 0, 0, 0, 0, 0)


def member(name: str, report: AnnualReport | None = None, **overrides: object) -> Member:
    return Member(name, report or make_report(agency=name, **overrides))


def old_format(**overrides: object) -> AnnualReport:
    """A report on the 2019 tables, but for the aggregate's year (late reports exist)."""
    return make_report_2019(year=YEAR, **overrides)


def rules_of(agg: Aggregate, rule_id: str) -> list[Finding]:
    return [f for f in agg.findings if f.rule == rule_id]


# ---------------------------------------------------------------- sums


def test_tables_three_and_four_are_summed_cell_by_cell() -> None:
    a = member(
        "甲局",
        applications=applications_from({"disclosed": (1, 0, 0, 0, 0, 0)}, ZERO, ZERO),
        reviews=reviews_from(reconsideration=(1, 0, 0, 0)),
    )
    b = member(
        "乙局",
        applications=applications_from(
            {"disclosed": (2, 1, 0, 0, 0, 0), "other_other": (0, 0, 0, 0, 0, 1)},
            (1, 0, 0, 0, 0, 0),
            ZERO,
        ),
        reviews=reviews_from(reconsideration=(0, 2, 0, 1), litigation_direct=(0, 0, 1, 0)),
    )
    agg = add_up("某县（汇总）", YEAR, [a, b])
    apps = agg.report.applications
    assert apps is not None
    # 甲: 1 disclosed, nothing carried. 乙: 3 + 1 results, 1 carried over, so 新收 = 4 − 1 = 3.
    assert apps["disclosed"] == (3, 1, 0, 0, 0, 0, 4)
    assert apps["other_other"] == (0, 0, 0, 0, 0, 1, 1)
    assert apps["carried_over"] == (1, 0, 0, 0, 0, 0, 1)
    assert apps["new"] == (2, 1, 0, 0, 0, 1, 4)
    assert apps["results_total"] == (3, 1, 0, 0, 0, 1, 5)
    assert not apps.undivided_other
    reviews = agg.report.reviews
    assert reviews is not None
    assert reviews.groups["reconsideration"] == {
        "upheld": 1,
        "corrected": 2,
        "other": 0,
        "pending": 1,
        "total": 4,
    }
    assert reviews.cell("litigation_direct", "other") == 1
    assert reviews.cell("litigation_direct", "total") == 1
    assert (agg.report.agency, agg.report.year, agg.report.template) == (
        "某县（汇总）",
        YEAR,
        "2021",
    )
    assert agg.members == ("甲局", "乙局")
    assert agg.failing == () and agg.findings == ()


def test_table_two_of_2021_members_is_summed_with_decimal_fees() -> None:
    agg = add_up("某县（汇总）", YEAR, [member("甲局"), member("乙局"), member("丙局")])
    p = agg.report.proactive
    assert p is not None and p.template == "2021"
    # make_report(): 120 licensing decisions, 12 normative documents in force, fees 1.25 万元.
    assert p.cell("licensing", "count") == 360
    assert p.cell("normative_documents", "in_force") == 36
    fees = p.cell("fees", "amount")
    assert isinstance(fees, Decimal) and fees == Decimal("3.75")


def test_table_two_of_2019_members_sums_signed_changes_but_not_printed_amounts() -> None:
    a = Member("甲局", old_format())
    b = Member("乙局", with_cells(old_format(), {"proactive.punishment.change": 3}))
    agg = add_up("某县（汇总）", YEAR, [a, b])
    p = agg.report.proactive
    assert p is not None and agg.report.template == "2019"
    assert p.cell("punishment", "change") == -1 + 3
    assert p.cell("punishment", "previous") == 80
    assert p.cell("procurement", "amount") == Decimal("104.30")
    assert p.cell("procurement", "amount_text") is None  # "52.15万元" twice is not a sum
    assert agg.report.applications is not None and agg.report.applications.undivided_other
    assert agg.findings == ()  # the blank 原文 is not a blank cell to chase


# ---------------------------------------------------------------- the linear rules survive the sum


def random_member(rng: random.Random, i: int) -> Member:
    """A report that passes R10–R12/R20 by construction, sometimes with blank cells."""
    shape = rng.choice(("2021", "2019", "2021 undivided"))
    undivided = shape != "2021"
    results = {
        key: tuple(rng.choice((0, 0, 1, 2, 7)) for _ in range(6))
        for key in rng.sample(fmt.result_keys(undivided), 5)
    }
    done = [sum(row[c] for row in results.values()) for c in range(6)]
    forward = tuple(rng.randint(0, 3) for _ in range(6))
    over = tuple(rng.randint(0, done[c] + forward[c]) for c in range(6))
    apps = applications_from(results, over, forward, undivided=undivided)
    reviews = reviews_from(
        reconsideration=(rng.randint(0, 3), rng.randint(0, 2), 0, rng.randint(0, 1)),
        litigation_direct=(rng.randint(0, 1), 0, 0, 0),
    )
    base = old_format() if shape == "2019" else make_report()
    report = AnnualReport(
        template=base.template,
        agency=f"机关{i}",
        year=YEAR,
        proactive=base.proactive,
        applications=apps,
        reviews=reviews,
    )
    if rng.random() < 0.2:
        key = rng.choice(apps.keys())
        report = with_cells(report, {f"applications.{key}[{rng.randrange(7)}]": None})
    return Member(f"机关{i}", report)


def folded(report: AnnualReport, key: str, c: int) -> int | None:
    """The cell a member contributes to an undivided aggregate row, computed the long way."""
    a = report.applications
    assert a is not None
    if key != "other" or a.undivided_other:
        return a[key][c]
    parts = [a[k][c] for k in fmt.OTHER_SPLIT]
    return None if None in parts else sum(p for p in parts if p is not None)


@pytest.mark.parametrize("seed", range(60))
def test_members_that_pass_the_linear_rules_add_up_to_a_sum_that_passes(seed: int) -> None:
    rng = random.Random(seed)
    members = [random_member(rng, i) for i in range(rng.randint(1, 8))]
    for m in members:  # the premise: every member passes (blank cells are only "not assessable")
        assert not [f for f in check_rules(m.report, LINEAR_RULES) if f.status == "failed"]

    agg = add_up("随机汇总", YEAR, members)

    assert agg.failing == ()
    assert not [f for f in check_rules(agg.report, LINEAR_RULES) if f.status == "failed"]
    assert not rules_of(agg, "R50")
    apps = agg.report.applications
    assert apps is not None
    assert apps.undivided_other == any(
        m.report.applications is not None and m.report.applications.undivided_other for m in members
    )
    printed = apps.keys()  # Applications maps row keys but is not iterable itself
    for key in printed:
        for c in range(7):
            contributions = [folded(m.report, key, c) for m in members]
            expected = None if None in contributions else sum(x or 0 for x in contributions)
            assert apps[key][c] == expected, (key, c)
    if any(None in apps[key] for key in printed):
        assert rules_of(agg, "R17")


# ---------------------------------------------------------------- R50: failing members


def test_a_failing_member_is_listed_and_its_error_carried_into_the_sum() -> None:
    good = member("甲局")
    bad = Member("乙局", with_cells(make_report(), {"applications.new[0]": 99}))
    agg = add_up("某县（汇总）", YEAR, [good, bad])

    assert agg.failing == ("乙局",)
    apps = agg.report.applications
    assert apps is not None
    good_apps = good.report.applications
    assert good_apps is not None
    assert apps["new"][0] == good_apps["new"][0] + 99  # not fixed
    listed = [f for f in rules_of(agg, "R50") if "members" in f.details]
    assert len(listed) == 1
    finding = listed[0]
    assert finding.severity == "error"
    assert finding.details["members"] == {"乙局": ["R10", "R12"]}
    assert "乙局" in finding.message and "甲局" not in finding.message
    # The sum fails the same rules, and says so.
    carried = {f.details.get("rule") for f in rules_of(agg, "R50")}
    assert {"R10", "R12"} <= carried


def test_a_failing_review_table_names_r20() -> None:
    bad = Member("乙局", with_cells(make_report(), {"reviews.reconsideration.total": 9}))
    agg = add_up("某县（汇总）", YEAR, [member("甲局"), bad])
    assert agg.failing == ("乙局",)
    reviews = agg.report.reviews
    assert reviews is not None and reviews.cell("reconsideration", "total") == 3 + 9


def test_members_of_another_year_or_listed_twice_are_an_error() -> None:
    agg = add_up(
        "某县（汇总）",
        YEAR,
        [member("甲局"), member("甲局"), member("乙局", year=YEAR - 1)],
    )
    (finding,) = [f for f in rules_of(agg, "R50") if "repeated" in f.details]
    assert finding.details["repeated"] == {"甲局": 2}
    assert finding.details["other_years"] == {"乙局": YEAR - 1}
    assert "2022年" in finding.message


# ---------------------------------------------------------------- blanks


def test_a_blank_cell_in_one_member_is_blank_in_the_sum_and_the_member_named() -> None:
    blank = Member("乙局", with_cells(make_report(), {"applications.new[3]": None}))
    agg = add_up("某县（汇总）", YEAR, [member("甲局"), blank])
    apps = agg.report.applications
    assert apps is not None
    assert apps["new"][3] is None
    assert apps["new"][0] is not None and apps["new"][6] is not None
    (note,) = rules_of(agg, "R17")
    assert note.severity == "info"
    assert note.details["blank_cells"] == {"applications": ["乙局"]}
    assert [e.path for e in note.evidence] == ["applications.new[3]"]
    assert "乙局" in note.message and "甲局" not in note.message


def test_a_missing_table_in_one_member_removes_it_from_the_sum() -> None:
    agg = add_up("某县（汇总）", YEAR, [member("甲局"), member("乙局", reviews=None)])
    assert agg.report.reviews is None
    assert agg.report.applications is not None
    (note,) = rules_of(agg, "R17")
    assert note.details["missing_table"] == {"reviews": ["乙局"]}
    assert "表四" in note.message


def test_a_non_number_is_not_summed() -> None:
    odd = Member("乙局", with_cells(make_report(), {"proactive.licensing": "/"}))
    agg = add_up("某县（汇总）", YEAR, [member("甲局"), odd])
    p = agg.report.proactive
    assert p is not None
    assert p.cell("licensing", "count") is None
    assert p.cell("punishment", "count") == 70
    (note,) = rules_of(agg, "R17")
    assert note.details["blank_cells"] == {"proactive": ["乙局"]}


# ---------------------------------------------------------------- R51: templates


def test_mixed_templates_drop_table_two_and_fold_the_split_rows() -> None:
    new = member("甲局")  # 2021: （六）1 = (1,0,0,0,0,0), （六）3 = (0,0,0,0,0,1)
    old = Member("乙局", old_format())  # 2019: （六） = (1,0,0,0,0,0)
    agg = add_up("某县（汇总）", YEAR, [new, old, member("丙局")])

    assert agg.report.template == "2019"
    assert agg.report.proactive is None
    apps = agg.report.applications
    assert apps is not None and apps.undivided_other
    assert "other_no_correction" not in apps
    assert apps["other"] == (1 + 1 + 1, 0, 0, 0, 0, 1 + 1, 5)
    (r51,) = rules_of(agg, "R51")
    assert r51.severity == "warning"
    assert r51.details["templates"] == {"2021": ["甲局", "丙局"], "2019": ["乙局"]}
    assert r51.details["folded_other"] == ["甲局", "丙局"]
    assert "2021年格式 2 家" in r51.message and "2019年试行格式 1 家" in r51.message
    assert "乙局" in r51.message
    assert not rules_of(agg, "R17")  # table 二 is absent by design, not because of a blank
    assert not [f for f in check_rules(agg.report, LINEAR_RULES) if f.status == "failed"]


def test_a_blank_split_row_leaves_the_folded_cell_blank() -> None:
    new = Member("甲局", with_cells(make_report(), {"applications.other_fee_unpaid[2]": None}))
    agg = add_up("某县（汇总）", YEAR, [new, Member("乙局", old_format())])
    apps = agg.report.applications
    assert apps is not None
    assert apps["other"][2] is None
    assert apps["other"][0] == 2
    (note,) = rules_of(agg, "R17")
    assert note.details["blank_cells"] == {"applications": ["甲局"]}


def test_a_2021_member_printing_one_other_row_makes_the_sum_undivided_but_keeps_2021() -> None:
    undivided = applications_from(
        {"disclosed": (1, 0, 0, 0, 0, 0), "other": (0, 2, 0, 0, 0, 0)}, ZERO, ZERO, undivided=True
    )
    agg = add_up("某县（汇总）", YEAR, [member("甲局"), member("乙局", applications=undivided)])
    assert agg.report.template == "2021"
    assert agg.report.proactive is not None
    apps = agg.report.applications
    assert apps is not None and apps.undivided_other
    assert apps["other"] == (1, 2, 0, 0, 0, 1, 4)
    (r51,) = rules_of(agg, "R51")
    assert r51.details["folded_other"] == ["甲局"]
    assert "不同模板" not in r51.message


# ---------------------------------------------------------------- R52 and errors


def test_same_members_names_the_added_and_the_dropped() -> None:
    last = add_up("某县（汇总）", YEAR - 1, [member(n, year=YEAR - 1) for n in ("甲局", "乙局")])
    this = add_up("某县（汇总）", YEAR, [member(n) for n in ("甲局", "丙局", "丁局")])
    finding = same_members(this, last)
    assert finding is not None
    assert (finding.rule, finding.severity) == ("R52", "warning")
    assert finding.details == {"added": ["丙局", "丁局"], "dropped": ["乙局"]}
    assert "新增 2 家：丙局、丁局" in finding.message and "减少 1 家：乙局" in finding.message


def test_same_members_in_another_order_is_no_finding() -> None:
    last = add_up("某县（汇总）", YEAR - 1, [member(n, year=YEAR - 1) for n in ("甲局", "乙局")])
    this = add_up("某县（汇总）", YEAR, [member(n) for n in ("乙局", "甲局")])
    assert same_members(this, last) is None


def test_no_members_is_an_error_with_a_hint() -> None:
    with pytest.raises(GongkaiError) as caught:
        add_up("某县（汇总）", YEAR, [])
    assert "某县（汇总）" in caught.value.message
    assert "2023" in caught.value.hint


# ---------------------------------------------------------------- check_rules


def test_check_rules_gives_what_check_report_gives_for_those_rules() -> None:
    report = with_cells(
        make_report(),
        {
            "applications.new[0]": 99,
            "reviews.reconsideration.total": 9,
            "applications.new[3]": None,
        },
    )
    wanted = ("R20", "R10", "R17")
    expected = [f for f in check_report(report) if f.rule in wanted]
    assert expected  # the premise: these rules do say something here
    assert check_rules(report, wanted) == expected


def test_check_rules_refuses_an_unregistered_rule() -> None:
    with pytest.raises(KeyError):
        check_rules(make_report(), ["R99"])
