"""The legal basis of every outcome, held against a table written from domain.md 1.5."""

from __future__ import annotations

import pytest

from gongkai.errors import GongkaiError
from gongkai.workbench import replies
from gongkai.workbench.lifecycle import RESULT_ROWS
from gongkai.workbench.replies import REMEDY, Variant, basis, remedy_sentence

REGULATION = "《中华人民共和国政府信息公开条例》"
FEES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

# From domain.md 1.5 (and the brief): row -> (law, article). "" = no specific article.
EXPECTED: dict[str, tuple[str, str]] = {
    "disclosed": (REGULATION, "第三十六条第（二）项"),
    "partially_disclosed": (REGULATION, "第三十七条"),
    "withheld_state_secret": (REGULATION, "第十四条"),
    "withheld_prohibited_by_law": (REGULATION, "第十四条"),
    "withheld_security_stability": (REGULATION, "第十四条"),
    "withheld_third_party": (REGULATION, "第十五条"),
    "withheld_internal_affairs": (REGULATION, "第十六条第一款"),
    "withheld_process_info": (REGULATION, "第十六条第二款"),
    "withheld_enforcement_files": (REGULATION, "第十六条第二款"),
    "withheld_admin_query": (REGULATION, "第三十六条第（七）项"),
    "unavailable_not_held": (REGULATION, "第三十六条第（四）项"),
    "unavailable_needs_creation": (REGULATION, "第三十八条"),
    "unavailable_unclear": (REGULATION, "第三十条"),
    "rejected_petition": (REGULATION, "第三十九条第一款"),
    "rejected_duplicate": (REGULATION, "第三十六条第（六）项"),
    "rejected_publication": (REGULATION, "第三十九条第二款"),
    "rejected_excessive": (REGULATION, "第三十五条"),
    "rejected_confirmation": (REGULATION, ""),
    "other_no_correction": (REGULATION, "第三十条"),
    "other_fee_unpaid": (FEES, ""),
    "other_other": (REGULATION, ""),
}
# domain.md marks these mappings unconfirmed.
UNCONFIRMED = {"withheld_admin_query", "rejected_confirmation", "other_other"}


def test_the_expected_table_covers_every_result_row_of_table_three() -> None:
    assert set(EXPECTED) == set(RESULT_ROWS)
    assert len(RESULT_ROWS) == 21


@pytest.mark.parametrize("row", sorted(EXPECTED))
def test_every_outcome_cites_its_article_and_gives_the_remedy(row: str) -> None:
    law, article = EXPECTED[row]
    found = basis(row)
    assert (found.law, found.article) == (law, article)
    sentence = found.sentence()
    if article:
        assert sentence.startswith(f"根据{law}{article}的规定，")
    elif law == REGULATION:
        assert sentence.startswith("根据《中华人民共和国政府信息公开条例》有关规定，")
    else:
        assert sentence.startswith(f"根据{law}的规定，")
    assert sentence.endswith("。") and not sentence.endswith("。。")
    assert found.remedy is True  # every outcome decides something
    assert found.confirmed is (row not in UNCONFIRMED)
    assert found.label  # the wording of table 三


def test_variants_already_public_not_ours_and_withdrawn() -> None:
    public = basis("disclosed", Variant.ALREADY_PUBLIC)
    assert public.article == "第三十六条第（一）项" and public.confirmed is False
    assert "已经主动公开" in public.sentence()
    not_ours = basis("unavailable_not_held", "not_ours")
    assert not_ours.article == "第三十六条第（五）项"
    named = not_ours.sentence("桐庐县民政局")
    assert "不属于本机关负责公开" in named and "桐庐县民政局" in named
    assert "桐庐县民政局" not in basis("unavailable_not_held").sentence("桐庐县民政局")
    withdrawn = basis("other_other", Variant.WITHDRAWN)
    assert withdrawn.remedy is False and "终止处理" in withdrawn.sentence()


def test_the_remedy_sentence() -> None:
    assert REMEDY == (
        "如对本答复不服，可以在收到本答复之日起60日内依法申请行政复议，"
        "或者在6个月内依法向人民法院提起行政诉讼。"
    )
    assert remedy_sentence() == REMEDY
    assert remedy_sentence("  ") == REMEDY
    named = remedy_sentence("桐庐县人民政府")
    assert "60日内向桐庐县人民政府依法申请行政复议" in named and "6个月内" in named


def test_unknown_rows_and_variants_are_clear_errors() -> None:
    with pytest.raises(GongkaiError, match="未知的办理结果“maybe”"):
        basis("maybe")
    with pytest.raises(GongkaiError, match="没有“not_ours”的答复方式"):
        basis("disclosed", "not_ours")
    with pytest.raises(GongkaiError, match="没有“nonsense”的答复方式"):
        basis("disclosed", "nonsense")


def test_one_definition_for_every_row() -> None:
    assert set(replies.BASES) == set(RESULT_ROWS)
    assert all(b.row == row for row, b in replies.BASES.items())
    assert {(r, v.value) for r, v in replies.VARIANTS} == {
        ("disclosed", "already_public"),
        ("unavailable_not_held", "not_ours"),
        ("other_other", "withdrawn"),
    }
