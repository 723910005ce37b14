"""A DOCX as a plain, stable structure, for assertions and golden files.

`describe(data)` reads a Word file with python-docx and returns what a reader sees and what the
format promises: page size and margins, every paragraph with the style, alignment, East-Asian
font, size and language actually in effect (run, then paragraph style chain, then document
defaults), every table as its unique cells with grid position and spans (read from `w:tc`,
`w:gridSpan` and `w:vMerge`, never `row.cells`, which repeats merged cells), and the footer's
page field. Only str, int, bool, lists and dicts, so it dumps to JSON unchanged.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.styles import BabelFish
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

EMU_PER_MM = 36000
TWIPS_PER_MM = 1440 / 25.4
JC = {"both": "justify", "distribute": "justify", "start": "left", "end": "right"}

Element = Any  # an lxml element of the package


def _mm(emu: int | None) -> int:
    return round((emu or 0) / EMU_PER_MM)


class _Styles:
    """Style lookups by id along the `w:basedOn` chain, ending in the document defaults."""

    def __init__(self, doc: DocxDocument) -> None:
        root = doc.styles.element
        self.by_id: dict[str, Element] = {
            s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))
        }
        self.default_paragraph = next(
            (
                s.get(qn("w:styleId"))
                for s in self.by_id.values()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
            ),
            "Normal",
        )
        defaults = root.find(qn("w:docDefaults"))
        self.r_default = (
            defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        )

    def name(self, style_id: str) -> str:
        element = self.by_id.get(style_id)
        named = element.find(qn("w:name")) if element is not None else None
        return BabelFish.internal2ui(str(named.get(qn("w:val")))) if named is not None else style_id

    def chain(self, style_id: str | None) -> list[Element]:
        out: list[Element] = []
        while style_id and style_id in self.by_id and len(out) < 20:
            element = self.by_id[style_id]
            out.append(element)
            based = element.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    def run_value(
        self, rprs: list[Element], child: str, attr: str, theme: str | None = None
    ) -> str:
        """The first explicit value of `child/@attr` in the given rPr elements, then the defaults."""
        for rpr in [*rprs, self.r_default]:
            element = rpr.find(qn(child)) if rpr is not None else None
            if element is None:
                continue
            if theme and element.get(qn(theme)) is not None:
                return f"theme:{element.get(qn(theme))}"
            if element.get(qn(attr)) is not None:
                return str(element.get(qn(attr)))
        return ""

    def style_rprs(self, style_id: str | None) -> list[Element]:
        return [s.find(qn("w:rPr")) for s in self.chain(style_id)]

    def style_ppr(self, style_id: str | None, child: str, attr: str) -> str:
        for s in self.chain(style_id):
            ppr = s.find(qn("w:pPr"))
            element = ppr.find(qn(child)) if ppr is not None else None
            if element is not None and element.get(qn(attr)) is not None:
                return str(element.get(qn(attr)))
        return ""


def _pt(half_points: str) -> str:
    if not half_points:
        return ""
    value = int(half_points) / 2
    return f"{value:g}"


def _run_props(styles: _Styles, paragraph: Paragraph, style_id: str) -> dict[str, str]:
    """East-Asian font, size and language in effect for the paragraph's text runs."""
    base = styles.style_rprs(style_id)
    runs = [r for r in paragraph.runs if r.text] or [None]
    seen: dict[str, list[str]] = {"east_asian_font": [], "size_pt": [], "lang": []}
    for run in runs:
        rprs = base
        if run is not None:
            rpr = run._r.rPr
            char_style = rpr.find(qn("w:rStyle")) if rpr is not None else None
            char_rprs = (
                styles.style_rprs(char_style.get(qn("w:val"))) if char_style is not None else []
            )
            rprs = [rpr, *char_rprs, *base]
        for key, value in (
            (
                "east_asian_font",
                styles.run_value(rprs, "w:rFonts", "w:eastAsia", "w:eastAsiaTheme"),
            ),
            ("size_pt", _pt(styles.run_value(rprs, "w:sz", "w:val"))),
            ("lang", styles.run_value(rprs, "w:lang", "w:eastAsia")),
        ):
            if value not in seen[key]:
                seen[key].append(value)
    return {k: "|".join(v) for k, v in seen.items()}


def paragraph_info(styles: _Styles, paragraph: Paragraph) -> dict[str, Any]:
    ppr = paragraph._p.pPr
    style_id = (ppr.style if ppr is not None else None) or styles.default_paragraph
    jc = ppr.find(qn("w:jc")) if ppr is not None else None
    align = jc.get(qn("w:val")) if jc is not None else styles.style_ppr(style_id, "w:jc", "w:val")
    return {
        "style": styles.name(style_id),
        "text": paragraph.text,
        "align": JC.get(align, align or "left"),
        **_run_props(styles, paragraph, style_id),
    }


def _cell_info(styles: _Styles, cell: _Cell, row: int, col: int, rowspan: int) -> dict[str, Any]:
    tc = cell._tc
    shd = tc.tcPr.find(qn("w:shd")) if tc.tcPr is not None else None
    first = paragraph_info(styles, cell.paragraphs[0])
    return {
        "row": row,
        "col": col,
        "rowspan": rowspan,
        "colspan": tc.grid_span,
        "text": cell.text,
        "align": first["align"],
        "size_pt": first["size_pt"],
        "shading": str(shd.get(qn("w:fill"))) if shd is not None else "",
    }


def table_info(styles: _Styles, table: Table) -> dict[str, Any]:
    """Unique cells with spans; a vertical merge is a `restart` tc plus `continue` tcs below."""
    grid: list[dict[int, Any]] = []  # row -> {grid column: tc}
    for tr in table._tbl.tr_lst:
        at, slots = 0, {}
        for tc in tr.tc_lst:
            slots[at] = tc
            at += tc.grid_span
        grid.append(slots)
    cells = []
    for r, slots in enumerate(grid):
        for c, tc in slots.items():
            if tc.vMerge == "continue":
                continue
            rowspan = 1
            if tc.vMerge == "restart":
                while (
                    r + rowspan < len(grid)
                    and getattr(grid[r + rowspan].get(c), "vMerge", None) == "continue"
                ):
                    rowspan += 1
            cells.append(_cell_info(styles, _Cell(tc, table), r, c, rowspan))
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    borders = tbl_pr.find(qn("w:tblBorders"))
    columns = [int(g.get(qn("w:w")) or 0) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    rows = table._tbl.tr_lst
    return {
        "rows": len(rows),
        "cols": len(columns),
        "width_mm": f"{sum(columns) / TWIPS_PER_MM:.1f}",
        "column_widths_mm": [f"{w / TWIPS_PER_MM:.1f}" for w in columns],
        "layout": str(layout.get(qn("w:type"))) if layout is not None else "autofit",
        "borders": sorted(
            f"{b.tag.split('}')[1]}:{b.get(qn('w:val'))}"
            for b in (borders if borders is not None else [])
        ),
        "header_rows": next(
            (i for i, tr in enumerate(rows) if not _row_flag(tr, "w:tblHeader")), len(rows)
        ),
        "cant_split": all(_row_flag(tr, "w:cantSplit") for tr in rows),
        "cells": cells,
    }


def _row_flag(tr: Element, tag: str) -> bool:
    tr_pr = tr.trPr
    flag = tr_pr.find(qn(tag)) if tr_pr is not None else None
    return flag is not None and flag.get(qn("w:val")) not in ("0", "false")


def _footer(doc: DocxDocument) -> dict[str, Any]:
    footers = [s.footer for s in doc.sections if not s.footer.is_linked_to_previous]
    instructions = [t.text or "" for f in footers for t in f._element.iter(qn("w:instrText"))] + [
        s.get(qn("w:instr")) or "" for f in footers for s in f._element.iter(qn("w:fldSimple"))
    ]
    return {
        "text": "\n".join(p.text for f in footers for p in f.paragraphs),
        "page_field": any(i.split()[:1] == ["PAGE"] for i in instructions),
    }


def describe(data: bytes) -> dict[str, Any]:
    doc = docx.Document(io.BytesIO(data))
    styles = _Styles(doc)
    section = doc.sections[0]
    body: list[dict[str, Any]] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            body.append({"type": "paragraph", **paragraph_info(styles, block)})
        else:
            body.append({"type": "table", **table_info(styles, block)})
    used = ["Normal"] + [b["style"] for b in body if b["type"] == "paragraph"]
    style_ids = {styles.name(i): i for i in styles.by_id}
    props = doc.core_properties
    return {
        "properties": {
            "title": props.title,
            "author": props.author,
            "subject": props.subject,
            "language": props.language,
        },
        "page": {
            "width_mm": _mm(section.page_width),
            "height_mm": _mm(section.page_height),
            "orientation": "landscape" if section.orientation == 1 else "portrait",
            "margin_top_mm": _mm(section.top_margin),
            "margin_bottom_mm": _mm(section.bottom_margin),
            "margin_left_mm": _mm(section.left_margin),
            "margin_right_mm": _mm(section.right_margin),
        },
        "styles": {
            name: style_info(styles, style_ids[name])
            for name in dict.fromkeys(used)
            if name in style_ids
        },
        "footer": _footer(doc),
        "body": body,
    }


def style_info(styles: _Styles, style_id: str) -> dict[str, Any]:
    rprs = styles.style_rprs(style_id)
    outline = styles.style_ppr(style_id, "w:outlineLvl", "w:val")
    return {
        "east_asian_font": styles.run_value(rprs, "w:rFonts", "w:eastAsia", "w:eastAsiaTheme"),
        "latin_font": styles.run_value(rprs, "w:rFonts", "w:ascii", "w:asciiTheme"),
        "size_pt": _pt(styles.run_value(rprs, "w:sz", "w:val")),
        "lang": styles.run_value(rprs, "w:lang", "w:eastAsia"),
        "align": JC.get(a := styles.style_ppr(style_id, "w:jc", "w:val"), a or "left"),
        "outline_level": int(outline) if outline else -1,
        "first_line_chars": int(styles.style_ppr(style_id, "w:ind", "w:firstLineChars") or 0),
        "line_spacing": _spacing(styles, style_id),
    }


def _spacing(styles: _Styles, style_id: str) -> str:
    """ "exact 28.95pt", "single", "atLeast 12pt"…: how Word spaces the lines."""
    line = styles.style_ppr(style_id, "w:spacing", "w:line")
    rule = styles.style_ppr(style_id, "w:spacing", "w:lineRule") or "auto"
    if not line:
        return ""
    if rule == "auto":
        return "single" if line == "240" else f"{int(line) / 240:g} lines"
    return f"{rule} {int(line) / 20:g}pt"


def tables(description: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in description["body"] if b["type"] == "table"]


def paragraphs(description: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in description["body"] if b["type"] == "paragraph"]
