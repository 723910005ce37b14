"""What the reader says about a file: the codes of its findings, as data, like the checker's rules.

Reader findings use the same `Finding` type as the checker, with codes RDxx, so that one list
shows both "how the file was read" and "what the report gets wrong".
"""

from __future__ import annotations

from gongkai.report.finding import Evidence, Finding, Severity

READER_CODES: dict[str, tuple[Severity, str]] = {
    "RD01": ("warning", "单元格缺失"),
    "RD02": ("warning", "单元格多出"),
    "RD03": ("warning", "连写数字的拆分有歧义"),
    "RD04": ("warning", "单元格无法识别为数字"),
    "RD05": ("warning", "未找到表格中的行"),
    "RD06": ("info", "模板依据不足"),
    "RD07": ("warning", "同一行出现两次且数值不同"),
    "RD08": ("warning", "未识别出机关名称或年度"),
    "RD09": ("info", "连写数字已按勾稽关系拆分"),
    "RD10": ("warning", "文件有部分内容无法读取"),
}


def note(
    code: str, message: str, evidence: tuple[Evidence, ...] = (), **details: object
) -> Finding:
    severity, _title = READER_CODES[code]
    return Finding(code, severity, message, evidence, "failed", dict(details))
