"""Examples for each kind of text the reader must read, and for broken structure.

Each test is a small text written the way real reports print it; the property tests in
`test_layouts` cover the same ground at random.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from gongkai.readers import ReadResult, read_text
from gongkai.report import codec
from gongkai.report import format as fmt
from gongkai.report.model import (
    AnnualReport,
    Applications,
    AppRow,
    Proactive,
    Reviews,
    zero_applications,
    zero_reviews,
)
from tests.readers.layouts import Style, render

TITLE = "梓潼县工业和信息化局\n2023年政府信息公开工作年度报告\n"
ZERO: AppRow = (0,) * 7


def read(text: str) -> ReadResult:
    return read_text(text)


def applications(**rows: AppRow) -> Applications:
    """Table 三 with the given rows, zeros elsewhere; `other=` makes it the undivided kind."""
    undivided = "other" in rows
    return Applications({k: rows.get(k, ZERO) for k in fmt.application_keys(undivided)})


# A consistent table 三: 一 + 二 = （七） + 四 and （七） = the result rows, in every column.
BUSY = applications(
    new=(80, 1, 0, 0, 0, 0, 81),
    carried_over=(2, 0, 0, 0, 0, 0, 2),
    disclosed=(50, 1, 0, 0, 0, 0, 51),
    partially_disclosed=(10, 0, 0, 0, 0, 0, 10),
    withheld_state_secret=(1, 0, 0, 0, 0, 0, 1),
    unavailable_not_held=(15, 0, 0, 0, 0, 0, 15),
    results_total=(76, 1, 0, 0, 0, 0, 77),
    carried_forward=(6, 0, 0, 0, 0, 0, 6),
)
PROACTIVE_2021 = Proactive(
    "2021",
    {
        "regulations": {"issued": None, "abolished": None, "in_force": None},
        "normative_documents": {"issued": 22, "abolished": 1, "in_force": 40},
        "licensing": {"count": 135},
        "punishment": {"count": 3},
        "enforcement": {"count": 0},
        "fees": {"amount": Decimal("1.25")},
    },
)


def report(**changes: Any) -> AnnualReport:
    base: dict[str, Any] = {
        "template": "2021",
        "agency": "梓潼县工业和信息化局",
        "year": 2023,
        "proactive": PROACTIVE_2021,
        "applications": BUSY,
        "reviews": zero_reviews(),
    }
    return AnnualReport(**{**base, **changes})


def table(result: ReadResult) -> dict[str, Any]:
    data = codec.to_dict(result.report)
    return data["applications"]  # type: ignore[no-any-return]


def rules(result: ReadResult) -> list[str]:
    return [f.rule for f in result.findings]


# ------------------------------------------------------------------ Markdown and converter output


PIPES = (
    TITLE
    + """一、总体情况
本年度无特别情况。
三、收到和处理政府信息公开申请情况
| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | |
|---|---|---|---|---|---|---|---|---|---|
| | | | 自然人 | 法人或其他组织 | | | | | 总计 |
| 一、本年新收政府信息公开申请数量 | | | | | | | | | |
| | | | 80 | 1 | 0 | 0 | 0 | 0 | 81 |
| 二、上年结转政府信息公开申请数量 | | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| 三、本年度办理结果 | （一）予以公开 | | 50 | 1 | 0 | 0 | 0 | 0 | 51 |
| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 10 | | 0 | 0 | 0 | 0 | 10 |

- 2 -

| 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 | | | |
|---|---|---|---|---|---|---|---|---|---|
| | （三）不予公开 | 1．属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| | （四）无法提供 | 1．本机关不掌握相关政府信息 | 15 | 0 | 0 | 0 | 0 | 0 | 15 |
| | （七）总计 | | 76 | 1 | 0 | 0 | 0 | 0 | 77 |
| 四、结转下年度继续办理 | | | 6 | 0 | 0 | 0 | 0 | 0 | 6 |
四、政府信息公开行政复议、行政诉讼情况
"""
)


def test_pipe_table_with_label_and_numbers_on_separate_rows_chunks_and_wrong_headers() -> None:
    result = read(PIPES)
    got = table(result)
    assert got["new"] == [80, 1, 0, 0, 0, 0, 81]  # label row, then a row of numbers
    assert got["partially_disclosed"] == [10, None, 0, 0, 0, 0, 10]  # a blank cell is null
    assert got["withheld_state_secret"] == [1, 0, 0, 0, 0, 0, 1]  # after the page break
    assert got["results_total"] == [76, 1, 0, 0, 0, 0, 77]
    assert got["carried_forward"] == [6, 0, 0, 0, 0, 0, 6]
    # rows the table does not print are null, and the reader says so
    assert got["rejected_duplicate"] == [None] * 7
    assert "RD05" in rules(result)


def test_pipe_table_chunks_with_repeated_headers_and_stray_lines_round_trip() -> None:
    original = report()
    style = Style(chunks=4, stray_lines=True, split_labels=True, blank_nulls=True)
    result = read(render(original, "pipes", style))
    assert table(result) == codec.to_dict(original)["applications"]


def test_annotated_cell_reads_its_number_and_keeps_the_print() -> None:
    text = TITLE + (
        "二、主动公开政府信息情况\n"
        "| 第二十条第（一）项 | | | |\n|---|---|---|---|\n"
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "| 规章 | / | — | 无 |\n"
        "| 行政规范性文件 | 22（其中修订16件） | 1 | 40 |\n"
        "三、收到和处理政府信息公开申请情况\n"
    )
    result = read(text)
    proactive = codec.to_dict(result.report)["proactive"]
    assert proactive["normative_documents"] == {"issued": 22, "abolished": 1, "in_force": 40}
    assert proactive["regulations"] == {"issued": None, "abolished": None, "in_force": None}
    printed = result.report.extra["printed"]
    assert printed["proactive.normative_documents.issued"] == "22(其中修订16件)"
    assert printed["proactive.regulations.issued"] == "/"


@pytest.mark.parametrize("placeholder", ["/", "—", "-", "无", ""])
def test_placeholders_and_blank_cells_are_null_never_zero(placeholder: str) -> None:
    row = f"| 一、本年新收政府信息公开申请数量 | | 3 | {placeholder} | 0 | 0 | 0 | 0 | 3 |\n"
    text = (
        TITLE + "三、收到和处理政府信息公开申请情况\n|---|---|---|---|---|---|---|---|---|\n" + row
    )
    result = read(text)
    assert table(result)["new"] == [3, None, 0, 0, 0, 0, 3]
    if placeholder:
        assert result.report.extra["printed"]["applications.new[1]"] == (
            "-" if placeholder == "—" else placeholder
        )


# ------------------------------------------------------------------ run-together web text


def test_run_together_rows_are_cut_by_the_identities() -> None:
    text = render(report(), "flat", Style(one_line=True))
    result = read(text)
    assert "一、本年新收政府信息公开申请数量801000081二、上年结转" in text
    assert "10000012．其他法律行政法规禁止公开" in text  # the 2 belongs to the next label
    assert table(result) == codec.to_dict(report())["applications"]
    assert codec.to_dict(result.report)["reviews"] == codec.to_dict(report())["reviews"]
    # table 二 has no identities: "22140" (22 | 1 | 40) stays null, and says why
    ambiguous = [e.path for f in result.findings if f.rule == "RD03" for e in f.evidence]
    assert ambiguous == ["proactive.normative_documents"]


def test_run_together_row_settled_by_the_table() -> None:
    # "110000011" alone is 1 | 10 | 0 … | 11 or 11 | 0 | … | 11; the result rows say which
    mixed = (1, 10, 0, 0, 0, 0, 11)
    original = report(
        proactive=None,
        applications=applications(
            new=mixed,
            disclosed=(1, 0, 0, 0, 0, 0, 1),
            partially_disclosed=(0, 10, 0, 0, 0, 0, 10),
            results_total=mixed,
        ),
    )
    text = render(original, "flat", Style(one_line=True))
    assert "一、本年新收政府信息公开申请数量110000011" in text
    result = read(text)
    assert table(result) == codec.to_dict(original)["applications"]
    settled = [f for f in result.findings if f.rule == "RD09"]
    assert {f.evidence[0].path for f in settled} == {
        "applications.new",
        "applications.results_total",
    }


def test_run_together_row_that_two_cuts_fit_stays_null_with_the_candidates() -> None:
    # 11 | 0 | … | 11 and 1 | 10 | … | 11 both fit the row, and with every row of table 三
    # glued the same way both fit the whole table too: the reader must not choose.
    same = (11, 0, 0, 0, 0, 0, 11)
    original = report(
        applications=applications(new=same, disclosed=same, results_total=same),
        proactive=None,
    )
    result = read(render(original, "flat", Style()))
    got = table(result)
    findings = [f for f in result.findings if f.rule == "RD03"]
    flagged = {e.path for f in findings for e in f.evidence}
    assert {"applications.new", "applications.disclosed", "applications.results_total"} <= flagged
    for key in ("new", "disclosed", "results_total"):
        assert got[key] == [None] * 7
    candidates = next(f for f in findings if f.evidence[0].path == "applications.new")
    assert sorted(candidates.details["candidates"]) == [
        [1, 10, 0, 0, 0, 0, 11],
        [11, 0, 0, 0, 0, 0, 11],
    ]
    assert got["carried_over"] == [0] * 7  # what is certain is kept


def test_run_together_table_four_that_cannot_be_cut_stays_null() -> None:
    text = TITLE + (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
        "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
        "11000110000000000\n"  # 1 10 0 0 11 or 11 0 0 0 11, then ten zeros
        "五、存在的主要问题及改进情况\n"
    )
    result = read(text)
    assert codec.to_dict(result.report)["reviews"]["reconsideration"]["total"] is None
    rd03 = [f for f in result.findings if f.rule == "RD03"]
    assert rd03 and rd03[0].evidence[0].path == "reviews"
    assert sorted(rd03[0].details["candidates"]) == [
        [1, 10, 0, 0, 11, *[0] * 10],
        [11, 0, 0, 0, 11, *[0] * 10],
    ]


def test_run_together_signed_changes_and_amount_with_unit_2019() -> None:
    text = "某某镇人民政府\n2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n" + (
        "第二十条第(五)项信息内容上一年项目数量本年增/减处理决定数量行政许可39+83"
        "其他对外管理服务事项12减45\n"
    )
    proactive = codec.to_dict(read(text).report)["proactive"]
    assert proactive["licensing"] == {"previous": 39, "change": 8, "decisions": 3}
    assert proactive["other_services"] == {"previous": 12, "change": -4, "decisions": 5}


# ------------------------------------------------------------------ label variants


@pytest.mark.parametrize(
    "label",
    [
        "1．属于国家秘密",
        "1.属于国家秘密",
        "1、属于国家秘密",
        "1. 属于 国家 秘密",
        "属于国家秘蜜",  # an OCR slip
        "1.属于国家秘宻",
    ],
)
def test_numbering_spaces_and_ocr_slips(label: str) -> None:
    text = (
        TITLE
        + f"三、收到和处理政府信息公开申请情况\n\t(三) 不予公开\t{label}\t1\t0\t0\t0\t0\t0\t1\n"
    )
    assert table(read(text))["withheld_state_secret"] == [1, 0, 0, 0, 0, 0, 1]


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("2．其他法律行政止公开", "withheld_prohibited_by_law"),  # misprint in the report itself
        ("（二）部分公开(区分处理的，只计这一情形，不计其他情形)", "partially_disclosed"),
        ("(二)部分公开（区分处理的,只计这一情形,不计其他情形）", "partially_disclosed"),
        ("（七）总  计", "results_total"),
        ("四、结转下年度继续力理", "carried_forward"),
        ("3.其 他", "other_other"),
        ("二、上年结转政府信息公开申谓数量", "carried_over"),
    ],
)
def test_label_variants_find_their_row(label: str, key: str) -> None:
    text = TITLE + f"三、收到和处理政府信息公开申请情况\n{label}\t2\t0\t0\t0\t0\t0\t2\n"
    assert table(read(text))[key] == [2, 0, 0, 0, 0, 0, 2]


def test_spaced_column_headers_and_half_width_brackets_round_trip() -> None:
    style = Style(
        half_width=True, item_mark=".", spaced=frozenset({"header", "new", "other_other"})
    )
    original = report()
    for layout in ("tabs", "pipes", "cells"):
        result = read(render(original, layout, style))
        assert table(result) == codec.to_dict(original)["applications"], layout


# ------------------------------------------------------------------ 三（六） undivided, 2019 tables


def test_other_printed_as_one_row_reads_as_other() -> None:
    rows = applications(
        new=(3, 0, 0, 0, 0, 0, 3),
        disclosed=(1, 0, 0, 0, 0, 0, 1),
        other=(2, 0, 0, 0, 0, 0, 2),
        results_total=(3, 0, 0, 0, 0, 0, 3),
    )
    original = report(applications=rows)
    for layout in ("tabs", "pipes", "cells", "flat"):
        result = read(render(original, layout))
        got = table(result)
        assert got["other"] == [2, 0, 0, 0, 0, 0, 2], layout
        assert all(got[k] == [None] * 7 for k in fmt.OTHER_SPLIT), layout
        assert result.report.template == "2021", layout  # table 二 says 2021


PROACTIVE_2019 = Proactive(
    "2019",
    {
        "regulations": {"made": 0, "published": 0, "total": 0},
        "normative_documents": {"made": 5, "published": 5, "total": 31},
        "licensing": {"previous": 120, "change": 1036, "decisions": 8},
        "other_services": {"previous": 12, "change": -2, "decisions": 0},
        "punishment": {"previous": 40, "change": -4, "decisions": 2},
        "enforcement": {"previous": 9, "change": 3, "decisions": 1},
        "fees": {"previous": 6, "change": 0},
        "procurement": {"projects": 3, "amount": Decimal(251000), "amount_text": "251000元"},
    },
)


@pytest.mark.parametrize("sign_words", [False, True])
def test_2019_tables_are_recognised_by_their_column_labels(sign_words: bool) -> None:
    original = report(
        template="2019",
        year=2021,  # a late report on the old tables: still the 2019 template
        proactive=PROACTIVE_2019,
        applications=applications(other=ZERO),
    )
    for layout in ("tabs", "pipes", "cells"):
        result = read(render(original, layout, Style(sign_words=sign_words)))
        assert result.report.template == "2019", layout
        data = codec.to_dict(result.report)
        assert data["proactive"] == codec.to_dict(original)["proactive"], layout
        assert data["applications"]["other"] == [0] * 7


def test_signed_changes_as_printed() -> None:
    text = "某某县人民政府\n2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n" + "\n".join(
        [
            "第二十条第（五）项",
            "信息内容\t上一年项目数量\t本年增/减\t处理决定数量",
            "行政许可\t120\t+1036\t8",
            "其他对外管理服务事项\t12\t-2\t0",
            "第二十条第（六）项",
            "行政处罚\t40\t减4\t2",
            "行政强制\t9\t增3\t1",
            "第二十条第（九）项",
            "信息内容\t采购项目数量\t采购总金额",
            "政府集中采购\t3\t251000元",
        ]
    )
    result = read(text)
    data = codec.to_dict(result.report)["proactive"]
    assert result.report.template == "2019"
    assert [
        data[k]["change"] for k in ("licensing", "other_services", "punishment", "enforcement")
    ] == [
        1036,
        -2,
        -4,
        3,
    ]
    assert data["procurement"] == {"projects": 3, "amount": 251000, "amount_text": "251000元"}


# ------------------------------------------------------------------ agency and year


@pytest.mark.parametrize(
    "head",
    [
        "梓潼县工业和信息化局\n2023年政府信息公开工作年度报告\n",
        "梓潼县工业和信息化局2023年度政府信息公开工作年度报告\n",
        "2023 年梓潼县工业和信息化局政府信息公开工作年度报告\n",
    ],
)
def test_agency_and_the_year_covered_come_from_title(head: str) -> None:
    text = head + (
        "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止，于2024年1月公布。\n"
        "一、总体情况\n2024年我局将继续做好政务公开工作。\n"
        "六、其他需要报告的事项\n无。\n梓潼县工业和信息化局\n2024年1月20日\n"
    )
    result = read(text)
    assert (result.report.agency, result.report.year) == ("梓潼县工业和信息化局", 2023)
    assert "RD08" not in rules(result)


def test_year_from_the_statistical_period_when_the_title_has_none() -> None:
    text = (
        "梓潼县工业和信息化局政府信息公开工作年度报告\n"
        "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n"
        "一、总体情况\n无。\n"
    )
    assert read(text).report.year == 2022


# ------------------------------------------------------------------ broken structure


def test_report_cut_in_half_yields_what_was_found() -> None:
    text = render(report(), "tabs")
    lines = text.splitlines()
    cut = next(i for i, line in enumerate(lines) if "4．保护第三方合法权益" in line)
    result = read("\n".join(lines[:cut]))
    data = codec.to_dict(result.report)
    assert data["agency"] == "梓潼县工业和信息化局" and data["year"] == 2023
    assert data["proactive"] == codec.to_dict(report())["proactive"]
    assert data["applications"]["new"] == [80, 1, 0, 0, 0, 0, 81]
    assert data["applications"]["withheld_state_secret"] == [1, 0, 0, 0, 0, 0, 1]
    assert data["applications"]["results_total"] == [None] * 7
    assert data["reviews"] is None
    missing = next(f for f in result.findings if f.rule == "RD05")
    assert "applications.results_total" in {e.path for e in missing.evidence}


def test_headings_without_tables() -> None:
    text = TITLE + "\n".join(f"{s.numeral}、{s.heading}\n本年度无相关情况。" for s in fmt.SECTIONS)
    result = read(text)
    data = codec.to_dict(result.report)
    assert (data["proactive"], data["applications"], data["reviews"]) == (None, None, None)
    assert len(result.report.document.sections) == 6  # type: ignore[union-attr]


REVIEW_HEAD = (
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "行政复议\t\t\t\t\t行政诉讼\n"
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n"
)


def test_table_four_with_an_extra_cell_drops_the_one_the_sums_reject() -> None:
    text = TITLE + REVIEW_HEAD + "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t2\t0\t0\t2\t7\n"
    result = read(text)
    reviews = codec.to_dict(result.report)["reviews"]
    assert reviews["reconsideration"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert reviews["litigation_after_reconsideration"]["total"] == 2
    assert "RD02" in rules(result)


def test_table_four_with_an_extra_cell_the_sums_cannot_place_stays_null() -> None:
    # 1 1 0 0 1 …: either 1 could be the extra one, and that moves every cell after it
    text = TITLE + REVIEW_HEAD + "\t".join("1100100000000000") + "\n"
    result = read(text)
    reviews = codec.to_dict(result.report)["reviews"]
    assert all(v is None for group in reviews.values() for v in group.values())
    assert "RD02" in rules(result)


def test_table_four_missing_a_cell_keeps_the_numbers_the_sums_place() -> None:
    text = TITLE + REVIEW_HEAD + "\t".join("10001" + "0" * 9) + "\n"  # 14 cells
    result = read(text)
    reviews = codec.to_dict(result.report)["reviews"]
    assert reviews["reconsideration"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert list(reviews["litigation_direct"].values()) == [0] * 5
    cells = list(reviews["litigation_after_reconsideration"].values())
    assert cells.count(None) == 1 and cells.count(0) == 4
    assert "RD01" in rules(result)


def test_row_missing_a_cell_is_placed_by_the_identities() -> None:
    # 予以公开 shows six numbers: the 总计 (51) is there, one applicant column is not; the
    # column sums (（七）总计 has 0 in 其他) say the missing one is a zero column.
    text = render(report(), "tabs").replace("50\t1\t0\t0\t0\t0\t51", "50\t1\t0\t0\t0\t51")
    result = read(text)
    got = table(result)
    assert got["disclosed"][:2] == [50, 1] and got["disclosed"][6] == 51
    assert got["disclosed"].count(None) == 1
    assert "RD01" in rules(result)


def test_row_missing_its_total_in_pdf_text_keeps_the_numbers() -> None:
    text = TITLE + (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t\n"
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t\n"
    )
    got = table(read(text))
    assert got["new"][:6] == [0] * 6 and got["new"][6] in (None, 0)


def test_empty_text_is_not_a_report() -> None:
    from gongkai.errors import NotAReportError

    with pytest.raises(NotAReportError):
        read("这是一份会议通知。\n请各单位准时参加。\n")


def test_reviews_with_nulls_in_pipes() -> None:
    r = zero_reviews()
    groups = {g: dict(c) for g, c in r.groups.items()}
    groups["reconsideration"]["upheld"] = None
    groups["litigation_after_reconsideration"]["total"] = None
    original = report(reviews=Reviews(groups), applications=zero_applications())
    result = read(render(original, "pipes", Style(blank_nulls=True)))
    assert codec.to_dict(result.report)["reviews"] == codec.to_dict(original)["reviews"]
