"""Text of a PDF page by page (pypdfium2: fast, correct CJK), for the renderer and golden tests."""

from __future__ import annotations

import re

import pypdfium2 as pdfium

_SPACE = re.compile(r"\s+")


def pdf_pages(data: bytes) -> list[str]:
    """The text of every page, lines separated by "\\n" (pdfium gives "\\r\\n")."""
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()


def squash(text: str) -> str:
    """Text without any whitespace: a label wrapped over two lines in a cell still matches."""
    return _SPACE.sub("", text)
