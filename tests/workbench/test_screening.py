from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.workbench.screening import (
    Hit,
    HitKind,
    fold,
    id_check_digit,
    luhn_valid,
    screen,
)


def make_id(region: str = "330106", birth: str = "19900101", seq: str = "123") -> str:
    """A 居民身份证号码 with the right GB 11643 check character."""
    first17 = region + birth + seq
    return first17 + id_check_digit(first17)


def wrong_check(number: str) -> str:
    right = number[-1]
    return number[:-1] + ("0" if right != "0" else "1")


def make_card(prefix: str, length: int) -> str:
    """A card number of `length` digits starting with `prefix` that passes the Luhn check."""
    body = (prefix + "1234567890123456789")[: length - 1]
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def to_full_width(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def kinds(text: str) -> list[HitKind]:
    return [h.kind for h in screen(text)]


# ---------------------------------------------------------------- 身份证号码


def test_check_digit_follows_gb_11643() -> None:
    # Worked example of the standard: 11010519491231002 → X.
    assert id_check_digit("11010519491231002") == "X"
    assert id_check_digit("44052418800101001") == "4"


def test_an_id_number_is_found_and_masked() -> None:
    number = make_id()
    text = f"申请人张三（身份证号：{number}）现住西湖区。"
    (hit,) = screen(text)
    assert hit.kind is HitKind.ID_CARD
    assert hit.label == "身份证号码"
    assert text[hit.start : hit.end] == number
    assert hit.excerpt == number[:4] + "*" * 10 + number[-4:]
    assert number not in hit.excerpt


def test_a_wrong_check_digit_is_not_an_id_number() -> None:
    number = wrong_check(make_id())
    assert kinds(f"编号{number}。") == []


@pytest.mark.parametrize(
    "number",
    [
        "330106199013011234",  # month 13
        "330106199002301234",  # 30 February
        "990106199001011234",  # no province 99
        "330106170001011234",  # born before 1800
    ],
)
def test_impossible_ids_are_not_reported(number: str) -> None:
    fixed = number[:17] + id_check_digit(number[:17])
    assert kinds(f"号码 {fixed} 。") == []


def test_a_lower_case_x_check_character_counts() -> None:
    number = make_id(seq="002", region="110105", birth="19491231")
    assert number.endswith("X")
    (hit,) = screen(f"证件号码：{number.lower()}")
    assert hit.kind is HitKind.ID_CARD
    assert hit.excerpt.endswith("002X")


def test_an_id_written_in_groups_is_found() -> None:
    number = make_id()
    text = f"身份证 {number[:6]} {number[6:14]} {number[14:]} 已核验"
    (hit,) = screen(text)
    assert hit.kind is HitKind.ID_CARD
    assert text[hit.start : hit.end] == f"{number[:6]} {number[6:14]} {number[14:]}"


def test_old_fifteen_digit_numbers_are_found() -> None:
    old = "330106650101123"  # born 1965-01-01
    (hit,) = screen(f"旧身份证号{old}。")
    assert hit.kind is HitKind.ID_CARD
    assert hit.excerpt == "3301********123"
    assert kinds("旧身份证号330106651301123。") == []  # month 13


def test_an_id_inside_a_longer_code_is_not_reported() -> None:
    number = make_id()
    assert kinds(f"编码A{number}") == []
    assert kinds(f"编码{number}7") == []


@pytest.mark.parametrize(
    "code",
    ["91330106MA27XL0N2X", "913301007042045621", "12330100470113455X", "52330000MJ8739142B"],
)
def test_unified_social_credit_codes_are_not_personal_data(code: str) -> None:
    assert screen(f"统一社会信用代码：{code}。") == ()


# ---------------------------------------------------------------- 手机号码


def test_a_mobile_number_is_found_and_masked() -> None:
    text = "联系人手机13812345678，请于工作日联系。"
    (hit,) = screen(text)
    assert hit.kind is HitKind.MOBILE
    assert hit.label == "手机号码"
    assert text[hit.start : hit.end] == "13812345678"
    assert hit.excerpt == "138****5678"


@pytest.mark.parametrize(
    "text",
    [
        "流水号213812345678",
        "流水号138123456789",
        "编号 2613812345678 ",
        "金额13500000000元",
        "办公电话0571-88888888",
        "号码12812345678",  # no mobile numbers start with 12
        "1381234567",  # ten digits
    ],
)
def test_digit_runs_that_are_not_mobile_numbers(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "written",
    ["138 1234 5678", "138-1234-5678", "+86 13812345678", "+8613812345678", "008613812345678"],
)
def test_mobile_numbers_in_common_notations(written: str) -> None:
    text = f"电话：{written}。"
    (hit,) = screen(text)
    assert hit.kind is HitKind.MOBILE
    assert text[hit.start : hit.end] == written
    assert hit.excerpt == "138****5678"


def test_a_circled_list_number_is_not_glued_to_the_phone_number() -> None:
    text = "①13812345678；②13987654321"
    assert kinds(text) == [HitKind.MOBILE, HitKind.MOBILE]


# ---------------------------------------------------------------- 银行卡号


@pytest.mark.parametrize(
    ("prefix", "length"), [("6222", 19), ("6217", 16), ("4367", 16), ("5218", 16)]
)
def test_bank_cards_passing_luhn_are_found(prefix: str, length: int) -> None:
    card = make_card(prefix, length)
    text = f"收款账号：{card}。"
    (hit,) = screen(text)
    assert hit.kind is HitKind.BANK_CARD
    assert hit.label == "银行卡号"
    assert hit.excerpt == card[:4] + "*" * (length - 8) + card[-4:]
    assert text[hit.start : hit.end] == card


def test_a_card_number_failing_luhn_is_not_reported() -> None:
    card = make_card("6222", 19)
    broken = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert kinds(f"账号{broken}") == []


def test_long_numbers_outside_card_schemes_are_not_cards() -> None:
    serial = make_card("9", 19)  # passes Luhn, but no card scheme starts with 9
    assert luhn_valid(serial)
    assert kinds(f"档案号{serial}") == []


def test_a_card_written_in_groups_of_four_is_found() -> None:
    card = make_card("6222", 19)
    grouped = " ".join([card[0:4], card[4:8], card[8:12], card[12:16], card[16:]])
    text = f"卡号 {grouped} 。"
    (hit,) = screen(text)
    assert hit.kind is HitKind.BANK_CARD
    assert text[hit.start : hit.end] == grouped


# ---------------------------------------------------------------- e-mail


def test_private_mail_addresses_are_found_and_office_domains_are_not() -> None:
    text = "来信请寄 zhangsan1990@QQ.com，或联系 gkb@hangzhou.gov.cn。"
    (hit,) = screen(text)
    assert hit.kind is HitKind.EMAIL
    assert text[hit.start : hit.end] == "zhangsan1990@QQ.com"
    assert hit.excerpt == "z***@qq.com"
    assert "zhangsan1990" not in hit.excerpt


def test_a_qq_number_address_does_not_show_the_number() -> None:
    (hit,) = screen("邮箱：123456789@qq.com")
    assert "123456789" not in hit.excerpt


# ---------------------------------------------------------------- full-width and mixed text


def test_full_width_digits_are_matched_with_offsets_in_the_original() -> None:
    number = make_id()
    wide_id, wide_phone = to_full_width(number), to_full_width("13812345678")
    text = f"身份证号{wide_id}，手机{wide_phone}。"
    id_hit, phone_hit = screen(text)
    assert (id_hit.kind, phone_hit.kind) == (HitKind.ID_CARD, HitKind.MOBILE)
    assert text[id_hit.start : id_hit.end] == wide_id
    assert text[phone_hit.start : phone_hit.end] == wide_phone
    assert id_hit.excerpt == number[:4] + "*" * 10 + number[-4:]  # excerpts are ASCII


def test_hits_come_in_text_order_and_one_number_is_reported_once() -> None:
    number, card = make_id(), make_card("6222", 19)
    text = f"卡号{card}；身份证{number}；手机13812345678；邮箱a1@163.com"
    hits = screen(text)
    assert [h.kind for h in hits] == [
        HitKind.BANK_CARD,
        HitKind.ID_CARD,
        HitKind.MOBILE,
        HitKind.EMAIL,
    ]
    assert [h.start for h in hits] == sorted(h.start for h in hits)


def test_text_without_personal_data() -> None:
    text = "根据《中华人民共和国政府信息公开条例》第二十条，2025年共制发规范性文件12件。"
    assert screen(text) == ()
    assert screen("") == ()


def test_hits_are_json_ready() -> None:
    (hit,) = screen("手机13812345678")
    assert hit.as_dict() == {
        "kind": "mobile",
        "label": "手机号码",
        "start": 2,
        "end": 13,
        "excerpt": "138****5678",
    }
    with pytest.raises(AttributeError):
        hit.start = 0  # type: ignore[misc]


# ---------------------------------------------------------------- properties

_DIGITISH = st.sampled_from(
    list("0123456789") + list("０１２３４５６７８９") + list(" -+Xx@.①²中文号") + ["\U0001d7cf"]
)


def _check_hits(text: str, hits: tuple[Hit, ...]) -> None:
    end = -1
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert hit.start >= end  # no overlaps, in order
        end = hit.end
        assert hit.label == hit.kind.label
        raw = fold(text[hit.start : hit.end])
        digits = "".join(re.findall(r"[0-9Xx]", raw))
        if hit.kind is HitKind.EMAIL:
            assert hit.excerpt.lower() != raw.lower()
        else:
            assert len(digits) >= 11
            assert digits.upper() not in hit.excerpt.upper()
        assert "*" in hit.excerpt


@given(st.text())
def test_screen_never_raises_on_any_text(text: str) -> None:
    _check_hits(text, screen(text))


_IDS = st.builds(
    make_id,
    st.sampled_from(["330106", "110105", "440524", "650102"]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)).map(lambda d: f"{d:%Y%m%d}"),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
)
_CARDS = st.builds(
    make_card, st.sampled_from(["6222", "6217", "4367", "5218", "35"]), st.integers(16, 19)
)
_PHONES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
_NUMBERS = st.one_of(_IDS, _CARDS, _PHONES)
_CHUNKS = st.one_of(
    st.text(alphabet=_DIGITISH, max_size=8),
    _NUMBERS,
    _NUMBERS.map(to_full_width),
    _NUMBERS.map(lambda n: n.lower()),
)


@given(st.lists(_CHUNKS, max_size=8).map("".join))
def test_masks_never_contain_the_full_number(text: str) -> None:
    _check_hits(text, screen(text))


@given(
    st.text(alphabet="中文，。 号", max_size=5),
    st.from_regex(r"(1[1-5]|3[1-7]|4[1-6]|5[0-4]|6[1-5])[0-9]{4}", fullmatch=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.from_regex(r"[0-9]{3}", fullmatch=True),
    st.booleans(),
)
def test_every_valid_id_number_is_found(
    before: str, region: str, born: date, seq: str, wide: bool
) -> None:
    number = make_id(region, f"{born:%Y%m%d}", seq)
    written = to_full_width(number) if wide else number
    text = before + written + "。"
    hits = screen(text)
    assert [(h.kind, h.start, h.end) for h in hits] == [
        (HitKind.ID_CARD, len(before), len(before) + 18)
    ]


@given(st.text())
def test_folding_keeps_offsets(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    for a, b in zip(text, folded, strict=True):
        assert a == b or unicodedata.normalize("NFKC", a) == b
