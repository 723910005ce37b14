"""The one recognition core: Document -> AnnualReport, shared by every front end.

Stages, each a function whose result can be looked at (`gongkai parse --debug` prints them):
`locate` (sections and table regions) -> `tokenize` (labels, values, glued digits) ->
`tables` (rows by label: `rows`; cells fitted to each row: `fit`, glued digits cut: `glued`;
rows read several ways settled by table 三's identities: `resolve`) -> `meta` (agency, year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gongkai.errors import NotAReportError
from gongkai.readers.layout import Document
from gongkai.readers.recognize.locate import Regions, locate
from gongkai.readers.recognize.meta import Meta, is_date_line, read_meta
from gongkai.readers.recognize.normalize import squash
from gongkai.readers.recognize.notes import note
from gongkai.readers.recognize.tables import (
    TableRead,
    proactive_labels,
    read_applications,
    read_proactive,
    read_reviews,
)
from gongkai.readers.recognize.tokens import Token, tokenize
from gongkai.report import format as fmt
from gongkai.report.finding import Finding
from gongkai.report.model import (
    AnnualReport,
    Applications,
    DocumentFacts,
    Narrative,
    SectionMark,
)


@dataclass(frozen=True, slots=True)
class Recognized:
    report: AnnualReport
    findings: tuple[Finding, ...]
    regions: Regions
    tokens: dict[str, list[Token]]


def recognize(doc: Document) -> Recognized:
    regions = locate(doc)
    tokens = {key: _tokens(doc, regions, key) for key in ("proactive", "applications", "reviews")}
    read = TableRead()
    read.findings.extend(note("RD10", f"{doc.name}：{text}") for text in doc.notes)
    applications = read_applications(tokens["applications"], read)
    reviews = read_reviews(tokens["reviews"], read)
    meta = read_meta(doc, regions.title_end)
    template = _template(tokens["proactive"], applications, meta.year, read)
    proactive = read_proactive(tokens["proactive"], template, read)
    if not regions.headings and applications is None and reviews is None and proactive is None:
        raise NotAReportError(
            f"{doc.name}：未找到年报的章节标题或统计表，这似乎不是政府信息公开工作年度报告",
            "请确认文件内容；若是扫描件或图片，需要先进行文字识别（OCR）",
        )
    if meta.agency is None or meta.year is None:
        missing = "、".join(
            w for w, v in (("机关名称", meta.agency), ("年度", meta.year)) if v is None
        )
        read.findings.append(note("RD08", f"未能从标题和开头识别出{missing}"))
    extra: dict[str, Any] = {}
    if read.printed:
        extra["printed"] = read.printed
    if read.cells:
        place = doc.place
        extra["provenance"] = {path: place(source) for path, source in read.cells.items()}
    if read.findings:
        extra["reader_findings"] = [f.to_dict() for f in read.findings]
    report = AnnualReport(
        template=template,
        agency=meta.agency,
        year=meta.year,
        proactive=proactive,
        applications=applications,
        reviews=reviews,
        text=_narrative(doc, regions, meta),
        document=_facts(doc, regions, meta),
        extra=extra,
    )
    return Recognized(report, tuple(read.findings), regions, tokens)


def _tokens(doc: Document, regions: Regions, key: str) -> list[Token]:
    rest = {h.index: h.rest for h in regions.headings if h.rest}
    out: list[Token] = []
    for i in regions.lines[key]:
        line = doc.lines[i]
        cells = (rest[i],) if i in rest else line.cells
        out.extend(tokenize(cells, i, line.source, line.blanks_reliable))
    return out


def _template(
    tokens: list[Token], applications: Applications | None, year: int | None, read: TableRead
) -> fmt.Template:
    """From table 二's column labels; failing that, from the shape of 三（六）, then the year."""
    labels = squash("".join(proactive_labels(tokens)))
    hits = {t: sum(m in labels for m in fmt.TEMPLATE_MARKERS[t]) for t in fmt.TEMPLATES}
    if hits["2021"] != hits["2019"]:
        return "2021" if hits["2021"] > hits["2019"] else "2019"
    if applications is not None and not applications.undivided_other:
        return "2021"
    guess: fmt.Template = "2019" if year is not None and year <= 2020 else "2021"
    if applications is not None or year is None:
        read.findings.append(
            note("RD06", f"表二缺失或无法识别，按{'年度' if year else '默认'}判断为 {guess} 年格式")
        )
    return guess


_WORD_ARTEFACTS = re.compile(r"\[bookmark: [^\]]*\]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")


def _as_printed(text: str) -> str:
    """Narrative keeps its own punctuation (no NFKC); only Word artefacts and controls go."""
    return _WORD_ARTEFACTS.sub("", text).strip()


def _narrative(doc: Document, regions: Regions, meta: Meta) -> Narrative:
    rest = {h.index: h.rest for h in regions.headings if h.rest}
    texts: dict[str, str | None] = {}
    last = len(doc.lines) - 1
    for key in fmt.TEXT_KEYS:
        seen = any(h.key == key for h in regions.headings)
        indexes = regions.lines[key]
        parts = [rest.get(i) or _as_printed(doc.lines[i].text) for i in indexes]
        parts = [p for p in parts if p]
        if indexes and indexes[-1] == last:
            parts = _without_signature(parts, meta.agency)
        texts[key] = "\n".join(parts) if seen else None
    return Narrative(**texts)


def _without_signature(parts: list[str], agency: str | None) -> list[str]:
    """The 落款 at the end of the document (the agency's name, the date) is not narrative."""
    name = squash(agency) if agency else None
    for _ in range(3):
        if not parts:
            break
        tail = squash(parts[-1])
        if is_date_line(tail) or (name and tail in (name, f"{name}（盖章）")):
            parts = parts[:-1]
        else:
            break
    return parts


def _facts(doc: Document, regions: Regions, meta: Meta) -> DocumentFacts:
    return DocumentFacts(
        title=meta.title,
        sections=tuple(
            SectionMark(h.key, h.text, doc.lines[h.index].source.line) for h in regions.headings
        ),
        title_year=meta.title_year,
        period_year=meta.period_year,
        published=meta.published,
    )
