"""The narrative: figures found in it (R40), 信息处理费 (R41), copies (R42), follow-up (R43)."""

from __future__ import annotations

import dataclasses

import pytest

from gongkai.report.model import Narrative
from gongkai.report.rules.figures import find_figures, number, years
from gongkai.report.rules.narrative import similarity
from tests.builders import (
    document,
    failed,
    findings,
    make_previous,
    make_report,
    make_report_2019,
    not_assessable,
    paths,
    with_cell,
    with_cells,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("12", 12),
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("三百二十一", 321),
    ],
)
def test_numbers(text: str, value: int) -> None:
    assert number(text) == value


def test_years() -> None:
    assert years("2022年度决算、2023 年工作要点，12023年不算，20个工作日") == [2022, 2023]


def figures(text: str, year: int = 2023) -> list[tuple[str, int]]:
    return [(f.quantity, f.value) for f in find_figures(Narrative(overview=text), year)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023 年收到政府信息公开申请 0 件。", [("applications", 0)]),
        ("全年共受理政府信息公开申请三件。", [("applications", 3)]),
        ("本年新收政府信息公开申请12件。", [("applications", 12)]),
        ("2023年度本单位未收到政府信息公开申请。", [("applications", 0)]),
        ("区工信局未收到政府信息公开申请书。", [("applications", 0)]),
        ("被申请行政复议1件，行政诉讼2起。", [("reconsideration", 1), ("litigation", 2)]),
        (
            "没有收到针对政府信息公开工作的行政复议和行政诉讼。",
            [("reconsideration", 0), ("litigation", 0)],
        ),
        (
            "未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。",
            [("reconsideration", 0), ("litigation", 0)],
        ),
        ("收到行政复议申请2件。", [("reconsideration", 2)]),
    ],
)
def test_figures_found(text: str, expected: list[tuple[str, int]]) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2022年收到政府信息公开申请5件。",  # another year
        "与上年相比，收到申请5件。",
        "全市共收到政府信息公开申请120件。",  # another scope
        "其中通过网上平台收到申请8件。",
        "收到自然人申请10件。",
        "尚未审结的行政复议1件。",  # one outcome, not the total
        "维持原行政行为的行政复议1件。",
        "通过局长信箱处理信件6件。",
        "对未予公开的答复不服，申请人可依法申请行政复议。",
        "共收到人大建议4项、政协提案10项。",
    ],
)
def test_figures_not_taken(text: str) -> None:
    assert figures(text) == []


def test_figures_without_a_known_year_ignore_dated_sentences() -> None:
    assert figures("2023年收到政府信息公开申请5件。收到申请6件。", year=None) == [
        ("applications", 6)
    ]


def test_r40_application_count_differs() -> None:
    report = with_cell(make_report(), "text.overview", "2023年共收到政府信息公开申请30件。")
    (finding,) = failed(report, "R40")
    assert finding.message == (
        "正文称收到政府信息公开申请 30 件，而表三本年新收总计为 33 件。"
        "正文原句：“2023年共收到政府信息公开申请30件。”"
    )
    assert paths(finding) == [
        "applications.new[6]",
        "applications.carried_over[6]",
        "text.overview",
    ]
    assert finding.evidence[2].value == "2023年共收到政府信息公开申请30件。"


def test_r40_accepts_a_count_that_includes_carried_over() -> None:
    report = with_cell(make_report(), "text.overview", "本年度共受理政府信息公开申请35件。")
    assert findings(report, "R40") == []  # 33 new + 2 carried over


def test_r40_reviews() -> None:
    report = with_cell(
        make_report(), "text.overview", "本年度发生行政复议3件、行政诉讼五件，均已依法应诉。"
    )
    (finding,) = failed(report, "R40")
    assert finding.details["quantity"] == "litigation"
    assert "表四行政诉讼总计为 2 件（未经复议直接起诉 1，复议后起诉 1）" in finding.message
    none_said = with_cell(make_report(), "text.overview", "本年度未发生政府信息公开行政复议。")
    (zero,) = failed(none_said, "R40")
    assert zero.details == {"quantity": "reconsideration", "narrative": [0]}


def test_r40_one_matching_figure_is_enough() -> None:
    text = "全年共收到政府信息公开申请35件，收到政府信息公开申请33件。"
    assert findings(with_cell(make_report(), "text.overview", text), "R40") == []


def test_r40_blank_cell_is_not_assessable() -> None:
    report = with_cell(make_report(), "applications.new[6]", None)
    (finding,) = findings(report, "R40")
    assert finding.status == "not_assessable"
    assert paths(finding) == ["applications.new[6]"]
    assert findings(report, "R40", blank_as_zero=True)[0].status == "failed"
    (missing,) = findings(make_report(reviews=None), "R40")
    assert missing.status == "not_assessable" and paths(missing) == ["reviews"]


def test_r41_fees_in_section_six() -> None:
    (finding,) = failed(with_cell(make_report(), "text.other_matters", "无。"), "R41")
    assert paths(finding) == ["text.other_matters"]
    for said in ("本年度未收取信息处理费。", "本年度未收取处理费。"):
        assert findings(with_cell(make_report(), "text.other_matters", said), "R41") == []
    assert not_assessable(with_cell(make_report(), "text.other_matters", None), "R41")
    assert not_assessable(make_report(text=None), "R41")
    old = with_cell(make_report_2019(), "text.other_matters", "无。")  # 2020: before the 收费办法
    assert findings(old, "R41") == []


@pytest.mark.parametrize(
    "said",
    [
        "按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）规定，本年度没有产生费用。",
        "依据国办函[2020]109号文件，本年度未发生相关费用。",
        "按照国办函（2020）109 号执行。",
    ],
)
def test_r41_a_citation_of_the_fee_rules_is_enough(said: str) -> None:
    assert findings(with_cell(make_report(), "text.other_matters", said), "R41") == []


@pytest.mark.parametrize(
    "said",
    ["本年度收取行政事业性收费12500元。", "本年度未收费。", "无其他费用，已缴纳罚款2109号。"],
)
def test_r41_other_fees_are_not_the_information_processing_fee(said: str) -> None:
    (finding,) = failed(with_cell(make_report(), "text.other_matters", said), "R41")
    assert paths(finding) == ["text.other_matters"]


def test_similarity() -> None:
    a = make_report().text
    assert a is not None and a.overview is not None
    assert similarity(a.overview, a.overview) == 1.0
    assert similarity(a.overview, a.overview.replace("2023", "2022")) > 0.9
    assert similarity(a.overview, a.overview.replace("我局", "本局")) > 0.9
    assert similarity(a.overview, "完全不同的另一段文字，谈的是别的事情。") < 0.1
    assert similarity("", "") == 1.0 and similarity("有字", "") == 0.0


def test_r42_copied_from_last_year() -> None:
    report = make_report()
    previous = dataclasses.replace(report, year=2022, document=document(year=2022))
    (finding,) = failed(report, "R42", previous)
    assert finding.details["similarity"] == 1.0
    assert "表格数字完全相同" in finding.message
    rewritten = dataclasses.replace(previous, text=make_previous().text)
    assert findings(report, "R42", rewritten) == []
    other_numbers = with_cell(previous, "applications.disclosed[0]", 9)
    assert findings(report, "R42", other_numbers) == []
    (strict,) = findings(report, "R42", previous, similarity_threshold=1.0)
    assert strict.details == finding.details
    (no_text,) = findings(report, "R42", dataclasses.replace(previous, text=None))
    assert no_text.status == "not_assessable"
    assert findings(report, "R42") == []


def test_r43_follow_up_on_last_years_problems() -> None:
    plain = "一是公开不够及时。下一步将加强培训。"
    (finding,) = failed(with_cell(make_report(), "text.problems", plain), "R43")
    assert finding.severity == "info"
    for said in ("2022年度发现的问题已全部解决。", "针对去年的问题，已经完善制度。"):
        report = with_cell(make_report(), "text.problems", plain + said)
        assert findings(report, "R43") == []
    assert not_assessable(with_cells(make_report(), {"text.problems": None}), "R43")


@pytest.mark.parametrize(
    "text",
    [
        "一是公开不够及时。下一步将改进工作方法，加强整改。",
        "存在的问题已整改，今后将持续改进。",
        "2024年将进一步落实整改措施。",
    ],
)
def test_r43_improving_without_naming_last_year_is_not_enough(text: str) -> None:
    (finding,) = failed(with_cell(make_report(), "text.problems", text), "R43")
    assert paths(finding) == ["text.problems"]


@pytest.mark.parametrize(
    "text",
    [
        "上年度指出的问题已全部整改。",
        "上一年度存在的问题已经改进。",
        "去年发现的栏目更新问题已落实整改。",
        "前一年的问题已解决。",
        "2022 年发现的问题已整改。",
    ],
)
def test_r43_last_year_named(text: str) -> None:
    assert findings(with_cell(make_report(), "text.problems", text), "R43") == []
