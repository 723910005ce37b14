"""Hypothesis strategies shared by the round-trip tests of every renderer and reader: any report
the national format can hold, and the report as JSON without what only a reader adds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from gongkai.renderers.annual import show
from gongkai.report import codec
from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Applications, Narrative, Proactive, Reviews

count = st.one_of(st.none(), st.integers(0, 120), st.integers(0, 99999))
AGENCIES = (
    "绵阳市生态环境局",
    "梓潼县工业和信息化局",
    "桐庐县人民政府",
    "杭州市西湖区教育局",
    "某某镇人民政府",
)
SENTENCES = (
    "我局认真贯彻落实《中华人民共和国政府信息公开条例》。",
    "全年通过门户网站主动公开政府信息64条。",
    "（一）主动公开情况",
    "严格落实“三审三校”制度，确保信息准确。",
    "针对上年发现的栏目更新不及时问题，已整改到位。",
    "无。",
    "按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）规定，本年度未收取信息处理费。",
    "下一步，我局将进一步加强政策解读，提升公开质量。",
)
narrative_text = st.one_of(
    st.none(), st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map("\n".join)
)


@st.composite
def reports(draw: Any) -> AnnualReport:
    template = draw(st.sampled_from(fmt.TEMPLATES))
    rows: dict[str, dict[str, Any]] = {}
    for spec in fmt.proactive_rows(template):
        cells: dict[str, Any] = {}
        for col in spec.columns:
            if col.kind == "decimal":
                cents = draw(st.one_of(st.none(), st.integers(0, 10**7)))
                cells[col.key] = None if cents is None else Decimal(cents) / 100
            elif col.kind == "signed":
                cells[col.key] = draw(st.one_of(st.none(), st.integers(-500, 500)))
            elif col.kind == "text":
                cells[col.key] = None
            else:
                cells[col.key] = draw(count)
        if "amount_text" in cells and cells["amount"] is not None:
            cells["amount_text"] = show(cells["amount"])  # "the cell as printed"
        rows[spec.key] = cells
    undivided = template == "2019"
    apps = {k: tuple(draw(count) for _ in range(7)) for k in fmt.application_keys(undivided)}
    reviews = {g.key: {c.key: draw(count) for c in fmt.REVIEW_COLUMNS} for g in fmt.REVIEW_GROUPS}
    # A table whose every cell is blank reads back as a missing table (the reader's choice for
    # reports that print only the labels); the property holds for tables with something in them.
    apps["new"] = (draw(st.integers(0, 50)), *apps["new"][1:])
    reviews["reconsideration"]["total"] = draw(st.integers(0, 50))
    rows["licensing"][next(iter(rows["licensing"]))] = draw(st.integers(0, 50))
    return AnnualReport(
        template=template,
        agency=draw(st.sampled_from(AGENCIES)),
        year=draw(st.integers(2019, 2030)),
        proactive=Proactive(template, rows),
        applications=Applications(apps),
        reviews=Reviews(reviews),
        text=Narrative(draw(narrative_text), draw(narrative_text), draw(narrative_text)),
    )


def canonical(report: AnnualReport) -> dict[str, Any]:
    """The report as JSON without reader extras. The renderer prints all six headings, so a
    section without words (None) reads back as an empty one (""): both say "no text"."""
    data = codec.to_dict(report)
    data.pop("extra", None)
    data["text"] = {k: v or None for k, v in (data.get("text") or {}).items()}
    return data
