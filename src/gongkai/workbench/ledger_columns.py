"""The vocabulary of agencies' Excel 台账, as data: header names per field and the words ledgers
use for applicant types, channels and results; plus the pure conversions of cell values.

Ledgers are kept by hand for years, so the same column goes by many names; matching is on the
compacted text (NFKC, no spaces, no parenthesised notes), never on position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl.utils.datetime import from_excel

from gongkai.report import format as fmt
from gongkai.workbench.intake import Channel


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str  # how messages name the field
    aliases: tuple[str, ...]  # compacted header texts, best first (an earlier alias wins a tie)
    required: bool = False


FIELDS: tuple[Field, ...] = (
    # 序号 is only a row counter: used when nothing better is there (it comes last).
    Field("number", "登记编号", ("登记编号", "申请编号", "受理编号", "登记号", "编号", "序号")),
    Field(
        "name",
        "申请人",
        ("申请人", "申请人姓名", "申请人名称", "申请人姓名或名称", "申请人姓名/名称", "姓名"),
        required=True,
    ),
    Field("type", "申请人类型", ("申请人类型", "申请人类别", "申请人性质", "类型", "类别")),
    Field(
        "id_number",
        "证件号码",
        ("证件号码", "证件号", "身份证号", "身份证号码", "统一社会信用代码"),
    ),
    Field("contact", "联系方式", ("联系方式", "联系电话", "电话", "手机", "手机号码")),
    Field("channel", "申请方式", ("申请方式", "申请渠道", "渠道", "提交方式", "受理方式")),
    Field(
        "received",
        "收到日期",
        (
            "收到日期",
            "收到申请日期",
            "受理日期",
            "申请日期",
            "登记日期",
            "收到时间",
            "受理时间",
            "申请时间",
        ),
        required=True,
    ),
    Field(
        "content",
        "申请内容",
        ("申请内容", "申请公开内容", "申请公开的内容", "所需信息", "所需政府信息", "所需信息内容"),
        required=True,
    ),
    Field("replied", "答复日期", ("答复日期", "办结日期", "答复时间", "办结时间", "回复日期")),
    Field("result", "答复结果", ("答复结果", "办理结果", "处理结果", "答复类型", "答复情况")),
    Field(
        "correction_on", "补正日期", ("补正日期", "补正告知日期", "告知补正日期", "要求补正日期")
    ),
    Field("corrected_on", "补正收到日期", ("补正收到日期", "收到补正日期", "补正完成日期")),
    Field("fee_notice_on", "收费通知日期", ("收费通知日期", "发出收费通知日期")),
    Field("pages", "计费页数", ("计费页数", "页数")),
)
FIELD_BY_KEY: Mapping[str, Field] = {f.key: f for f in FIELDS}
REQUIRED: tuple[Field, ...] = tuple(f for f in FIELDS if f.required)

_PARENTHESISED = re.compile(r"\([^)]*\)")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、])")


def compact(text: str) -> str:
    """NFKC (full-width → half-width), lower case, no whitespace: the form every match uses."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def header_key(text: str) -> str:
    """A header cell as matched against the aliases: notes such as （年月日） and * marks dropped."""
    return _PARENTHESISED.sub("", compact(text)).strip("*:：")


def map_header(cells: Sequence[object]) -> dict[str, int]:
    """Field key -> column, the best-ranked alias winning (so 序号 only when nothing better)."""
    ranked: dict[str, tuple[int, int]] = {}
    for col, cell in enumerate(cells):
        if blank(cell):
            continue
        key = header_key(str(cell))
        for f in FIELDS:
            if key in f.aliases:
                rank = (f.aliases.index(key), col)
                if f.key not in ranked or rank < ranked[f.key]:
                    ranked[f.key] = rank
    return {key: col for key, (_, col) in ranked.items()}


# ---------------------------------------------------------------- cell values


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value: object, *, nfkc: bool = True) -> str:
    """A cell as text: numbers without a spurious ".0", full-width folded unless `nfkc` is off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 登记编号 12 typed as a number, not "12.0"
    text = str(value).strip()
    return unicodedata.normalize("NFKC", text).strip() if nfkc else text


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)


def date_of(value: object) -> date | None:
    """An Excel date, datetime, serial number, yyyymmdd or text date; None when unrecognised."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if 19000101 <= value <= 21001231 and float(value).is_integer():
                return datetime.strptime(str(int(value)), "%Y%m%d").date()
            if 32874 <= value <= 73051:  # an Excel serial date (1990–2099) without a date format
                serial = from_excel(value)
                return serial.date() if isinstance(serial, datetime) else None
        elif isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            if match := _DATE.fullmatch(text):
                return date(*(int(g) for g in match.groups()))
            if text.isdigit() and len(text) == 8:
                return datetime.strptime(text, "%Y%m%d").date()
    except ValueError:  # 2024-02-30 and the like
        return None
    return None


def applicant_type_of(word: str) -> str | None:
    """The table-三 column key for a compacted applicant-type text."""
    if word.startswith(ORGANISATION_PREFIX) and len(word) > len(ORGANISATION_PREFIX):
        word = word.removeprefix(ORGANISATION_PREFIX).lstrip("·-—:/")
    return APPLICANT_TYPE_WORDS.get(word)


def channel_of(word: str) -> Channel | None:
    """The channel for a compacted channel text."""
    return CHANNEL_WORDS.get(word) or next((c for c in Channel if word in (c.value, c.label)), None)


# Applicant types: the six table-三 columns (keys in intake.APPLICANT_TYPES).
APPLICANT_TYPE_WORDS: Mapping[str, str] = {
    **dict.fromkeys(("自然人", "个人", "公民", "群众"), "natural_person"),
    **dict.fromkeys(("商业企业", "企业", "公司"), "business"),
    **dict.fromkeys(("科研机构", "科研单位"), "research"),
    **dict.fromkeys(("社会公益组织", "公益组织"), "public_interest"),
    **dict.fromkeys(("法律服务机构", "律师事务所", "律所"), "legal_services"),
    **dict.fromkeys(("其他", "其他组织", "法人或其他组织", "法人", "其他法人或组织"), "other_org"),
}
ORGANISATION_PREFIX = "法人或其他组织"

CHANNEL_WORDS: Mapping[str, Channel] = {
    **dict.fromkeys(
        ("当面", "当面提交", "当面申请", "现场", "现场提交", "窗口"), Channel.IN_PERSON
    ),
    **dict.fromkeys(("邮寄", "信函", "邮寄信函", "信件", "来信", "挂号信"), Channel.POST),
    **dict.fromkeys(
        ("网上", "网上申请", "网络", "网络申请", "在线", "在线申请", "网站", "互联网"),
        Channel.ONLINE,
    ),
    **dict.fromkeys(("传真",), Channel.FAX),
    **dict.fromkeys(("电子邮件", "邮件", "电邮", "email", "e-mail"), Channel.EMAIL),
    **dict.fromkeys(("其他", "其它"), Channel.OTHER),
}

# The result of a withdrawn application: not a row chosen by a decision but a step (撤回).
WITHDRAWN = "withdrawn"
_RESULT_ROWS = tuple(r for r in fmt.APPLICATION_ROWS if r.key in fmt.result_keys(False))
# Phrases found inside a longer result text; the longest phrase found wins.
_SYNONYMS: Mapping[str, str] = {
    **dict.fromkeys(("同意公开", "全部公开", "已主动公开", "告知获取途径"), "disclosed"),
    "区分处理": "partially_disclosed",
    **dict.fromkeys(("商业秘密", "个人隐私"), "withheld_third_party"),
    "过程信息": "withheld_process_info",
    **dict.fromkeys(("不存在", "非本机关", "不属于本机关", "不属本机关"), "unavailable_not_held"),
    "需要加工": "unavailable_needs_creation",
    **dict.fromkeys(("举报", "投诉"), "rejected_petition"),
    **dict.fromkeys(("逾期未缴费", "未缴费"), "other_fee_unpaid"),
    **dict.fromkeys(("撤回", "撤销申请"), WITHDRAWN),
}
RESULT_PHRASES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            **{k: r.key for r in _RESULT_ROWS for k in r.keywords if k != "其他"},
            **_SYNONYMS,
        }.items(),
        key=lambda item: -len(item[0]),
    )
)
# Texts that only mean a result when they are the whole cell.
RESULT_EXACT: Mapping[str, str] = {
    **{_NUMBERING.sub("", compact(r.label)): r.key for r in _RESULT_ROWS},
    "公开": "disclosed",
    "其他": "other_other",
    "其他处理": "other_other",
}


def result_of(text: str) -> str | None:
    """A table-三 result row key (or WITHDRAWN) for a ledger's result text; None if unknown."""
    cell = _NUMBERING.sub("", compact(text))
    if cell in RESULT_EXACT:
        return RESULT_EXACT[cell]
    for phrase, key in RESULT_PHRASES:
        if phrase in cell:
            return key
    return None
