"""Readers: a file -> the canonical report plus what the reader noticed.

`read_report(path)` picks a front end by the file's content first (a PDF named .txt is read as a
PDF; junk named .pdf is refused as junk), then by its name. Front ends only turn bytes into a
`layout.Document`; the one recognition core (`recognize`) does the rest. A front end registers in
`FRONT_ENDS` as "module:function", imported on first use so that reading text never loads the
PDF or Word libraries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from gongkai.errors import InputError, SettingsError
from gongkai.readers.debug import stages
from gongkai.readers.layout import Document
from gongkai.readers.recognize import recognize
from gongkai.readers.text import decode, parse_markdown, parse_text
from gongkai.report import codec
from gongkai.report.finding import Finding
from gongkai.report.model import AnnualReport

FrontEnd = Callable[[bytes, str], Document]


def _text_front_end(data: bytes, name: str) -> Document:
    return parse_text(decode(data, name), name)


def _markdown_front_end(data: bytes, name: str) -> Document:
    return parse_markdown(decode(data, name), name)


FRONT_ENDS: dict[str, FrontEnd | str] = {
    "text": _text_front_end,
    "markdown": _markdown_front_end,
    "html": "gongkai.readers.html:parse_html",
    "docx": "gongkai.readers.docx:parse_docx",
    "legacy": "gongkai.readers.legacy:parse_legacy",  # .doc, .wps, .rtf through LibreOffice
    "pdf": "gongkai.readers.pdf:parse_pdf",
}
KINDS_BY_SUFFIX = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".doc": "legacy",
    ".wps": "legacy",
    ".rtf": "legacy",
    ".pdf": "pdf",
}
KIND_ZH = {
    "text": "文本",
    "markdown": "Markdown",
    "html": "网页（HTML）",
    "docx": "Word（.docx）",
    "legacy": "Word/WPS（.doc/.wps）",
    "pdf": "PDF",
}
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<div", b"<meta", b"<p")


def sniff(data: bytes, name: str) -> str:
    """The kind of file, by its first bytes when they are unambiguous, else by its name."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")):
        return "legacy"
    suffix = Path(name).suffix.lower()
    kind = KINDS_BY_SUFFIX.get(suffix)
    if kind is not None:
        return kind
    return "html" if head[:64].lower().startswith(_HTML_START) else "text"


def front_end(kind: str) -> FrontEnd:
    entry = FRONT_ENDS[kind]
    if isinstance(entry, str):
        module, function = entry.split(":")
        entry = FRONT_ENDS[kind] = getattr(import_module(module), function)
    return entry


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    max_bytes: int = 20 * 1024 * 1024
    debug: bool = False  # keep what each recognition stage saw (ReadResult.stages)

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise SettingsError(f"max_bytes 取值 {self.max_bytes} 无效", "应为正整数（字节数）")


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The report as read, with the reader's own findings (cells it could not place, guesses)."""

    report: AnnualReport
    findings: tuple[Finding, ...]
    name: str
    stages: dict[str, Any] | None = None  # the recognition stages, when asked for (debug)


def read_text(text: str, name: str = "<text>") -> ReadResult:
    """Text or, for a name ending in .md, Markdown (backslash escapes undone)."""
    markdown = name.lower().endswith((".md", ".markdown"))
    return _recognize((parse_markdown if markdown else parse_text)(text, name), ReaderOptions())


def _recognize(doc: Document, options: ReaderOptions) -> ReadResult:
    recognized = recognize(doc)
    dump = stages(doc, recognized) if options.debug else None
    return ReadResult(recognized.report, recognized.findings, doc.name, dump)


def _check_size(name: str, size: int, options: ReaderOptions) -> None:
    if size > options.max_bytes:
        raise InputError(
            f"{name}：文件过大（{size / 1048576:.1f} MB），超过上限 {options.max_bytes / 1048576:.0f} MB",
            "年报文本通常不足 1 MB，请确认文件是否正确；确需读取可用 --max-mb 调高上限",
        )


def read_bytes(data: bytes, name: str, options: ReaderOptions | None = None) -> ReadResult:
    options = options or ReaderOptions()
    _check_size(name, len(data), options)
    suffix = Path(name).suffix.lower()
    if suffix == ".json" or (not suffix and data.lstrip()[:1] == b"{"):
        return ReadResult(codec.loads(decode(data, name)), (), name)
    return _recognize(front_end(sniff(data, name))(data, name), options)


def read_report(path: str | Path, options: ReaderOptions | None = None) -> ReadResult:
    p = Path(path)
    options = options or ReaderOptions()
    try:
        _check_size(p.name, p.stat().st_size, options)  # before reading a huge file in
        data = p.read_bytes()
    except FileNotFoundError as err:
        raise InputError(f"找不到文件：{p}", "请检查路径是否正确") from err
    except IsADirectoryError as err:
        raise InputError(
            f"{p} 是文件夹，不是文件", "请指定文件，或对文件夹中的文件逐个读取"
        ) from err
    except PermissionError as err:
        raise InputError(f"没有权限读取：{p}", "请检查文件权限") from err
    return read_bytes(data, p.name, options)
