"""Letter templates as pure units: the defaults, the conventions, and refusals in Chinese."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.workbench.letter_templates import (
    EVENT_LETTERS,
    SAMPLE,
    VARIABLES,
    LetterKind,
    TemplateProblem,
    check,
    default_template,
    doc_number,
    inline,
    items_of,
    letter_kind,
    render,
)
from gongkai.workbench.lifecycle import EventKind


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_default_template_renders_with_the_sample(kind: LetterKind) -> None:
    letter = check(kind, default_template(kind))
    assert letter.title.startswith("政府信息公开")
    assert letter.addressee.endswith("：")
    assert letter.paragraphs and all(p.strip() == p and p for p in letter.paragraphs)
    assert set(VARIABLES[kind]) <= set(SAMPLE)
    assert kind in EVENT_LETTERS.values()


def test_conventions_title_blank_lines_wrapped_lines_and_block_tags() -> None:
    source = (
        "  标题一  \n\n{{ applicant }}：\n\n第一段，\n  接着写。\n\n\n"
        "{% if reason %}\n理由：{{ reason }}\n{% endif %}\n\n{{ missing_ok }}"
    )
    letter = render(
        LetterKind.EXTENSION,
        source.replace("{{ missing_ok }}", "{{ new_due }}前答复。"),
        {**SAMPLE, "reason": None},
    )
    assert letter.title == "标题一"
    assert letter.addressee == "张三："
    assert letter.paragraphs == ("第一段，接着写。", "2025年11月21日前答复。")


def test_a_syntax_error_names_the_line() -> None:
    with pytest.raises(TemplateProblem) as caught:
        check(LetterKind.REPLY, "答复书\n\n{{ applicant }}：\n\n{% if remedy %}\n{{ remedy }}\n")
    assert "答复书模板第" in caught.value.message and "语法错误" in caught.value.message
    assert "endif" in caught.value.hint


def test_an_unknown_variable_names_the_line_the_variable_and_the_allowed_ones() -> None:
    source = "受理回执\n\n{{ applicant }}：\n\n金额{{ fee_amount }}元。\n"
    with pytest.raises(TemplateProblem) as caught:
        check(LetterKind.ACCEPTANCE, source)
    err = caught.value
    assert err.message == "受理回执模板第5行使用了未知的变量“fee_amount”。"
    assert "applicant（申请人姓名或名称）" in err.hint and "reply_due" in err.hint
    assert "fee_amount" not in err.hint
    # an unknown attribute only shows when rendering: still the line, in Chinese
    with pytest.raises(TemplateProblem, match="第4行无法填写"):
        check(LetterKind.ACCEPTANCE, "受理回执\n\n{{ applicant }}：\n{{ applicant.nosuch }}\n")


def test_the_sandbox_refuses_python_internals() -> None:
    with pytest.raises(TemplateProblem, match="第3行无法填写"):
        check(LetterKind.REPLY, "答复书\n\n{{ applicant.__class__.__mro__ }}\n")


def test_structure_is_checked_empty_title_only_and_overlong_output() -> None:
    with pytest.raises(TemplateProblem, match="模板为空"):
        check(LetterKind.REPLY, "  \n")
    with pytest.raises(TemplateProblem, match="只有标题"):
        check(LetterKind.REPLY, "答复书\n\n")
    with pytest.raises(TemplateProblem, match="第一行应为文书标题"):
        check(LetterKind.REPLY, "很长" * 40 + "\n\n正文")
    with pytest.raises(TemplateProblem, match="过长"):
        check(LetterKind.REPLY, "答复书\n\n" + "字" * 20_001)
    loop = (
        "答复书\n\n{% for i in range(99999) %}{% for j in range(99999) %}长{% endfor %}{% endfor %}"
    )
    with pytest.raises(TemplateProblem, match="生成的文书过长"):
        check(LetterKind.REPLY, loop)
    with pytest.raises(TemplateProblem, match="ZeroDivisionError"):
        check(LetterKind.REPLY, "答复书\n\n{{ 1 // 0 }}")


def test_letter_kinds_by_key_or_chinese_name() -> None:
    assert letter_kind(" reply ") is LetterKind.REPLY
    assert letter_kind("补正告知书") is LetterKind.CORRECTION
    with pytest.raises(TemplateProblem, match="未知的文书种类“通知书”") as caught:
        letter_kind("通知书")
    assert "fee（收费通知）" in caught.value.hint
    assert EVENT_LETTERS[EventKind.WITHDRAW] is LetterKind.CLOSING
    assert EventKind.SERVE not in EVENT_LETTERS


def test_doc_numbers_and_values() -> None:
    assert doc_number("桐庐县教育局", "2025-00012", date(2025, 3, 1)) == (
        "桐庐县教育局〔2025〕第12号 依申请公开"
    )
    assert doc_number("桐庐县教育局", "A-1", date(2024, 3, 1)) == (
        "桐庐县教育局〔2024〕A-1号 依申请公开"
    )
    assert items_of("1. 写明名称\n（2）提供证明\n三、 联系方式\n\n") == [
        "写明名称",
        "提供证明",
        "联系方式",
    ]
    assert items_of(None) == []
    assert inline("  a\x07b\r\n  <script> \x1b ") == "ab <script>"
