"""Title, agency, dates and section headings in the forms real reports print them."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.readers import read_text
from gongkai.readers.recognize.locate import heading_of

BODY = """一、总体情况
本年度工作平稳。
六、其他需要报告的事项
本年度未收取信息处理费。"""


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("一、总体情况", "overview"),
        ("第一部分 总体情况", "overview"),
        ("一 总体情况", "overview"),
        ("1. 总体情况", "overview"),
        ("第二部分、主动公开政府信息情况", "proactive"),
        ("3.收到和处理政府信息公开申请情况", "applications"),
        ("四、政府信息公开行政复议及行政诉讼情况", "reviews"),
        ("五、政府信息公开工作存在的主要问题及改进措施", "problems"),
        ("六 其他需要报告的事项", "other_matters"),
    ],
)
def test_heading_forms(text: str, key: str) -> None:
    found = heading_of(text)
    assert found is not None and found[0] == key


@pytest.mark.parametrize(
    "text",
    [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
        "1.属于国家秘密",
        "4.无正当理由大量反复申请",
        "2.主动公开情况",  # a sub-item inside section 一, not section 二
        "3.其他",
    ],
)
def test_table_rows_and_sub_items_are_no_headings(text: str) -> None:
    assert heading_of(text) is None


@pytest.mark.parametrize(
    ("head", "agency", "year"),
    [
        ("某某县自然资源局2023年政府信息公开工作年度报告", "某某县自然资源局", 2023),
        ("某某县自然资源局\n2023 年政府信息公开工作年度报告", "某某县自然资源局", 2023),
        ("2023年度某某县自然资源局政府信息公开工作年度报告", "某某县自然资源局", 2023),
        ("关于2023年度政府信息公开工作年度报告的公告\n某某县自然资源局", "某某县自然资源局", 2023),
        ("某某县自然资源局\n二〇二三年度政府信息公开工作年度报告", "某某县自然资源局", 2023),
        ("某某市人民政府 2024 年度政府信息公开工作年度报告", "某某市人民政府", 2024),
    ],
)
def test_title_forms(head: str, agency: str, year: int) -> None:
    report = read_text(f"{head}\n{BODY}").report
    assert (report.agency, report.year) == (agency, year)


def test_agency_from_the_signature_when_the_title_has_none() -> None:
    text = f"2023年政府信息公开工作年度报告\n{BODY}\n某某县交通运输局\n2024年1月20日"
    report = read_text(text).report
    assert report.agency == "某某县交通运输局"
    assert report.document is not None and report.document.published == date(2024, 1, 20)


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("2024年1月20日", date(2024, 1, 20)),
        ("二〇二四年二月二十日", date(2024, 2, 20)),
        ("二〇二四年三月三十一日", date(2024, 3, 31)),
        ("发布日期：2024-02-20", date(2024, 2, 20)),
    ],
)
def test_publication_date_forms(line: str, day: date) -> None:
    report = read_text(f"某某局2023年政府信息公开工作年度报告\n{BODY}\n某某局\n{line}").report
    assert report.document is not None and report.document.published == day


def test_the_year_covered_is_not_the_year_published() -> None:
    text = f"某某局2023年政府信息公开工作年度报告\n{BODY}\n某某局\n2024年1月20日"
    assert read_text(text).report.year == 2023


def test_an_extra_cell_is_settled_by_the_column_identities() -> None:
    """Review finding: a row with one extra cell read two ways by its own sum; the columns decide."""
    from gongkai.report import format as fmt

    rows = {
        "new": [3, 0, 0, 0, 0, 0, 3],
        "disclosed": [2, 0, 0, 0, 0, 0, 2],
        "partially_disclosed": [1, 0, 0, 0, 0, 0, 1, 1],
        "results_total": [3, 0, 0, 0, 0, 0, 3],
    }
    lines = ["某某局2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    for key in fmt.APPLICATION_KEYS_SPLIT:
        values = rows.get(key, [0] * 7)
        lines.append("\t".join([fmt.APPLICATION_ROW_BY_KEY[key].label, *map(str, values)]))
    result = read_text("\n".join(lines))
    assert result.report.applications is not None
    assert result.report.applications["partially_disclosed"] == (1, 0, 0, 0, 0, 0, 1)
    assert [f.rule for f in result.findings] == ["RD02"]


def test_an_extra_cell_that_cannot_be_settled_leaves_the_row_blank() -> None:
    text = (
        "某某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)\t1\t0\t0\t0\t0\t0\t1\t1\n"
    )
    result = read_text(text)
    assert result.report.applications is not None
    assert result.report.applications["partially_disclosed"] == (None,) * 7
    rd02 = [f for f in result.findings if f.rule == "RD02"]
    assert rd02 and "无法确定多出的是哪一列" in rd02[0].message
