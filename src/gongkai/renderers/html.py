"""Document -> one self-contained, accessible web page (also the source of the PDF).

A government portal publishes the report as a page: no scripts, no external files, the CSS in
one `<style>`, real tables (thead/tbody, th with scope, rowspan/colspan straight from the
Document's grid) so screen readers and the reader's own HTML front end see the official layout.
The same page prints: `@media print` switches to the GB/T 9704 sizes in pt and `@page` sets A4,
the margins and "第 N 页 共 M 页", which is what WeasyPrint draws for `pdf.py`.
Every text is cleaned of control characters and escaped; the output is deterministic.
"""

from __future__ import annotations

from html import escape

from gongkai.renderers import style
from gongkai.renderers.document import Cell, Document, Heading, Paragraph, Table, clean

MARK_TEXT = {"changed": "（有变化）", "error": "（有误）"}  # read aloud, hidden on screen
_BODY_PT = style.BODY.size_pt


def _em(pt: float) -> str:
    """A size relative to the body text, so the page scales with the reader's font size."""
    return f"{pt / _BODY_PT:.4g}em"


def _css(landscape: bool, page_numbers: bool) -> str:
    size = "A4 landscape" if landscape else "A4"
    margins = (
        f"{style.MARGIN_TOP_MM}mm {style.MARGIN_RIGHT_MM}mm "
        f"{style.MARGIN_BOTTOM_MM}mm {style.MARGIN_LEFT_MM}mm"
    )
    footer = (
        '@bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; '
        f"font-family: {style.css_family(style.TABLE)}; font-size: {style.TABLE.size_pt}pt; "
        "color: #000; }"
        if page_numbers
        else ""
    )
    return f"""
@page {{ size: {size}; margin: {margins}; {footer} }}
html {{ font-size: 100%; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0; background: #fff; color: #1a1a1a;
  font-family: {style.css_family(style.BODY)}; font-size: 1.125rem; line-height: 1.8; }}
main {{ max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }}
h1 {{ font-family: {style.css_family(style.TITLE)}; font-size: {_em(style.TITLE.size_pt)};
  font-weight: bold; line-height: 1.5; text-align: center; margin: 0 0 0.5em; }}
.subtitle {{ text-align: center; margin: 0 0 1em; }}
h2 {{ font-family: {style.css_family(style.HEADING_1)}; font-size: {_em(style.HEADING_1.size_pt)};
  font-weight: normal; margin: 1em 0 0.25em; text-indent: 2em; }}
h3 {{ font-family: {style.css_family(style.HEADING_2)}; font-size: {_em(style.HEADING_2.size_pt)};
  font-weight: bold; margin: 0.5em 0 0.25em; text-indent: 2em; }}
h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
p {{ margin: 0; text-align: justify; }}
.body, .lead, .note {{ text-indent: {style.FIRST_LINE_INDENT_CHARS}em; }}
.note {{ color: #333; }}
.quote {{ margin: 0.5em 2em; }}
.signature {{ text-align: right; padding-right: 2em; }}
* + .signature {{ margin-top: 2em; }}
.signature + .signature {{ margin-top: 0; }}
.a-left {{ text-align: left; }} .a-center {{ text-align: center; }}
.a-right {{ text-align: right; }} .a-justify {{ text-align: justify; }}
.table-wrap {{ overflow-x: auto; margin: 0.5em 0 1em; }}
table {{ border-collapse: collapse; width: 100%; font-family: {style.css_family(style.TABLE)};
  font-size: 0.875rem; line-height: 1.4; }}
table.wide {{ min-width: 44rem; }}
caption {{ font-weight: bold; padding: 0.25em 0; }}
th, td {{ border: 1px solid #333; padding: 0.3em 0.4em; text-align: center;
  vertical-align: middle; }}
th {{ font-weight: normal; background: #f2f2f2; }}
td {{ font-variant-numeric: tabular-nums; }}
th.left, td.left {{ text-align: left; }} th.right, td.right {{ text-align: right; }}
th.justify, td.justify {{ text-align: justify; }}
.t-applications th {{ font-size: {style.TABLE_SMALL.size_pt / style.TABLE.size_pt:.4g}em; }}
.changed {{ background: #{style.MARK_COLOUR}; font-weight: bold;
  outline: 2px dashed #7a5c00; outline-offset: -3px; }}
.error {{ background: #{style.ERROR_COLOUR}; font-weight: bold;
  outline: 2px solid #842029; outline-offset: -3px; }}
small {{ display: block; font-size: 0.85em; font-weight: normal; color: #333; }}
.vh {{ position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }}
@media print {{
  body {{ font-size: {_BODY_PT}pt; line-height: {style.LINE_SPACING_PT}pt; color: #000; }}
  main {{ max-width: none; margin: 0; padding: 0; }}
  h1 {{ font-size: {style.TITLE.size_pt}pt; line-height: 1.5; margin-bottom: 1em; }}
  h2 {{ font-size: {style.HEADING_1.size_pt}pt; margin: 0; }}
  h3 {{ font-size: {style.HEADING_2.size_pt}pt; margin: 0; }}
  .table-wrap {{ overflow: visible; margin: 0.25em 0 0.5em; }}
  table {{ font-size: {style.TABLE.size_pt}pt; line-height: 1.25; min-width: 0; table-layout: fixed; }}
  table.wide {{ min-width: 0; }}
  th, td {{ border-color: #000; padding: 0.05em 0.2em; }}
  th {{ background: none; }}
  .t-applications th {{ font-size: {style.TABLE_SMALL.size_pt}pt; }}
  thead {{ display: table-header-group; }}
  tr {{ break-inside: avoid; page-break-inside: avoid; }}
  tr.group {{ break-after: avoid; page-break-after: avoid; }}
  .vh {{ display: none; }}
}}
"""


def _text(text: str) -> str:
    """Printable and escaped; a line break inside a paragraph or cell stays one."""
    return escape(clean(text), quote=True).replace("\n", "<br>")


def _attr(text: str) -> str:
    return escape(clean(text).replace("\n", " "), quote=True)


def _cell(cell: Cell, in_head: bool, full_row_header: bool) -> str:
    tag = "th" if cell.header else "td"
    attrs: list[str] = []
    classes: list[str] = [cell.align] if cell.align != "center" else []
    if cell.mark:
        classes.append(cell.mark)
    if classes:
        attrs.append(f'class="{" ".join(classes)}"')
    if cell.header:
        attrs.append('scope="col"' if in_head or full_row_header else 'scope="row"')
    if cell.rowspan > 1:
        attrs.append(f'rowspan="{cell.rowspan}"')
    if cell.colspan > 1:
        attrs.append(f'colspan="{cell.colspan}"')
    inner = _text(cell.text)
    if cell.mark:
        inner += f'<span class="vh">{MARK_TEXT[cell.mark]}</span>'
    if cell.note:
        inner += f"<small>{_text(cell.note)}</small>"
    opening = " ".join([tag, *attrs])
    return f"<{opening}>{inner}</{tag}>"


def _rows(table: Table, start: int, stop: int, in_head: bool) -> list[str]:
    out: list[str] = []
    for row in table.grid[start:stop]:
        cells = [c for c in row if c is not None]
        full = bool(cells) and all(c.header for c in cells)
        opening = '<tr class="group">' if full and not in_head else "<tr>"
        out.append(opening + "".join(_cell(c, in_head, full) for c in cells) + "</tr>")
    return out


def _table(table: Table) -> str:
    classes = ["wide"] if table.width > 6 else []
    if table.key:
        classes.append(f"t-{_attr(table.key)}")
    opening = f'<table class="{" ".join(classes)}">' if classes else "<table>"
    parts = ['<div class="table-wrap">', opening]
    if table.caption:
        parts.append(f"<caption>{_text(table.caption)}</caption>")
    total = sum(table.widths) or 1.0
    parts.append(
        "<colgroup>"
        + "".join(f'<col style="width: {w / total * 100:.2f}%">' for w in table.widths)
        + "</colgroup>"
    )
    head = min(table.header_rows, len(table.grid))
    if head:
        parts += ["<thead>", *_rows(table, 0, head, True), "</thead>"]
    parts += ["<tbody>", *_rows(table, head, len(table.grid), False), "</tbody>"]
    parts += ["</table>", "</div>"]
    return "\n".join(parts)


def _paragraph(p: Paragraph) -> str:
    classes = [p.style] + ([f"a-{p.align}"] if p.align else [])
    return f'<p class="{" ".join(classes)}">{_text(p.text)}</p>'


_META_NAMES = {"author": "author", "subject": "description", "keywords": "keywords"}


def _meta(doc: Document) -> list[str]:
    """File properties: WeasyPrint turns author/description/keywords into the PDF's Info."""
    out = []
    for key in sorted(doc.meta):
        value = doc.meta[key]
        if value:
            out.append(f'<meta name="{_attr(_META_NAMES.get(key, key))}" content="{_attr(value)}">')
    return out


def to_html(doc: Document) -> str:
    """The whole page; same Document, same string."""
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 5) + 1
            body.append(f"<h{level}>{_text(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            body.append(_paragraph(block))
        else:
            body.append(_table(block))
    header = [f"<h1>{_text(doc.title)}</h1>"]
    if doc.subtitle:
        header.append(f'<p class="subtitle">{_text(doc.subtitle)}</p>')
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_attr(doc.title)}</title>",
        *_meta(doc),
        f"<style>{_css(doc.landscape, doc.page_numbers)}</style>",
        "</head>",
        "<body>",
        "<main>",
        f'<article class="{_attr(doc.kind)}">',
        "<header>",
        *header,
        "</header>",
        *body,
        "</article>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def to_html_bytes(doc: Document) -> bytes:
    return to_html(doc).encode("utf-8")
