"""Document -> DOCX, the file agencies edit, stamp and publish.

Typography lives in real Word styles (Normal, Title, Heading 1/2 and a few of our own), not in
direct formatting, so the headings show in the navigation pane and an office can restyle the
whole report in one place. Every style names its East-Asian font in `w:rFonts/@w:eastAsia` and
the language zh-CN: `font.name` alone sets only the Latin font, and Word/WPS would then draw
Chinese in the theme font. The default python-docx template is US Letter with blue theme
headings; all of that is overwritten here.
"""

from __future__ import annotations

import io
import re
from typing import cast

from docx import Document as new_document
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm, Pt, Twips
from docx.styles.style import ParagraphStyle as DocxParagraphStyle
from docx.table import Table as DocxTable
from docx.table import _Cell

from gongkai.renderers import style
from gongkai.renderers.document import Align, Cell, Document, Heading, Paragraph, Table, clean

ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Paragraph.style -> Word style name
PARAGRAPH_STYLES = {
    "body": "Normal",
    "lead": "Normal",
    "quote": "Quote",
    "note": "Note",
    "signature": "Signature",
    "addressee": "Salutation",
}
WIDE_TABLE = 10  # columns from which labels print in 小五 and cell margins shrink
ROW_HEIGHT_MM = 6  # at least: single-line rows as airy as in published reports
PAGE_NUMBER = style.Font("宋体", (), 14)  # 四号半角宋体, "— 1 —"

# What XML 1.0 cannot carry (lone surrogates, U+FFFE/FFFF), beyond clean()'s control characters.
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    return _NOT_XML.sub("", clean(text))


# ---------------------------------------------------------------- raw XML helpers


def _put(parent: BaseOxmlElement, tag: str, successors: tuple[str, ...], **attrs: str) -> None:
    """Replace child `tag` of `parent` with one carrying `attrs`, in schema order."""
    parent.remove_all(tag)
    element = OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})
    parent.insert_element_before(element, *successors)


_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_fonts(rpr: BaseOxmlElement, east_asian: str, latin: str) -> None:
    """Explicit fonts (no theme attributes, which would win) and the zh-CN language."""
    fonts = {"ascii": latin, "hAnsi": latin, "eastAsia": east_asian, "cs": latin}
    _put(rpr, "w:rFonts", ("w:b", "w:bCs", "w:i", "w:iCs", "w:color", "w:sz", "w:szCs"), **fonts)
    _put(rpr, "w:lang", _RPR_AFTER_LANG, val="en-US", eastAsia="zh-CN", bidi="ar-SA")


def _style(
    doc: DocxDocument,
    ids: dict[str, str],
    name: str,
    font: style.Font,
    align: Align = "justify",
    *,
    indent: bool = False,
    exact: bool = True,
    outline: int | None = None,
    after: float = 0,
    latin: str = style.LATIN,
) -> None:
    """(Re)define a paragraph style from scratch, the template's colours and borders dropped."""
    try:
        st = cast(DocxParagraphStyle, doc.styles[name])
    except KeyError:
        st = cast(DocxParagraphStyle, doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))
        st.quick_style = True
    if name != "Normal":
        st.base_style = cast(DocxParagraphStyle, doc.styles["Normal"])
    element = st.element
    element.remove_all("w:pPr", "w:rPr", "w:link")
    pf = st.paragraph_format
    pf.alignment = ALIGNMENTS[align]
    pf.space_before, pf.space_after = Pt(0), Pt(after)
    pf.first_line_indent = Pt(font.size_pt * style.FIRST_LINE_INDENT_CHARS if indent else 0)
    ind = element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(style.FIRST_LINE_INDENT_CHARS * 100 if indent else 0))
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(style.LINE_SPACING_PT)
    else:
        pf.line_spacing = 1.0
    if outline is not None:
        pf.keep_with_next = True
        _put(element.get_or_add_pPr(), "w:outlineLvl", ("w:divId", "w:cnfStyle"), val=str(outline))
    st.font.size = Pt(font.size_pt)
    st.font.bold = st.font.italic = False
    _set_fonts(element.get_or_add_rPr(), font.east_asian, latin)
    ids[name] = str(st.style_id)


def _define_styles(doc: DocxDocument) -> dict[str, str]:
    """Every style the backend uses, name -> id (applying a style by name is a slow lookup)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is not None:  # the template's defaults name theme fonts and en-US
        _set_fonts(rpr, style.BODY.east_asian, style.LATIN)
    ids: dict[str, str] = {}
    _style(doc, ids, "Normal", style.BODY, indent=True)
    _style(doc, ids, "Title", style.TITLE, "center", exact=False, after=style.LINE_SPACING_PT)
    _style(doc, ids, "Subtitle", style.BODY, "center")
    _style(doc, ids, "Heading 1", style.HEADING_1, indent=True, outline=0)
    _style(doc, ids, "Heading 2", style.HEADING_2, indent=True, outline=1)
    _style(doc, ids, "Quote", style.HEADING_2, indent=True)
    _style(doc, ids, "Note", style.Font(style.BODY.east_asian, (), 14), indent=True)
    _style(doc, ids, "Signature", style.BODY, "right")
    _style(doc, ids, "Salutation", style.BODY, "justify")  # a letter's "张三：", flush left
    _style(doc, ids, "Caption", style.HEADING_1, "center")
    _style(doc, ids, "Table Text", style.TABLE, "center", exact=False)
    _style(doc, ids, "Table Text Small", style.TABLE_SMALL, "center", exact=False)
    _style(doc, ids, "Footer", PAGE_NUMBER, "center", exact=False, latin=PAGE_NUMBER.east_asian)
    return ids


def _add(
    container: DocxDocument | BlockItemContainer, text: str, style_id: str, align: Align | None
) -> None:
    """A paragraph of one run; the style set by id."""
    p = container.add_paragraph(_safe(text))
    p._p.style = style_id
    if align is not None:
        p.alignment = ALIGNMENTS[align]


# ---------------------------------------------------------------- page


def _page(doc: DocxDocument, landscape: bool) -> int:
    """A4 with the GB/T 9704 margins; returns the text width in twips."""
    section = doc.sections[0]
    width, height = Mm(style.PAGE_WIDTH_MM), Mm(style.PAGE_HEIGHT_MM)
    if landscape:
        width, height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = Mm(style.MARGIN_TOP_MM), Mm(style.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(style.MARGIN_LEFT_MM), Mm(style.MARGIN_RIGHT_MM)
    section.header_distance, section.footer_distance = Mm(15), Mm(style.MARGIN_BOTTOM_MM - 10)
    return int(Emu(width - Mm(style.MARGIN_LEFT_MM) - Mm(style.MARGIN_RIGHT_MM)).twips)


def _page_numbers(doc: DocxDocument, ids: dict[str, str]) -> None:
    """ "— 7 —" centred in the footer, with a real PAGE field so Word and WPS count pages."""
    p = doc.sections[0].footer.paragraphs[0]
    p._p.style = ids["Footer"]
    p.add_run("— ")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        r = p.add_run()._r
        if kind == "instr":
            instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instr.text = text
            r.append(instr)
        else:
            r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
        if kind == "separate":
            p.add_run("1")
    p.add_run(" —")


# ---------------------------------------------------------------- tables


def _tc_at(table: DocxTable, row: int, col: int) -> CT_Tc:
    """The `w:tc` whose grid columns include `col` in `row` (merges shift the tc list)."""
    at = 0
    for tc in table.rows[row]._tr.tc_lst:
        if at <= col < at + tc.grid_span:
            return tc
        at += tc.grid_span
    raise IndexError(f"no cell at ({row}, {col})")


def _widths(table: Table, total: int) -> list[int]:
    """Column widths in twips, proportional to `table.widths`, summing to `total`."""
    weight = sum(table.widths)
    widths = [int(total * w / weight) for w in table.widths]
    widths[-1] += total - sum(widths)
    return widths


def _table_properties(docx_table: DocxTable, total: int, wide: bool) -> None:
    tbl_pr = docx_table._tbl.tblPr
    _put(tbl_pr, "w:tblW", ("w:jc", "w:tblCellSpacing", "w:tblInd"), w=str(total), type="dxa")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        attrs = {"val": "single", "sz": "4", "space": "0", "color": "000000"}
        borders.append(OxmlElement(f"w:{side}", {qn(f"w:{k}"): v for k, v in attrs.items()}))
    tbl_pr.remove_all("w:tblBorders")
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    if wide:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margins.append(OxmlElement(f"w:{side}", {qn("w:w"): "28", qn("w:type"): "dxa"}))
        tbl_pr.remove_all("w:tblCellMar")
        tbl_pr.insert_element_before(margins, "w:tblLook")


def _fill(docx_cell: _Cell, cell: Cell, ids: dict[str, str], small: bool) -> None:
    p = docx_cell.paragraphs[0]
    p._p.style = ids["Table Text Small" if small else "Table Text"]
    p.alignment = ALIGNMENTS[cell.align]
    p.add_run(_safe(cell.text))
    if cell.note:
        _add(docx_cell, cell.note, ids["Table Text Small"], cell.align)
    docx_cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if cell.mark is not None:
        fill = style.MARK_COLOUR if cell.mark == "changed" else style.ERROR_COLOUR
        tc_pr = docx_cell._tc.get_or_add_tcPr()
        _put(
            tc_pr,
            "w:shd",
            ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
            val="clear",
            color="auto",
            fill=fill,
        )


def _table(doc: DocxDocument, ids: dict[str, str], table: Table, text_width: int) -> None:
    """One Word table with the grid's merges; header rows repeat, no row breaks across pages."""
    if table.caption:
        _add(doc, table.caption, ids["Caption"], None)
    wide = table.width >= WIDE_TABLE
    widths = _widths(table, text_width)
    t = doc.add_table(rows=len(table.grid), cols=table.width, style="Table Grid")
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # fixed layout: the widths below are the widths printed
    _table_properties(t, text_width, wide)
    for c, w in enumerate(widths):
        t.columns[c].width = Twips(w)
    for r, row in enumerate(t.rows):
        row.height, row.height_rule = Mm(ROW_HEIGHT_MM), WD_ROW_HEIGHT_RULE.AT_LEAST
        tr_pr = row._tr.get_or_add_trPr()
        _put(tr_pr, "w:cantSplit", ("w:trHeight", "w:tblHeader", "w:jc", "w:hidden"))
        if r < table.header_rows:
            _put(tr_pr, "w:tblHeader", ("w:tblCellSpacing", "w:jc", "w:hidden"))
        for c, tc in enumerate(row._tr.tc_lst):
            tc.width = Twips(widths[c])  # before merging: merge adds the swallowed widths
    for r, c, cell in table.cells():
        if cell.rowspan > 1 or cell.colspan > 1:
            last = _tc_at(t, r + cell.rowspan - 1, c + cell.colspan - 1)
            _Cell(_tc_at(t, r, c), t).merge(_Cell(last, t))
    for r, c, cell in table.cells():
        _fill(_Cell(_tc_at(t, r, c), t), cell, ids, small=wide and cell.header)


# ---------------------------------------------------------------- document


def to_docx(doc: Document) -> bytes:
    """The Document as a .docx file: A4, GB/T 9704 fonts and margins, tables with merged cells."""
    out = new_document()
    ids = _define_styles(out)
    text_width = _page(out, doc.landscape)
    if doc.page_numbers:
        _page_numbers(out, ids)
    if doc.title:
        _add(out, doc.title, ids["Title"], None)
    if doc.subtitle:
        _add(out, doc.subtitle, ids["Subtitle"], None)
    for block in doc.blocks:
        if isinstance(block, Heading):
            _add(out, block.text, ids[f"Heading {min(max(block.level, 1), 2)}"], None)
        elif isinstance(block, Paragraph):
            _add(out, block.text, ids[PARAGRAPH_STYLES[block.style]], block.align)
        else:
            _table(out, ids, block, text_width)
    props = out.core_properties
    props.title = _safe(doc.title)
    props.author = props.last_modified_by = _safe(doc.meta.get("author", ""))
    props.subject = _safe(doc.meta.get("subject", ""))
    props.comments = props.keywords = props.category = ""
    props.language = "zh-CN"
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
