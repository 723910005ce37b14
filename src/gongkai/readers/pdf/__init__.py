"""PDF with a text layer -> Document, through PDFium (pypdfium2).

PDFium gives a page's text in the order it was drawn, with a line break where the text moves to
another line and a space where it jumps ahead: nearly always reading order. On top of that:
pieces of one visual line drawn at different times (a table's labels first, its numbers later)
are put back on one line; a gap of about a character or more separates cells; page numbers and
running headers in the margins are dropped, so a table broken over pages reads as one; look-alike
radicals (⼈, ⺠, ⻚) read as the characters they stand for. Each cell keeps its page and box.
Only the first and last character of each piece is measured, which keeps reading close to the
cost of PDFium's own text extraction.
"""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongkai.errors import InputError
from gongkai.readers.layout import Document, Line, Place, Source
from gongkai.readers.pdf.columns import place_blank_cells
from gongkai.readers.pdf.lines import Row, fragments, visual_lines
from gongkai.readers.pdf.margins import without_margins
from gongkai.readers.pdf.paragraphs import justified_lines_whole, reflow
from gongkai.readers.recognize.normalize import unradical

MAX_PAGES = 300


def parse_pdf(data: bytes, name: str) -> Document:
    pdf = _open(data, name)
    try:
        if len(pdf) > MAX_PAGES:
            raise InputError(
                f"{name}：PDF 共 {len(pdf)} 页，超过 {MAX_PAGES} 页，不像是一份年度报告",
                "请确认文件是否正确；合订本请先拆分出年度报告部分",
            )
        pages: list[list[Row]] = []
        sizes: list[tuple[float, float]] = []
        states: list[str] = []
        for index in range(len(pdf)):
            rows, size, state = _read_page(pdf, index)
            pages.append(rows)
            sizes.append(size)
            states.append(state)
    finally:
        pdf.close()
    if sum(len(r.text) for rows in pages for r in rows) < 20:
        raise _no_text(name, states.count("image"))
    heights = [h for _, h in sizes]
    rows = without_margins(pages, heights)
    rows = reflow(justified_lines_whole(rows), [w for w, _ in sizes])
    place_blank_cells(rows)
    return _document(rows, heights, name, _notes(states))


def _notes(states: list[str]) -> tuple[str, ...]:
    """Pages the reader could not read, said in the findings: a scanned page among text pages
    (often the tables) or a damaged one."""
    notes = []
    for state, what in (
        ("image", "没有文字层（看来是扫描页或图片），其内容未读取，需要文字识别（OCR）"),
        ("damaged", "无法打开（文件可能已损坏），其内容未读取"),
    ):
        numbers = [str(i) for i, s in enumerate(states, start=1) if s == state]
        if numbers:
            notes.append(f"第 {'、'.join(numbers)} 页{what}")
    return tuple(notes)


def _open(data: bytes, name: str) -> Any:
    if not data.strip():
        raise InputError(f"{name}：文件为空", "请确认选择了正确的年报文件")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if err.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(
                f"{name}：PDF 文件已加密（需要打开密码），无法读取",
                "请向发布机关索取未加密的版本，或用 PDF 阅读器输入密码后另存为未加密文件",
            ) from err
        raise InputError(
            f"{name}：不是有效的 PDF 文件，或文件已损坏、不完整",
            "请重新下载或导出该文件；若是其他格式，请使用正确的扩展名",
        ) from err


def _no_text(name: str, images: int) -> InputError:
    if images:
        return InputError(
            f"{name}：PDF 没有文字层（看来是扫描件或图片），无法直接读取",
            "需要先进行文字识别（OCR），或向发布机关索取带文字的 PDF、Word 版本",
        )
    return InputError(f"{name}：PDF 中没有可读取的文字", "请确认文件内容是否完整")


def _read_page(pdf: Any, index: int) -> tuple[list[Row], tuple[float, float], str]:
    """The visual lines of one page, and whether it had text, only images, nothing, or could
    not be loaded at all ("text", "image", "blank", "damaged")."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        return [], (595.0, 842.0), "damaged"
    try:
        size = float(page.get_width()), float(page.get_height())
        textpage = page.get_textpage()
        try:
            rows = visual_lines(index + 1, fragments(textpage))
        finally:
            textpage.close()
        if rows:
            return rows, size, "text"
        images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
        return rows, size, "image" if any(True for _ in images) else "blank"
    finally:
        page.close()


def _document(rows: list[Row], heights: list[float], name: str, notes: tuple[str, ...]) -> Document:
    lines: list[Line] = []
    places: dict[Source, Place] = {}
    for number, row in enumerate(rows, start=1):
        height = heights[row.page - 1]
        cells = row.slots if row.slots is not None else row.pieces
        lines.append(
            Line.of(
                tuple("" if c is None else unradical(c.text) for c in cells),
                Source(number, 0),
                blanks_reliable=row.slots is not None,
            )
        )
        for i, c in enumerate(cells):
            if c is not None:
                box = [round(c.left, 1), round(height - c.top, 1), round(c.right, 1)]
                places[Source(number, i)] = {
                    "page": row.page,
                    "box": [*box, round(height - c.bottom, 1)],
                }
    return Document(tuple(lines), name, places=places, notes=notes)
