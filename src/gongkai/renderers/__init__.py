"""Renderers: a report (or a comparison, or a letter) -> bytes of a publishable file.

A builder lays the content out once as a `document.Document`; a backend draws it. Backends
register in `BACKENDS` by format name, the same table a third party would extend; the heavy ones
(python-docx, WeasyPrint) are imported only when used, so the CLI starts fast.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from gongkai.errors import SettingsError
from gongkai.renderers import annual, comparison
from gongkai.renderers.document import Document
from gongkai.report.model import AnnualReport

Backend = Callable[[Document], bytes]

# format -> (module, function): Document -> bytes
BACKENDS: dict[str, tuple[str, str]] = {
    "docx": ("gongkai.renderers.docx", "to_docx"),
    "pdf": ("gongkai.renderers.pdf", "to_pdf"),
    "html": ("gongkai.renderers.html", "to_html_bytes"),
    "md": ("gongkai.renderers.markdown", "to_markdown_bytes"),
    "txt": ("gongkai.renderers.markdown", "to_text_bytes"),
}
SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "html": ".html", "md": ".md", "txt": ".txt"}
ALIASES = {"markdown": "md", "text": "txt", "htm": "html", "word": "docx"}


def format_name(name: str) -> str:
    """A format as the user wrote it ("DOCX", ".md", "markdown") -> its key; SettingsError if unknown."""
    key = name.strip().lower().lstrip(".")
    key = ALIASES.get(key, key)
    if key not in BACKENDS:
        raise SettingsError(
            f"不支持的输出格式：{name}",
            f"可选格式：{'、'.join(BACKENDS)}",
        )
    return key


def backend(name: str) -> Backend:
    module, function = BACKENDS[format_name(name)]
    draw: Backend = getattr(import_module(module), function)
    return draw


def render_document(doc: Document, to: str) -> bytes:
    return backend(to)(doc)


def render_report(report: AnnualReport, to: str) -> bytes:
    """The annual report in the national layout, as a file of format `to`."""
    return render_document(annual.build(report), to)


def render_comparison(last: AnnualReport, this: AnnualReport, to: str) -> bytes:
    """Two reports side by side, every changed cell listed and marked."""
    return render_document(comparison.build(last, this), to)
