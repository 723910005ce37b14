"""Draft the figure sentences of a generated report's narrative from its own tables.

A report generated from the register has exact tables but no words. The figures sentences of
section 一 (applications, 复议 and 诉讼) and the 信息处理费 sentence of section 六 can be written
from the data, so that R40 and R41 hold by construction. What a person wrote is kept word for
word and never overwritten: a drafted paragraph is only added to a section that does not already
state the same thing (the same figure finder and fee pattern the rules use decide that).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Applications, Narrative, Reviews
from gongkai.report.rules.figures import find_figures
from gongkai.report.rules.narrative import FEE_REPORTED, FEES_FROM

TOTAL = fmt.TOTAL
FEES_BASIS = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
_GROUPS = (
    ("予以公开", ("disclosed",)),
    ("部分公开", ("partially_disclosed",)),
    ("不予公开", tuple(r.key for r in fmt.APPLICATION_ROWS if r.group == fmt.G3)),
    ("无法提供", tuple(r.key for r in fmt.APPLICATION_ROWS if r.group == fmt.G4)),
    ("不予处理", tuple(r.key for r in fmt.APPLICATION_ROWS if r.group == fmt.G5)),
    ("其他处理", ("other", *fmt.OTHER_SPLIT)),
)


def _sum(a: Applications, keys: tuple[str, ...]) -> int | None:
    values = [a[k][TOTAL] for k in keys if k in a]
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def applications_sentences(year: int | None, a: Applications | None) -> str | None:
    """ "2025年，本机关共收到政府信息公开申请12件。…" from table 三; None when its cells are blank."""
    if a is None:
        return None
    new = a["new"][TOTAL]
    if new is None:
        return None
    when = f"{year}年，" if year is not None else "本年度，"
    out = [
        f"{when}本机关共收到政府信息公开申请{new}件。"
        if new
        else f"{when}本机关未收到政府信息公开申请。"
    ]
    over, done, forward = (
        a[k][TOTAL] for k in ("carried_over", "results_total", "carried_forward")
    )
    if over is not None and done is not None and forward is not None:
        parts = [f"{label}{n}件" for label, keys in _GROUPS if (n := _sum(a, keys))]
        detail = f"，其中{'、'.join(parts)}" if parts and done else ""
        out.append(
            f"加上上年结转的{over}件，全年办结{done}件{detail}；结转下年度继续办理{forward}件。"
        )
    return "".join(out)


def reviews_sentence(year: int | None, r: Reviews | None) -> str | None:
    """ "2025年，本机关发生政府信息公开行政复议2件、行政诉讼1件。" from table 四."""
    if r is None:
        return None
    recon = r.cell("reconsideration", "total")
    direct = r.cell("litigation_direct", "total")
    after = r.cell("litigation_after_reconsideration", "total")
    if recon is None or direct is None or after is None:
        return None
    when = f"{year}年，" if year is not None else "本年度，"
    if not (recon or direct or after):
        return f"{when}本机关未发生政府信息公开行政复议和行政诉讼案件。"
    return f"{when}本机关发生政府信息公开行政复议{recon}件、行政诉讼{direct + after}件。"


def fees_sentence(year: int | None, fees_info: Mapping[str, Any] | None) -> str | None:
    """The 信息处理费 sentence of section 六 (from 2021, when the 收费办法 applies)."""
    if year is not None and year < FEES_FROM:
        return None
    info = fees_info or {}
    notices = int(info.get("notices_issued") or 0)
    due, collected = (
        Decimal(str(info.get(k) or 0)) for k in ("notices_amount", "collected_amount")
    )
    if not notices and not collected:
        return f"本年度按照{FEES_BASIS}，未发出信息处理费收费通知，未收取信息处理费。"
    return (
        f"本年度按照{FEES_BASIS}规定的收费标准，共发出信息处理费收费通知{notices}件，"
        f"通知金额{_yuan(due)}元，实际收取信息处理费{_yuan(collected)}元。"
    )


def _yuan(amount: Decimal) -> str:
    return format(amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount, "f")


def draft(report: AnnualReport) -> AnnualReport:
    """The report with drafted figure sentences added where its narrative lacks them.

    Section 一 gets the applications and 复议/诉讼 sentences unless it already states those
    figures; section 六 gets the fee sentence unless it already reports 信息处理费. The fee figures
    come from `extra["fees_info"]` (notices_issued, notices_amount and collected_amount, in 元).
    """
    written = report.text or Narrative()
    stated = {f.quantity for f in find_figures(written, report.year)}
    overview_parts = []
    if "applications" not in stated:
        overview_parts.append(applications_sentences(report.year, report.applications))
    if not stated & {"reconsideration", "litigation"}:
        overview_parts.append(reviews_sentence(report.year, report.reviews))
    drafted = "".join(p for p in overview_parts if p)
    other = written.other_matters
    fee = (
        None
        if other and FEE_REPORTED.search(other)
        else fees_sentence(report.year, report.extra.get("fees_info"))
    )
    text = Narrative(
        overview=_join(drafted, written.overview),
        problems=written.problems,
        other_matters=_join(fee, other),
    )
    return dataclasses.replace(report, text=text)


def _join(drafted: str | None, written: str | None) -> str | None:
    """The drafted paragraph first, then what the person wrote, untouched."""
    if not drafted:
        return written
    return f"{drafted}\n{written}" if written and written.strip() else drafted
