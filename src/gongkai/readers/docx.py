"""Word (.docx) -> Document: paragraphs and table rows in the order Word shows them.

The package is opened with zipfile and the main part parsed with lxml directly, not through
`docx.Document()`: that reads every part (images, headers, styles) into memory before we could
look at it, and a hostile file must be refused before anything is inflated. Sizes and
compression ratios are checked from the zip directory first; the main part is then read with a
cap. The XML parser resolves no entities and fetches nothing.

A paragraph is a line of one cell (tabs split it, as in text; a line break starts a new line).
A table row is a line with one cell per grid column: a merged cell's text sits in its first
slot and the slots it covers are "" (gridSpan to the right, vMerge continue below); blank cells
are real blank cells. Runs concatenate, so "1" "2" read as "12"; the paragraphs of a cell join
without a separator between Chinese characters (a wrapped label reads whole), with a space
otherwise. Deleted revisions, moved-from text, field codes, ruby text, headers and footers are
not read; inserted revisions and field results are. A table holding another table, or with one
cell per row, is page layout: its cells are read as blocks. Text boxes are read after the
paragraph that anchors them.

Places: {"paragraph": n} counts paragraphs outside data tables; {"table": t, "row": r,
"cell": c} counts tables in document order (a nested table after the one holding it), rows
within the table and the grid column where the cell starts; all from 1.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from typing import Any

from lxml import etree

from gongkai.errors import InputError
from gongkai.readers.layout import Document, Line, Place, Source, join_wrapped

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OFFICE_DOCUMENT = "/officeDocument"  # the end of the main part's relationship type

MAX_MAIN_PART = 50 * 1024 * 1024  # document.xml; a long report's is under 2 MB
MAX_TOTAL = 200 * 1024 * 1024  # all entries, inflated
MAX_RATIO = 200  # inflated / compressed, for entries above RATIO_FLOOR; XML in a report: 5-30
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 10_000
MAX_TABLE_ROWS = 2_000  # per table; the national tables have under 40 rows
MAX_COLUMNS = 200  # grid slots per row; Word itself stops at 63
MAX_LINES = 100_000  # paragraphs and rows; a report has a few hundred

_P, _TBL, _TR, _TC = W + "p", W + "tbl", W + "tr", W + "tc"
_T, _TAB, _TXBX = W + "t", W + "tab", W + "txbxContent"
_BREAKS = frozenset({W + "br", W + "cr"})
_HYPHEN = W + "noBreakHyphen"
# Inline subtrees never read: properties (pPr holds tab stops named w:tab), deleted and
# moved-away revisions, field codes, ruby annotations, the legacy copy of a drawing.
_SKIP = frozenset(
    W + tag
    for tag in (
        "pPr",
        "rPr",
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "fldData",
        "rt",
        "sdtPr",
        "sdtEndPr",
        "tcPr",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
    )
) | {MC + "Fallback"}
# Block-level wrappers whose children are blocks (content controls, custom XML, revisions).
_WRAPPERS = frozenset(W + t for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))


def parse_docx(data: bytes, name: str) -> Document:
    """A .docx (or .docm, .dotx) -> Document, or an InputError in Chinese saying why not."""
    root = _parse(_main_part(data, name), name)
    body = root.find(W + "body")
    if body is None:
        raise _not_word(name, "文档主体缺失")
    walker = _Walker(name)
    walker.blocks(body)
    return Document(tuple(walker.lines), name, places=walker.places)


# ---------------------------------------------------------------- the package


def _main_part(data: bytes, name: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            _check_sizes(infos, name)
            by_name = {i.filename.lstrip("/"): i for i in infos}
            main = _main_name(zf, by_name, name)
            info = by_name.get(main) or _lower(by_name).get(main.lower())
            if info is None:
                raise _not_word(name, _what_it_is(by_name))
            if info.flag_bits & 0x1:
                raise _encrypted(name)
            return _read_capped(zf, info, MAX_MAIN_PART, name)
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:
        raise InputError(
            f"{name}：文件已损坏，无法作为 Word 文档打开（{type(err).__name__}）",
            "文件可能下载不完整或已损坏；请重新下载，或用 Word/WPS 打开后另存为 .docx",
        ) from err
    except (NotImplementedError, RuntimeError) as err:  # unsupported compression, encrypted entry
        raise _encrypted(name) from err


def _check_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a zip bomb from its directory, before anything is inflated."""
    if len(infos) > MAX_ENTRIES:
        raise _bomb(name, f"包含 {len(infos)} 个条目")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL:
        raise _bomb(name, f"解压后共 {total / 1048576:.0f} MB")
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise _bomb(name, f"条目 {i.filename} 压缩比高达 {ratio}:1")


def _main_name(zf: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], name: str) -> str:
    """The main part named by the package relationships, else the usual word/document.xml."""
    rels = by_name.get("_rels/.rels")
    if rels is not None and not rels.flag_bits & 0x1:
        root = _parse(_read_capped(zf, rels, RATIO_FLOOR, name), name)
        for rel in root.iter(PACKAGE_RELS):
            if (rel.get("Type") or "").endswith(OFFICE_DOCUMENT):
                target = (rel.get("Target") or "").lstrip("/")
                return posixpath.normpath(target) if target else ""
    return "word/document.xml"


def _lower(by_name: dict[str, zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    return {k.lower(): v for k, v in by_name.items()}


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, name: str) -> bytes:
    """An entry's bytes, stopping at `cap` whatever the directory claims."""
    if info.file_size > cap:
        raise _bomb(name, f"{info.filename} 解压后 {info.file_size / 1048576:.0f} MB")
    chunks: list[bytes] = []
    size = 0
    with zf.open(info) as f:
        while chunk := f.read(1 << 20):
            size += len(chunk)
            if size > cap:
                raise _bomb(name, f"{info.filename} 实际解压后超过 {cap / 1048576:.0f} MB")
            chunks.append(chunk)
    return b"".join(chunks)


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
)


def _parse(xml: bytes, name: str) -> Any:
    try:
        return etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as err:
        raise InputError(
            f"{name}：Word 文档内容已损坏（XML 无法解析：{err.msg}）",
            "请用 Word/WPS 打开并另存为 .docx 后重试",
        ) from err


def _what_it_is(by_name: dict[str, zipfile.ZipInfo]) -> str:
    names = list(by_name)
    if any(n.startswith("xl/") for n in names):
        return "这是 Excel 表格（.xlsx），不是 Word 文档"
    if any(n.startswith("ppt/") for n in names):
        return "这是 PowerPoint 演示文稿（.pptx），不是 Word 文档"
    if "mimetype" in by_name or "content.xml" in by_name:
        return "这是 OpenDocument 文件（如 .odt），不是 .docx"
    return "这是一个压缩包，其中没有 Word 文档内容（word/document.xml）"


def _not_word(name: str, why: str) -> InputError:
    return InputError(
        f"{name}：{why}",
        "请提供 Word 格式（.docx）的年报；其他格式请在 Word/WPS 中打开并另存为 .docx",
    )


def _encrypted(name: str) -> InputError:
    return InputError(
        f"{name}：文件已加密（设有打开密码），无法读取",
        "请在 Word/WPS 中输入密码打开，取消密码后另存为 .docx 再读取",
    )


def _bomb(name: str, why: str) -> InputError:
    return InputError(
        f"{name}：文件解压后过大或压缩比异常（{why}），疑似“压缩炸弹”，已拒绝读取",
        "正常的年报 Word 文件解压后不过几 MB；请确认文件来源，或另存为 .docx 后重试",
    )


# ---------------------------------------------------------------- the body


def _inline(element: Any, out: list[str], boxes: list[Any]) -> None:
    """The text of a paragraph's runs, in order; text boxes set aside in `boxes`."""
    for child in element:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append("\t")
        elif tag in _BREAKS:
            out.append("\n")
        elif tag == _HYPHEN:
            out.append("-")
        elif tag == _TXBX:
            boxes.append(child)
        elif tag not in _SKIP:
            _inline(child, out, boxes)


class _Walker:
    """Collects lines and their places while walking the body in document order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[Line] = []
        self.places: dict[Source, Place] = {}
        self.paragraphs = 0
        self.tables = 0

    def emit(self, cells: tuple[str, ...], places: list[Place], reliable: bool) -> None:
        line = Line.of(cells, Source(len(self.lines) + 1), reliable)
        if not line.text:
            return
        if len(self.lines) >= MAX_LINES:
            raise InputError(
                f"{self.name}：文档超过 {MAX_LINES} 行（段落与表格行），远超年报的篇幅，已停止读取",
                "请确认文件是否正确；年报通常只有数百个段落",
            )
        self.lines.append(line)
        for cell, place in enumerate(places):
            self.places[Source(line.source.line, cell)] = place

    def blocks(self, parent: Any) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child)
            elif tag in _WRAPPERS:
                self.blocks(child)

    def paragraph(self, p: Any) -> None:
        self.paragraphs += 1
        place: Place = {"paragraph": self.paragraphs}
        out: list[str] = []
        boxes: list[Any] = []
        _inline(p, out, boxes)
        for raw in "".join(out).split("\n"):
            segment = raw.strip()
            cells = tuple(c.strip() for c in segment.split("\t")) if "\t" in segment else (segment,)
            self.emit(cells, [place] * len(cells), reliable=False)
        for box in boxes:
            self.blocks(box)

    def table(self, tbl: Any) -> None:
        rows = list(_children(tbl, _TR))
        cells_of = [list(_children(tr, _TC)) for tr in rows]
        nested = any(True for e in tbl.iter(_TBL) if e is not tbl)
        if nested or all(len(tcs) <= 1 for tcs in cells_of):
            for tcs in cells_of:  # page layout: the cells hold the report's blocks
                for tc in tcs:
                    self.blocks(tc)
            return
        self.tables += 1
        if len(rows) > MAX_TABLE_ROWS:
            raise InputError(
                f"{self.name}：第 {self.tables} 个表格有 {len(rows)} 行，超过上限 {MAX_TABLE_ROWS} 行，已停止读取",
                "年报的统计表不过几十行；请确认文件是否正确，或删去与年报无关的长表格后重试",
            )
        origins: dict[int, Place] = {}  # grid column -> place of the cell merged down over it
        for r, (tr, tcs) in enumerate(zip(rows, cells_of, strict=True), start=1):
            tr_pr = tr.find(W + "trPr")
            if tr_pr is None or tr_pr.find(W + "del") is None:  # not a deleted row
                self.row(r, tr_pr, tcs, origins)

    def row(self, r: int, tr_pr: Any, tcs: list[Any], origins: dict[int, Place]) -> None:
        col = self.count(tr_pr, "gridBefore")
        cells: list[str] = [""] * col
        places: list[Place] = [{"table": self.tables, "row": r, "cell": c + 1} for c in range(col)]
        previous: Place | None = None
        for tc in tcs:
            tc_pr = tc.find(W + "tcPr")
            span = max(self.count(tc_pr, "gridSpan"), 1)
            vmerge = _val(tc_pr, "vMerge")
            hmerge = _val(tc_pr, "hMerge")
            if vmerge == "continue":
                text, place = (
                    "",
                    origins.get(col) or {"table": self.tables, "row": r, "cell": col + 1},
                )
            elif hmerge == "continue" and previous is not None:
                col += span  # covered by the cell on its left (Word's old horizontal merge)
                continue
            else:
                text, place = self.cell_text(tc), {"table": self.tables, "row": r, "cell": col + 1}
                for c in range(col, col + span):
                    origins.pop(c, None)
                if vmerge == "restart":
                    origins[col] = place
            if col + span > MAX_COLUMNS:
                raise InputError(
                    f"{self.name}：第 {self.tables} 个表格第 {r} 行超过 {MAX_COLUMNS} 列，表格结构异常",
                    "请用 Word/WPS 打开检查该表格，另存为 .docx 后重试",
                )
            cells.append(text)  # a cell spanning columns is one cell (the core places values
            places.append(place)  # after a label by the cells that follow it)
            previous = place
            col += span
        self.emit(tuple(cells), places, reliable=True)

    def cell_text(self, tc: Any) -> str:
        parts: list[str] = []
        _cell_paragraphs(tc, parts)
        return join_wrapped(parts)

    def count(self, props: Any, tag: str) -> int:
        value = _val(props, tag)
        try:
            number = int(value or 0)
        except ValueError:
            return 0
        if number > MAX_COLUMNS:
            raise InputError(
                f"{self.name}：第 {self.tables} 个表格的单元格跨 {number} 列，表格结构异常",
                "请用 Word/WPS 打开检查该表格，另存为 .docx 后重试",
            )
        return max(number, 0)


def _cell_paragraphs(parent: Any, parts: list[str]) -> None:
    """The text of each paragraph in a cell (text boxes after their anchor), spaces collapsed."""
    for p in _children(parent, _P):
        out: list[str] = []
        boxes: list[Any] = []
        _inline(p, out, boxes)
        parts.append(" ".join("".join(out).split()))
        for box in boxes:
            _cell_paragraphs(box, parts)


def _children(parent: Any, tag: str) -> Any:
    """Children `tag` of `parent`, also inside content controls and custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _val(props: Any, tag: str) -> str | None:
    """w:val of child `tag` of a properties element; "continue" for a bare vMerge/hMerge."""
    if props is None:
        return None
    element = props.find(W + tag)
    if element is None:
        return None
    return element.get(W + "val") or ("continue" if tag in ("vMerge", "hMerge") else None)
