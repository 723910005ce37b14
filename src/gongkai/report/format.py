"""The national format of the annual report, as data.

Everything that knows the shape of a 政府信息公开工作年度报告 — the reader, the checker, the
renderers and the workbench statistics — reads it from here. Two templates exist: the 2021 format
(国办公开办函〔2021〕30号) and the 2019 trial format (国办公开办函〔2019〕60号). Tables 三 and 四
are shared; table 二 differs, and 三（六） is one row in 2019.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Template = Literal["2021", "2019"]
TEMPLATES: tuple[Template, ...] = ("2021", "2019")
FORMAT_ID = "gongkai.annual-report/1"

CellKind = Literal["count", "signed", "decimal", "text"]


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six fixed sections; matched on its numeral plus key words, never the full text."""

    key: str
    numeral: str
    heading: str
    keywords: tuple[str, ...]
    text_key: str | None  # key under "text" for narrative sections, None for table sections


SECTIONS: tuple[Section, ...] = (
    Section("overview", "一", "总体情况", ("总体情况", "总体", "概述"), "overview"),
    Section("proactive", "二", "主动公开政府信息情况", ("主动公开",), None),
    Section(
        "applications",
        "三",
        "收到和处理政府信息公开申请情况",
        ("收到和处理", "收到和办理", "申请情况", "处理政府信息公开申请"),
        None,
    ),
    Section("reviews", "四", "政府信息公开行政复议、行政诉讼情况", ("复议", "诉讼"), None),
    Section(
        "problems",
        "五",
        "存在的主要问题及改进情况",
        ("存在的主要问题", "主要问题", "存在问题", "问题及改进", "改进情况", "改进措施"),
        "problems",
    ),
    Section(
        "other_matters", "六", "其他需要报告的事项", ("其他需要报告", "需要报告"), "other_matters"
    ),
)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}
TEXT_KEYS: tuple[str, ...] = tuple(s.text_key for s in SECTIONS if s.text_key)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: CellKind = "count"


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a statistical table.

    `label` is the wording of the national format; `keywords` are the distinctive fragments a
    reader looks for in a printed label (after normalisation), most specific first. `item` is the
    printed list number ("1." … "8.") when the row has one, which helps undo run-together text.
    """

    key: str
    label: str
    keywords: tuple[str, ...]
    group: str | None = None
    item: int | None = None


# ---------------------------------------------------------------- table 二 (proactive)


@dataclass(frozen=True, slots=True)
class ProactiveRow:
    key: str
    label: str
    article: str  # 第二十条第（X）项
    columns: tuple[Column, ...]
    keywords: tuple[str, ...]

    @property
    def scalar(self) -> bool:
        """A one-column row is written as a bare number in JSON (2021 format)."""
        return len(self.columns) == 1


_ISSUED = (
    Column("issued", "本年制发件数"),
    Column("abolished", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS_2021 = (Column("count", "本年处理决定数量"),)

PROACTIVE_2021: tuple[ProactiveRow, ...] = (
    ProactiveRow("regulations", "规章", "第二十条第（一）项", _ISSUED, ("规章",)),
    ProactiveRow(
        "normative_documents",
        "行政规范性文件",
        "第二十条第（一）项",
        _ISSUED,
        ("规范性文件",),
    ),
    ProactiveRow("licensing", "行政许可", "第二十条第（五）项", _DECISIONS_2021, ("行政许可",)),
    ProactiveRow("punishment", "行政处罚", "第二十条第（六）项", _DECISIONS_2021, ("行政处罚",)),
    ProactiveRow("enforcement", "行政强制", "第二十条第（六）项", _DECISIONS_2021, ("行政强制",)),
    ProactiveRow(
        "fees",
        "行政事业性收费",
        "第二十条第（八）项",
        (Column("amount", "本年收费金额（单位：万元）", "decimal"),),
        ("事业性收费", "收费"),
    ),
)

_MADE = (
    Column("made", "本年新制作数量"),
    Column("published", "本年新公开数量"),
    Column("total", "对外公开总数量"),
)
_ITEMS = (
    Column("previous", "上一年项目数量"),
    Column("change", "本年增/减", "signed"),
    Column("decisions", "处理决定数量"),
)

PROACTIVE_2019: tuple[ProactiveRow, ...] = (
    ProactiveRow("regulations", "规章", "第二十条第（一）项", _MADE, ("规章",)),
    ProactiveRow("normative_documents", "规范性文件", "第二十条第（一）项", _MADE, ("规范性文件",)),
    ProactiveRow("licensing", "行政许可", "第二十条第（五）项", _ITEMS, ("行政许可",)),
    ProactiveRow(
        "other_services",
        "其他对外管理服务事项",
        "第二十条第（五）项",
        _ITEMS,
        ("对外管理服务", "管理服务事项"),
    ),
    ProactiveRow("punishment", "行政处罚", "第二十条第（六）项", _ITEMS, ("行政处罚",)),
    ProactiveRow("enforcement", "行政强制", "第二十条第（六）项", _ITEMS, ("行政强制",)),
    ProactiveRow(
        "fees", "行政事业性收费", "第二十条第（八）项", _ITEMS[:2], ("事业性收费", "收费")
    ),
    ProactiveRow(
        "procurement",
        "政府集中采购",
        "第二十条第（九）项",
        (
            Column("projects", "采购项目数量"),
            Column("amount", "采购总金额", "decimal"),
            Column("amount_text", "采购总金额（原文）", "text"),
        ),
        ("集中采购", "采购"),
    ),
)

PROACTIVE: dict[Template, tuple[ProactiveRow, ...]] = {
    "2021": PROACTIVE_2021,
    "2019": PROACTIVE_2019,
}

# Column labels that only one template's table 二 prints: how the template is recognised.
TEMPLATE_MARKERS: dict[Template, tuple[str, ...]] = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "政府集中采购",
    ),
}

# ---------------------------------------------------------------- table 三 (applications)

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("business", "商业企业"),
    Column("research", "科研机构"),
    Column("public_interest", "社会公益组织"),
    Column("legal_services", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
TOTAL = 6  # index of the 总计 column
N_APPLICANT_COLUMNS = len(APPLICANT_COLUMNS)

G3 = "（三）不予公开"
G4 = "（四）无法提供"
G5 = "（五）不予处理"
G6 = "（六）其他处理"

APPLICATION_ROWS: tuple[Row, ...] = (
    Row("new", "一、本年新收政府信息公开申请数量", ("本年新收",)),
    Row("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    Row("disclosed", "（一）予以公开", ("予以公开",), "三、本年度办理结果"),
    Row(
        "partially_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ("部分公开",),
    ),
    Row("withheld_state_secret", "1．属于国家秘密", ("国家秘密",), G3, 1),
    Row(
        "withheld_prohibited_by_law", "2．其他法律行政法规禁止公开", ("法规禁止", "禁止公开"), G3, 2
    ),
    Row("withheld_security_stability", "3．危及“三安全一稳定”", ("三安全", "一稳定"), G3, 3),
    Row("withheld_third_party", "4．保护第三方合法权益", ("第三方",), G3, 4),
    Row("withheld_internal_affairs", "5．属于三类内部事务信息", ("内部事务",), G3, 5),
    Row("withheld_process_info", "6．属于四类过程性信息", ("过程性",), G3, 6),
    Row("withheld_enforcement_files", "7．属于行政执法案卷", ("执法案卷",), G3, 7),
    Row("withheld_admin_query", "8．属于行政查询事项", ("查询事项",), G3, 8),
    Row("unavailable_not_held", "1．本机关不掌握相关政府信息", ("不掌握",), G4, 1),
    Row(
        "unavailable_needs_creation", "2．没有现成信息需要另行制作", ("另行制作", "没有现成"), G4, 2
    ),
    Row("unavailable_unclear", "3．补正后申请内容仍不明确", ("仍不明确", "补正后"), G4, 3),
    Row("rejected_petition", "1．信访举报投诉类申请", ("信访", "举报投诉"), G5, 1),
    Row("rejected_duplicate", "2．重复申请", ("重复申请",), G5, 2),
    Row("rejected_publication", "3．要求提供公开出版物", ("出版物",), G5, 3),
    Row("rejected_excessive", "4．无正当理由大量反复申请", ("大量反复", "反复申请"), G5, 4),
    Row(
        "rejected_confirmation",
        "5．要求行政机关确认或重新出具已获取信息",
        ("重新出具", "确认或"),
        G5,
        5,
    ),
    Row(
        "other_no_correction",
        "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正", "不补正"),
        G6,
        1,
    ),
    Row(
        "other_fee_unpaid",
        "2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用", "收费通知"),
        G6,
        2,
    ),
    Row("other_other", "3．其他", ("其他",), G6, 3),
    Row("other", "（六）其他处理", ("其他处理",)),
    Row("results_total", "（七）总计", ("总计",)),
    Row("carried_forward", "四、结转下年度继续办理", ("结转下年", "下年度继续")),
)
APPLICATION_ROW_BY_KEY = {r.key: r for r in APPLICATION_ROWS}
OTHER_SPLIT = ("other_no_correction", "other_fee_unpaid", "other_other")

# Rows carrying numbers, in printed order: 25 when 三（六） is split, 23 when it is one row.
APPLICATION_KEYS_SPLIT: tuple[str, ...] = tuple(r.key for r in APPLICATION_ROWS if r.key != "other")
APPLICATION_KEYS_UNDIVIDED: tuple[str, ...] = tuple(
    r.key for r in APPLICATION_ROWS if r.key not in OTHER_SPLIT
)
INPUT_KEYS = ("new", "carried_over")
OUTPUT_KEYS = ("results_total", "carried_forward")


def application_keys(undivided_other: bool) -> tuple[str, ...]:
    return APPLICATION_KEYS_UNDIVIDED if undivided_other else APPLICATION_KEYS_SPLIT


def result_keys(undivided_other: bool) -> tuple[str, ...]:
    """The rows that add up to （七）总计: 21 when 三（六） is split, 19 when it is one row."""
    keys = application_keys(undivided_other)
    return keys[keys.index("disclosed") : keys.index("results_total")]


# ---------------------------------------------------------------- table 四 (reviews)

REVIEW_GROUPS: tuple[Column, ...] = (
    Column("reconsideration", "行政复议"),
    Column("litigation_direct", "行政诉讼·未经复议直接起诉"),
    Column("litigation_after_reconsideration", "行政诉讼·复议后起诉"),
)
REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
N_REVIEW_CELLS = len(REVIEW_GROUPS) * len(REVIEW_COLUMNS)

# ---------------------------------------------------------------- lookups


def proactive_rows(template: Template) -> tuple[ProactiveRow, ...]:
    return PROACTIVE[template]


def proactive_row(template: Template, key: str) -> ProactiveRow:
    for row in PROACTIVE[template]:
        if row.key == key:
            return row
    raise KeyError(key)
