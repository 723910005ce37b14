"""Plain text and Markdown -> Document.

Handles what text extraction leaves behind: tab-separated cells (PDF copy), pipe tables
(Markdown, converters, OCR), one cell per line (DOCX), page breaks and form feeds. Decoding tries
UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030 (a superset of GBK and GB2312).
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongkai.errors import InputError
from gongkai.readers.layout import Document, Line, Source

_MD_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s*|[*+-]\s+(?=[^\d\s]))|\*\*|__")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def decode(data: bytes, name: str = "<输入>") -> str:
    """Bytes -> str, or an InputError in Chinese that says what is wrong with the file."""
    if not data.strip():
        raise InputError(f"{name}：文件为空", "请确认选择了正确的年报文件")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise _undecodable(name) from err
    if looks_binary(data[:65536]):
        raise InputError(
            f"{name}：这不是文本文件（含有二进制内容）",
            "请提供 .txt 或 .md 文本；PDF、Word 等格式请使用对应的读取器",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _undecodable(name)


def _undecodable(name: str) -> InputError:
    return InputError(
        f"{name}：无法识别文本编码（既不是 UTF-8，也不是 GBK/GB18030）",
        "请用文本编辑器将文件另存为 UTF-8 编码后重试",
    )


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(head: bytes) -> bool:
    """A NUL byte, or more than 5 % control bytes other than tab, newline, form feed."""
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return b"\x00" in head or controls > 0.05 * max(len(head), 1)


_strip = str.strip


def _split(raw: str) -> tuple[tuple[str, ...], bool]:
    """Cells of one line, and whether its empty cells are real blank cells (pipe tables)."""
    if "|" in raw:
        stripped = raw.strip()
        if stripped.startswith("|") or stripped.count("|") >= 2:
            cells = list(map(_strip, stripped.split("|")))
            if stripped.startswith("|"):
                del cells[0]
            if stripped.endswith("|") and cells:
                del cells[-1]
            return tuple(cells), True
    if "\t" in raw:
        return tuple(map(_strip, raw.split("\t"))), False
    return (_MD_MARKUP.sub("", raw).strip(),), False


def parse_text(text: str, name: str = "<text>") -> Document:
    """Lines of text -> Document; Markdown rule lines (|---|) and empty lines are dropped."""
    lines: list[Line] = []
    append = lines.append
    new = tuple.__new__
    for number, raw in enumerate(text.replace("\f", "\n").splitlines(), start=1):
        split = _line(raw)
        if split is not None:
            cells, reliable, joined = split
            append(new(Line, (cells, new(Source, (number, 0)), reliable, joined)))
    return Document(tuple(lines), name)


_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def parse_markdown(text: str, name: str = "<markdown>") -> Document:
    """Markdown -> Document: as text, and backslash escapes ("\\*", "\\<") read as the character."""
    doc = parse_text(text, name)
    if "\\" not in text:
        return doc
    lines = tuple(
        Line.of(
            tuple(_MD_ESCAPE.sub(r"\1", c) for c in line.cells), line.source, line.blanks_reliable
        )
        if "\\" in line.text
        else line
        for line in doc.lines
    )
    return Document(lines, doc.name, doc.meta)


@lru_cache(maxsize=65536)
def _line(raw: str) -> tuple[tuple[str, ...], bool, str] | None:
    """Cells, blank reliability and joined text of one line, or None for a line to drop
    (empty, a Markdown rule, a row of empty cells). Cached: lines recur across reports."""
    if not raw or raw.isspace() or ("-" in raw and _MD_RULE.match(raw)):
        return None
    cells, reliable = _split(raw)
    joined = " ".join(filter(None, cells))
    return (cells, reliable, joined) if joined else None
