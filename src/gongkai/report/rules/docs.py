"""docs/rules.md, generated from the catalogue and the registered rules.

`python -m gongkai.report.rules.docs > docs/rules.md` rewrites it; a test fails when the file and
the code disagree, so the list users read is the list the checker runs.
"""

from __future__ import annotations

import inspect

from gongkai.report.finding import SEVERITY_ZH
from gongkai.report.rules import REGISTRY, load_rules
from gongkai.report.rules.catalogue import CATALOGUE, Scope

SCOPE_ZH: dict[Scope, str] = {
    "report": "单份年报",
    "cross_year": "跨年度（需上年年报）",
    "aggregate": "汇总（地区、系统）",
    "generated": "由案件数据生成的年报",
}

INTRO = """\
# 年报核对规则

<!-- 本文件由 `python -m gongkai.report.rules.docs > docs/rules.md` 生成，请勿手工修改。 -->

规则编号与《政府信息公开》领域说明（domain.md 第 2 节）一致。级别：**错误**为算术上不可能或不符合
法定要求；**警告**为很可能有问题、需要人工判断；**提示**为表述或格式方面的建议。

- 每条结论都列出所涉及的单元格（JSON 路径、中文名称和数值）。
- 规则所需的单元格为空白时，该规则对这部分给出“无法判断”，既不算通过也不算不通过；
  核对时选择“空白按 0 计”（`blank_as_zero`）则空白按 0 计算，R17 会说明这一点。
- 缺少整张表时，由 R02 报告；依赖该表的规则各给出一条“无法判断”。
- 跨年度规则需要同一机关上一年度的年报；未提供时不作判断，提供的年报年度不对时给出“无法判断”。
"""


def _implementation(rule_id: str) -> str:
    fn = REGISTRY.get(rule_id)
    if fn is None:
        return "—"
    return f"`{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}`"


def rules_markdown() -> str:
    load_rules()
    lines = [
        INTRO,
        "| 编号 | 级别 | 规则 | 适用范围 | 实现 |",
        "|---|---|---|---|---|",
    ]
    for spec in CATALOGUE:
        lines.append(
            f"| {spec.id} | {SEVERITY_ZH[spec.severity]} | {spec.title} | {SCOPE_ZH[spec.scope]} "
            f"| {_implementation(spec.id)} |"
        )
    lines.append("")
    for spec in CATALOGUE:
        lines += ["", f"## {spec.id} {spec.title}", ""]
        lines.append(f"级别：{SEVERITY_ZH[spec.severity]}；适用范围：{SCOPE_ZH[spec.scope]}。")
        fn = REGISTRY.get(spec.id)
        if fn is None:
            lines += ["", "单份年报核对时不运行（由汇总或生成模块负责）。"]
        elif fn.__doc__:
            lines += ["", f"实现说明（{_implementation(spec.id)}）：{inspect.cleandoc(fn.__doc__)}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
