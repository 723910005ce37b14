"""PDF files the tests build: reports printed by our renderer (WeasyPrint) and by LibreOffice
from our DOCX (the way WPS and Word print), a scan without text layer, an encrypted file, an
oversized one, and the text PDFium finds inside a traced cell's box."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from gongkai.renderers.annual import build
from gongkai.renderers.docx import to_docx
from gongkai.renderers.pdf import to_pdf
from gongkai.report.model import AnnualReport
from tests.readers.docx_fixtures import libreoffice


def weasyprint_pdf(report: AnnualReport) -> bytes:
    return to_pdf(build(report))


def libreoffice_pdfs(reports: list[AnnualReport]) -> list[bytes]:
    """Our DOCX printed to PDF by LibreOffice in one run."""
    with tempfile.TemporaryDirectory(prefix="gongkai-test-pdf-") as tmp:
        folder = Path(tmp)
        sources = []
        for i, report in enumerate(reports):
            path = folder / f"report{i}.docx"
            path.write_bytes(to_docx(build(report)))
            sources.append(path)
        return [p.read_bytes() for p in libreoffice(sources, "pdf", folder / "out")]


def scanned_pdf(pdf: bytes) -> bytes:
    """The first page of `pdf` as a picture in a PDF of its own: what a scanner produces."""
    with tempfile.TemporaryDirectory(prefix="gongkai-test-scan-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(source), f"{tmp}/page"],
            check=True,
            capture_output=True,
        )
        (png,) = Path(tmp).glob("page*.png")
        picture = base64.b64encode(png.read_bytes()).decode()
    import weasyprint

    html = f'<html><body style="margin:0"><img src="data:image/png;base64,{picture}"></body></html>'
    data: bytes = weasyprint.HTML(string=html).write_pdf()
    return data


def with_pages_of(pdf: bytes, other: bytes) -> bytes:
    """`pdf` with the pages of `other` appended (a report whose last pages were scanned)."""
    doc, extra = pdfium.PdfDocument(pdf), pdfium.PdfDocument(other)
    doc.import_pages(extra)
    buffer = io.BytesIO()
    doc.save(buffer)
    extra.close()
    doc.close()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    """A one-page PDF locked with an open password (standard security handler, 40-bit RC4).

    Only the /Encrypt dictionary matters to a reader without the password: PDFium checks the
    empty password against /U, fails, and reports a password error, as with any locked file."""
    o, u = os.urandom(32).hex(), os.urandom(32).hex()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        f"<< /Filter /Standard /V 1 /R 2 /O <{o}> /U <{u}> /P -44 >>".encode(),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.writelines(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    ident = os.urandom(16).hex()
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Encrypt 4 0 R "
        f"/ID [<{ident}> <{ident}>] >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def blank_pages(count: int) -> bytes:
    pdf = pdfium.PdfDocument.new()
    for _ in range(count):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def texts_in_boxes(pdf: bytes, places: dict[str, Any]) -> dict[str, str]:
    """What PDFium prints inside each traced box (top-left origin, as the reader gives it)."""
    doc = pdfium.PdfDocument(pdf)
    out: dict[str, str] = {}
    try:
        for page_number in sorted({place["page"] for place in places.values()}):
            page = doc[page_number - 1]
            height = page.get_height()
            textpage = page.get_textpage()
            for path, place in places.items():
                if place["page"] == page_number:
                    left, top, right, bottom = place["box"]
                    out[path] = textpage.get_text_bounded(
                        left, height - bottom, right, height - top
                    )
            textpage.close()
            page.close()
    finally:
        doc.close()
    return out
