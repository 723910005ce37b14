"""Structure and metadata: R01–R07."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.report.model import AnnualReport, Narrative, SectionMark
from tests.builders import (
    applications_from,
    document,
    failed,
    findings,
    make_report,
    make_report_2019,
    not_assessable,
    paths,
    with_cell,
    with_cells,
)

ZEROS = (0, 0, 0, 0, 0, 0)


def with_sections(report: AnnualReport, *marks: tuple[str, str]) -> AnnualReport:
    return with_cell(report, "document.sections", tuple(SectionMark(k, h) for k, h in marks))


STANDARD = (
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("reviews", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)


@pytest.mark.parametrize("rule_id", ["R01", "R03", "R07"])
def test_document_rules_are_not_assessable_without_the_document(rule_id: str) -> None:
    (finding,) = findings(make_report(document=None), rule_id)
    assert finding.status == "not_assessable"
    assert paths(finding) == ["document"]


def test_r01_missing_sections_one_finding_each() -> None:
    report = with_sections(make_report(), *STANDARD[:4])
    found = failed(report, "R01")
    assert [f.details["section"] for f in found] == ["problems", "other_matters"]
    assert found[0].message == "缺少第五部分“五、存在的主要问题及改进情况”。"
    assert found[0].evidence[0].path == "document.sections"


def test_r01_order() -> None:
    marks = (STANDARD[0], STANDARD[2], STANDARD[1], *STANDARD[3:])
    (finding,) = failed(with_sections(make_report(), *marks), "R01")
    assert (
        finding.message
        == "各部分顺序不正确：实际顺序为一、三、二、四、五、六，应按一至六依次排列。"
    )


def test_r01_accepts_numerals_as_section_keys() -> None:
    marks = tuple((heading[0], heading) for _, heading in STANDARD)
    assert findings(with_sections(make_report(), *marks), "R01") == []


@pytest.mark.parametrize("table", ["proactive", "applications", "reviews"])
def test_r02_each_missing_table(table: str) -> None:
    (finding,) = findings(make_report(**{table: None}), "R02")
    assert finding.status == "failed"
    assert paths(finding) == [table]
    assert "没有相关数据也应列出该表并填写 0" in finding.message


def test_r03_title_period_and_body_years() -> None:
    (title,) = failed(with_cell(make_report(), "document.period_year", 2022), "R03")
    assert title.message == (
        "年度前后不一致：年报年度为 2023 年，标题中的年度为 2023 年，统计期限中的年度为 2022 年。"
    )
    body = with_cell(make_report(), "text", Narrative(overview="2022年，我局收到申请33件。"))
    (finding,) = failed(body, "R03")
    assert "正文只提到 2022 年" in finding.message
    alone = with_cells(
        make_report(year=None),
        {"document.title_year": None, "document.period_year": 2023, "text": None},
    )
    assert not_assessable(alone, "R03")


def test_r04_deadlines() -> None:
    department_late = with_cell(make_report(), "document.published", date(2024, 2, 15))
    (finding,) = failed(department_late, "R04")
    assert finding.message == (
        "年报于2024年2月15日发布，晚于政府部门年报的发布期限2024年1月31日（条例第四十九条），逾期 15 天。"
    )
    assert paths(finding) == ["document.published", "agency"]
    government = make_report(
        agency="梓潼县人民政府", document=document(published=date(2024, 3, 31))
    )
    assert findings(government, "R04") == []
    late = with_cell(government, "document.published", date(2024, 4, 2))
    assert failed(late, "R04")[0].details["days_late"] == 2
    township = make_report(agency="某某镇人民政府", document=document(published=date(2024, 3, 1)))
    assert failed(township, "R04")  # a 乡镇 is not 县级以上: 31 January


def test_r04_date_from_options_and_unknowns() -> None:
    report = make_report()
    (finding,) = failed(report, "R04", publication_date=date(2024, 2, 1))
    assert paths(finding)[0] == "options.publication_date"
    no_date = with_cell(report, "document.published", None)
    assert not_assessable(no_date, "R04")
    assert not_assessable(make_report(document=None), "R04")
    unknown = make_report(agency="工作专班", document=None)
    (between,) = findings(unknown, "R04", publication_date=date(2024, 2, 15))
    assert between.status == "not_assessable"
    (late,) = failed(unknown, "R04", publication_date=date(2024, 4, 15))
    assert late.message == (
        "年报于2024年4月15日发布，晚于县级以上地方人民政府年报的发布期限2024年3月31日"
        "（部门为2024年1月31日）（条例第四十九条），逾期 15 天。"
    )
    assert late.details["days_late"] == 15


def test_r05_outdated_template() -> None:
    assert findings(make_report_2019(), "R05") == []  # 2020 on the 2019 tables is right
    (finding,) = failed(make_report_2019(year=2022), "R05")
    assert "2022 年度年报仍使用 2019 年试行格式" in finding.message
    assert not_assessable(make_report_2019(year=None), "R05")


def test_r05_2021_format_with_other_as_one_row() -> None:
    apps = applications_from({"other": (1, 0, 0, 0, 0, 1)}, ZEROS, ZEROS, undivided=True)
    for year in (2023, None):
        report = make_report(applications=apps, year=year)
        (finding,) = failed(report, "R05")
        assert finding.message == (
            "表三（六）“其他处理”未按2021年格式分为三行（逾期不补正、逾期未缴费、其他）。"
        )
        assert paths(finding) == ["applications.other"]
        assert finding.evidence[0].value == [1, 0, 0, 0, 0, 1, 2]
    assert findings(make_report(), "R05") == []


def test_r06_government_reports_oversight() -> None:
    government = "绵阳市涪城区人民政府"
    assert findings(make_report(agency=government), "R06") == []
    silent = make_report(agency=government, text=Narrative(overview="我区认真做好政务公开。"))
    (finding,) = failed(silent, "R06")
    assert finding.details["missing"] == ["工作考核", "社会评议", "责任追究"]
    assert paths(finding) == ["agency", "text.overview"]
    partly = with_cell(silent, "text.problems", "将公开工作纳入绩效考核，实行问责。")
    assert failed(partly, "R06")[0].details["missing"] == ["社会评议"]
    assert not_assessable(make_report(agency=government, text=None), "R06")
    department = make_report(text=Narrative(overview="我局认真做好政务公开。"))
    assert findings(department, "R06") == []


def test_r07_headings_compared_without_numerals_punctuation_or_spaces() -> None:
    lenient = (
        ("overview", "（一）总体情况"),
        ("proactive", "二. 主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况"),
        ("reviews", "四、政府信息公开行政复议 行政诉讼情况"),
        ("problems", "第五部分 存在的主要问题及改进情况"),
        ("other_matters", "六、其他需要报告的事项："),
    )
    assert findings(with_sections(make_report(), *lenient), "R07") == []
    variant = (*STANDARD[:3], ("reviews", "四、政府信息公开行政复议及行政诉讼情况"), *STANDARD[4:])
    (finding,) = failed(with_sections(make_report(), *variant), "R07")
    assert finding.severity == "info"
    assert finding.message == (
        "第四部分标题为“四、政府信息公开行政复议及行政诉讼情况”，"
        "标准表述为“四、政府信息公开行政复议、行政诉讼情况”。"
    )
    assert paths(finding) == ["document.sections[3]"]
