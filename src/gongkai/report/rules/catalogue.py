"""Every validation rule of the national format, by the ids of domain.md section 2.

This table is the one list of rules: the checker registers an implementation for each id whose
scope it handles, docs/rules.md is generated from it, and a test holds it equal to domain.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gongkai.report.finding import Severity

Scope = Literal["report", "cross_year", "aggregate", "generated"]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    severity: Severity
    title: str  # Chinese, one line
    scope: Scope = "report"


CATALOGUE: tuple[RuleSpec, ...] = (
    # Structure and metadata
    RuleSpec("R01", "error", "六个部分齐全且顺序正确"),
    RuleSpec("R02", "error", "表二、表三、表四齐全"),
    RuleSpec("R03", "warning", "标题、统计期限与正文中的年度一致"),
    RuleSpec("R04", "warning", "按时发布（部门1月31日前，人民政府3月31日前）"),
    RuleSpec("R05", "warning", "2021年及以后的年报使用了2019年试行格式或其表式"),
    RuleSpec("R06", "warning", "人民政府年报应报告工作考核、社会评议和责任追究情况"),
    RuleSpec("R07", "info", "部分标题与标准表述不同"),
    # Table 三
    RuleSpec("R10", "error", "表三各列：本年新收＋上年结转＝办理结果总计＋结转下年度"),
    RuleSpec("R11", "error", "表三各列：办理结果各项之和＝（七）总计"),
    RuleSpec("R12", "error", "表三各行：各类申请人之和＝总计"),
    RuleSpec("R13", "error", "表三每个单元格为非负整数"),
    RuleSpec("R14", "warning", "本年上年结转＝上年年报结转下年度", "cross_year"),
    RuleSpec("R15", "warning", "总计列平衡而申请人列不平衡（申请人类型可能填错）"),
    RuleSpec("R16", "warning", "结转下年度多于本年新收"),
    RuleSpec("R17", "info", "表中存在空白单元格"),
    # Table 四
    RuleSpec("R20", "error", "表四各组：维持＋纠正＋其他＋尚未审结＝总计"),
    RuleSpec("R21", "error", "表四每个单元格为非负整数"),
    RuleSpec("R22", "info", "有复议后起诉而本年和上年均无行政复议"),
    # Table 二 (2021)
    RuleSpec("R30", "error", "表二件数为非负整数，收费金额为非负数"),
    RuleSpec("R31", "warning", "现行有效件数＝上年现行有效＋本年制发－本年废止", "cross_year"),
    RuleSpec("R32", "warning", "本年废止件数超过上年现行有效与本年制发之和", "cross_year"),
    RuleSpec("R33", "warning", "无规章制定权的机关填报了规章"),
    RuleSpec("R34", "warning", "行政事业性收费金额疑似以元而非万元填报"),
    # Table 二 (2019)
    RuleSpec("R35", "warning", "上一年项目数量＝上年年报上一年项目数量＋本年增/减", "cross_year"),
    RuleSpec("R36", "warning", "本年新公开数量大于对外公开总数量"),
    # Text vs tables
    RuleSpec("R40", "warning", "正文中的数字与表格不一致"),
    RuleSpec("R41", "warning", "第六部分未报告信息处理费情况"),
    RuleSpec("R42", "warning", "与上年年报几乎相同（疑似照搬）", "cross_year"),
    RuleSpec("R43", "info", "第五部分未说明上年问题的改进情况"),
    # Aggregation
    RuleSpec("R50", "error", "汇总表等于各成员年报逐格相加", "aggregate"),
    RuleSpec("R51", "warning", "成员使用不同模板", "aggregate"),
    RuleSpec("R52", "warning", "跨年核对要求成员范围相同", "aggregate"),
    # Generated reports
    RuleSpec("R60", "error", "每件办结申请恰好计入一个结果行", "generated"),
)
RULES: dict[str, RuleSpec] = {r.id: r for r in CATALOGUE}
