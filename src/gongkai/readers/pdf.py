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

import re
import statistics
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongkai.errors import InputError
from gongkai.readers.layout import Document, Line, Place, Source
from gongkai.readers.recognize.cells import parse_value
from gongkai.readers.recognize.normalize import clean, unradical

MAX_PAGES = 300
MARGIN = 0.12  # share of the page height at the top and the bottom where page numbers sit
_WORD = re.compile(r"\S+")
_LINE = re.compile(r"[^\r\n]+")
_PAGE_NUMBER = re.compile(
    r"^[-—–－_·•\s]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[-—–－_·•\s]*$"
    r"|^(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
)
_DIGITS = re.compile(r"\d+")
_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
_HEADING = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十]+[）)、.．]|[（(]?\d+[）)、.．]|第[一二三四五六七八九十]+)"
)


class _Piece(NamedTuple):
    """Text printed without a gap, with its box in PDF points (origin bottom left)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


@dataclass
class _Row:
    """One visual line of a page: its pieces, and the band of the line it started with."""

    page: int
    bottom: float
    top: float
    pieces: list[_Piece] = field(default_factory=list)
    slots: list[_Piece | None] | None = None  # the cells on the table's columns, blanks as None

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)


def parse_pdf(data: bytes, name: str) -> Document:
    pdf = _open(data, name)
    try:
        if len(pdf) > MAX_PAGES:
            raise InputError(
                f"{name}：PDF 共 {len(pdf)} 页，超过 {MAX_PAGES} 页，不像是一份年度报告",
                "请确认文件是否正确；合订本请先拆分出年度报告部分",
            )
        pages: list[list[_Row]] = []
        sizes: list[tuple[float, float]] = []
        images = 0
        for index in range(len(pdf)):
            rows, size, has_image = _read_page(pdf, index)
            pages.append(rows)
            sizes.append(size)
            images += has_image
    finally:
        pdf.close()
    if sum(len(r.text) for rows in pages for r in rows) < 20:
        raise _no_text(name, images)
    heights = [h for _, h in sizes]
    rows = _without_margins(pages, heights)
    rows = _reflow(_justified_lines_whole(rows), [w for w, _ in sizes])
    _place_blank_cells(rows)
    return _document(rows, heights, name)


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


def _read_page(pdf: Any, index: int) -> tuple[list[_Row], tuple[float, float], bool]:
    """The visual lines of one page; a page PDFium cannot load is skipped (a damaged file)."""
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        return [], (595.0, 842.0), False
    try:
        size = float(page.get_width()), float(page.get_height())
        textpage = page.get_textpage()
        try:
            rows = _rows(index + 1, _fragments(textpage))
        finally:
            textpage.close()
        has_image = not rows and any(
            True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
        )
        return rows, size, has_image
    finally:
        page.close()


def _fragments(textpage: Any) -> list[list[_Piece]]:
    """PDFium's lines, each cut into pieces at its gaps."""
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != n:  # PDFium inserted or left out characters: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(n))
    rect = pdfium_c.FS_RECTF()
    loose = pdfium_c.FPDFText_GetLooseCharBox

    def box(i: int) -> tuple[float, float, float, float]:
        loose(textpage, i, rect)
        return rect.left, rect.bottom, rect.right, rect.top

    out = []
    for line in _LINE.finditer(text):
        pieces: list[_Piece] = []
        for word in _WORD.finditer(line.group()):
            s, e = line.start() + word.start(), line.start() + word.end()
            left, b1, _, t1 = box(s)
            _, b2, right, t2 = box(e - 1) if e - 1 > s else (left, b1, rect.right, t1)
            piece = _Piece(word.group(), left, min(b1, b2), right, max(t1, t2))
            if pieces and _joins(pieces[-1], piece):
                pieces[-1] = _join(pieces[-1], piece)
            else:
                pieces.append(piece)
        if pieces:
            out.append(pieces)
    return out


def _joins(a: _Piece, b: _Piece) -> bool:
    """A narrow gap (justified text, a digit beside a Chinese character) is not a cell border."""
    height = max(a.top - a.bottom, b.top - b.bottom, 1.0)
    return b.left - a.right < 0.8 * height and not (_is_number(a.text) and _is_number(b.text))


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "").isdigit()


def _join(a: _Piece, b: _Piece) -> _Piece:
    """Latin words and numbers keep a space between them; beside a Chinese character a gap
    adds none ("2024年"): a PDF does not say whether a space was typed there, Word's automatic
    spacing between Chinese and digits and a justified real space look alike."""
    glue = " " if a.text[-1].isascii() and b.text[0].isascii() else ""
    return _Piece(
        a.text + glue + b.text,
        a.left,
        min(a.bottom, b.bottom),
        b.right,
        max(a.top, b.top),
    )


def _rows(page: int, fragments: list[list[_Piece]]) -> list[_Row]:
    """Fragments on one visual line (vertically overlapping by half, side by side) become one
    row; otherwise PDFium's order stands — sorting by height would put the numbers of a row
    with a label wrapped over three lines before their label."""
    rows: list[_Row] = []
    for pieces in fragments:
        bottom = min(p.bottom for p in pieces)
        top = max(p.top for p in pieces)
        home = _same_line(rows, bottom, top, pieces)
        if home is None:
            rows.append(_Row(page, bottom, top, list(pieces)))
        else:
            home.pieces.extend(pieces)
            home.pieces.sort(key=lambda p: p.left)
    return rows


def _same_line(rows: list[_Row], bottom: float, top: float, pieces: list[_Piece]) -> _Row | None:
    height = top - bottom
    for row in reversed(rows[-60:]):
        overlap = min(top, row.top) - max(bottom, row.bottom)
        if overlap < 0.5 * min(height, row.top - row.bottom):
            continue
        if all(p.right <= q.left or p.left >= q.right for p in pieces for q in row.pieces):
            return row
        return None
    return None


def _without_margins(pages: list[list[_Row]], heights: list[float]) -> list[_Row]:
    """Drop page numbers and running headers/footers (the same words in the margin of most
    pages), so that a table broken over a page reads on without them."""
    in_margin: dict[str, set[int]] = {}
    for rows, height in zip(pages, heights, strict=True):
        for row in rows:
            if _in_margin(row, height):
                in_margin.setdefault(_DIGITS.sub("#", row.text), set()).add(row.page)
    running = {t for t, p in in_margin.items() if len(p) >= 2 and len(p) * 2 >= len(pages)}
    out = []
    for rows, height in zip(pages, heights, strict=True):
        if not rows:
            continue
        lowest = min(rows, key=lambda r: r.bottom)
        highest = max(rows, key=lambda r: r.top)
        for row in rows:
            if _in_margin(row, height) and (
                _DIGITS.sub("#", row.text) in running
                or ((row is lowest or row is highest) and _PAGE_NUMBER.match(row.text))
            ):
                continue  # a page number is the last or first line, not a number in a table
            out.append(row)
    return out


def _reflow(rows: list[_Row], widths: list[float]) -> list[_Row]:
    """Lines of a paragraph wrapped at the right margin become one paragraph again: a line that
    reaches the margin goes on in the next one when that starts at the margin without indent
    (a new paragraph is indented, a heading says what it is); a centred title wrapped over two
    lines is one title. Table rows are never joined."""
    bounds = _text_bounds(rows)
    heights = sorted(r.top - r.bottom for r in rows if len(r.pieces) == 1 and len(r.text) >= 8)
    body = heights[len(heights) // 2] if heights else 0.0  # the size of the running text
    out: list[_Row] = []
    last: _Piece | None = None  # the last line of out[-1], when it is a paragraph
    for row in rows:
        line = row.pieces[0] if len(row.pieces) == 1 else None
        if (
            last is not None
            and line is not None
            and (
                _goes_on(last, row, bounds)
                or _title_goes_on(last, line, widths[row.page - 1], body)
            )
        ):
            a = out[-1].pieces[0]
            joined = _Piece(
                _join(a, line).text,
                min(a.left, line.left),
                min(a.bottom, line.bottom),
                max(a.right, line.right),
                max(a.top, line.top),
            )
            out[-1] = _Row(out[-1].page, joined.bottom, joined.top, [joined])
        else:
            out.append(row)
        last = line
    return out


def _justified_lines_whole(rows: list[_Row]) -> list[_Row]:
    """A justified line of a paragraph stretches its spaces ("保证了  2023  年政府…") until
    they look like cell borders: a line of words that runs from margin to margin is one piece."""
    bounds = _text_bounds(rows)
    if not bounds:
        return rows
    left = min(b[0] for b in bounds.values())
    right = max(b[1] for b in bounds.values())
    out = []
    for row in rows:
        pieces = row.pieces
        if len(pieces) > 1:
            first, last = pieces[0], pieces[-1]
            size = max(p.top - p.bottom for p in pieces)
            if (
                first.left <= left + 2.5 * size
                and last.right >= right - size
                and _words(first.text)
                and _words(last.text)
                and all(b.left - a.right < 1.6 * size for a, b in zip(pieces, pieces[1:]))
            ):
                whole = pieces[0]
                for piece in pieces[1:]:
                    whole = _join(whole, piece)
                row = _Row(row.page, row.bottom, row.top, [whole])
        out.append(row)
    return out


def _words(text: str) -> bool:
    return not _is_number(text) and any(ord(c) > 0x2E80 for c in text)


def _title_goes_on(a: _Piece, b: _Piece, width: float, body: float) -> bool:
    """Two centred lines in the same type, larger than the running text, one right under the
    other: a title over two lines."""
    size_a, size_b = a.top - a.bottom, b.top - b.bottom
    if size_a < 1.15 * body:
        return False
    centred = all(abs((p.left + p.right) / 2 - width / 2) < size_a for p in (a, b))
    same_type = abs(size_a - size_b) < 0.2 * size_a  # digits make a line's box a little taller
    return centred and same_type and 0 <= a.bottom - b.top < 0.8 * size_a


def _text_bounds(rows: list[_Row]) -> dict[int, tuple[float, float]]:
    """Per page, the left and right edges of its running text (single pieces of 8+ characters)."""
    bounds: dict[int, tuple[float, float]] = {}
    for row in rows:
        if len(row.pieces) == 1 and len(row.pieces[0].text) >= 8:
            p = row.pieces[0]
            left, right = bounds.get(row.page, (p.left, p.right))
            bounds[row.page] = (min(left, p.left), max(right, p.right))
    return bounds


def _goes_on(a: _Piece, row: _Row, bounds: dict[int, tuple[float, float]]) -> bool:
    """`a`, the last line so far of a paragraph, ended because what starts `row` did not fit
    (ragged right: a number or a character with its punctuation moves to the next line as a
    whole); `row` starts at the left margin without indent and is no heading."""
    if _HEADING.match(row.text) or not bounds:
        return False
    b = row.pieces[0]
    size = max(a.top - a.bottom, b.top - b.bottom, 1.0)
    right = max(r for _, r in bounds.values())
    return a.right + _first_word(b.text) * size > right - 0.3 * size and (
        b.left <= min(left for left, _ in bounds.values()) + 0.6 * size
    )


_LATIN = "0-9A-Za-z.,%‰+\\-/:"
_LEAD = re.compile(
    rf"[（(〔【《“‘\[]*(?:[{_LATIN}]+[）)〕】》”’\]]*)+|[（(〔【《“‘\[]*.[，。、；：？！）》」』”’〕】]*"
)


def _first_word(text: str) -> float:
    """The width in ems of what cannot be broken at the start of a line: a number or Latin
    word with its brackets ("〔2020〕109"), or a character with the punctuation after it."""
    word = _LEAD.match(text)
    if word is None:
        return 1.0
    return sum(0.55 if c.isascii() else 1.0 for c in word.group())


def _in_margin(row: _Row, height: float) -> bool:
    return row.bottom > height * (1 - MARGIN) or row.top < height * MARGIN


def _place_blank_cells(rows: list[_Row]) -> None:
    """A PDF prints nothing for a blank cell, so a row with blanks has fewer numbers than its
    table has columns. Where a row of the same table shows every column (the most numbers of
    any row there), the numbers of the shorter row are set on those columns by their position
    and the blanks become cells."""
    values = [[p for p in r.pieces if _value_like(p.text)] for r in rows]
    for start, end in _tables(rows, values):
        widest = max(len(values[i]) for i in range(start, end))
        full = [i for i in range(start, end) if len(values[i]) == widest]
        if widest >= 5:  # a wide table of one layout (三): its columns are where numbers stand
            columns = _clustered([p for v in values[start:end] for p in v])
            full_columns = [columns] if len(columns) >= widest else []
        else:  # table 二 is several small tables with their own columns: only full rows count
            full_columns = []
        for i in range(start, end):
            k = len(values[i])
            if k == 0:
                continue
            row = rows[i]
            first = row.pieces.index(values[i][0])
            last = row.pieces.index(values[i][-1])
            heads = _header_columns(
                rows, values, start, i, row.pieces[first - 1] if first else None
            )
            nearest_full = [values[j] for j in sorted(full, key=lambda j: abs(j - i))]
            # a wide table by where its numbers stand; a small one by its column heads, which
            # name every column even when no row fills them all
            columns = full_columns if widest >= 5 else heads
            columns += nearest_full if k < widest else []
            for candidate in columns:
                slots = _on_columns(values[i], candidate)
                if slots is not None:
                    row.slots = [*row.pieces[:first], *slots, *row.pieces[last + 1 :]]
                    break


def _clustered(pieces: list[_Piece]) -> list[_Piece]:
    """The columns the numbers of a table stand in: numbers aligned alike (centred, or flush
    left or right) within half a character, whichever alignment gives the fewest columns."""
    if not pieces:
        return []
    tolerance = 0.5 * statistics.median(p.top - p.bottom for p in pieces)
    best: list[_Piece] = []
    for key in (lambda p: (p.left + p.right) / 2, lambda p: p.right, lambda p: p.left):
        groups: list[list[_Piece]] = []
        for p in sorted(pieces, key=key):
            if groups and key(p) - key(groups[-1][-1]) <= tolerance:
                groups[-1].append(p)
            else:
                groups.append([p])
        columns = [
            _Piece(
                "",
                statistics.fmean(p.left for p in g),
                0.0,
                statistics.fmean(p.right for p in g),
                0.0,
            )
            for g in groups
        ]
        if not best or len(columns) < len(best):
            best = columns
    return best


def _header_columns(
    rows: list[_Row], values: list[list[_Piece]], start: int, i: int, label: _Piece | None
) -> list[list[_Piece]]:
    """The column heads of the nearest header row above (no numbers, several cells): in a
    table of one row per part ("行政事业性收费  30" under "信息内容 上一年项目数量 本年增/减")
    they are the only sign of which column a lone number is in."""
    for j in range(i - 1, max(start, i - 6) - 1, -1):
        if values[j]:
            continue  # another row of the same small table
        if len(rows[j].pieces) >= 2:
            edge = label.right if label is not None else float("-inf")
            heads = [p for p in rows[j].pieces if (p.left + p.right) / 2 > edge]
            return [heads] if heads else []
    return []


def _tables(rows: list[_Row], values: list[list[_Piece]]) -> list[tuple[int, int]]:
    """Stretches of rows that hold numbers, between section headings and paragraphs."""
    out, start = [], 0
    for i, row in enumerate(rows):
        if len(row.pieces) == 1 and not values[i] and _breaks_table(row.text):
            if any(values[start:i]):
                out.append((start, i))
            start = i + 1
    if any(values[start:]):
        out.append((start, len(rows)))
    return out


def _breaks_table(text: str) -> bool:
    """A section heading ("四、政府信息公开行政复议、行政诉讼情况") or a paragraph."""
    return (bool(_SECTION.match(text)) and "情况" in text) or len(text) >= 40


def _on_columns(pieces: list[_Piece], columns: list[_Piece]) -> list[_Piece | None] | None:
    """`pieces` set on the columns `columns` print in, in order, or None if one fits none."""
    out: list[_Piece | None] = [None] * len(columns)
    at = 0
    for piece in pieces:
        tolerance = 0.6 * max(piece.top - piece.bottom, 1.0)
        while at < len(columns) and not _same_column(piece, columns[at], tolerance):
            at += 1
        if at == len(columns):
            return None
        out[at] = piece
        at += 1
    return out


def _same_column(a: _Piece, b: _Piece, tolerance: float) -> bool:
    """Centred, left- or right-aligned in the same column."""
    return (
        abs((a.left + a.right) - (b.left + b.right)) / 2 <= tolerance
        or abs(a.left - b.left) <= tolerance
        or abs(a.right - b.right) <= tolerance
    )


def _value_like(text: str) -> bool:
    return parse_value(clean(text)) is not None


def _document(rows: list[_Row], heights: list[float], name: str) -> Document:
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
    return Document(tuple(lines), name, places=places)
