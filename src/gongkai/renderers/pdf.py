"""Document -> PDF, drawn by WeasyPrint from the HTML page.

WeasyPrint lays out the same page a portal publishes (its `@media print` rules: GB/T 9704 sizes,
A4, "第 N 页 共 M 页"), in-process and in about a second, where LibreOffice needs a separate
process and a profile per run (docs/pdf-engine.md). Missing CJK fonts would silently draw empty
boxes, so the fonts are checked first; `lang="zh-CN"` makes Noto choose the simplified forms.
Nothing is fetched: the page has no external resources and the URL fetcher refuses all.
"""

from __future__ import annotations

import hashlib
import logging
from functools import cache

from gongkai.renderers import fonts
from gongkai.renderers.document import Document
from gongkai.renderers.html import to_html

LOG = logging.getLogger(__name__)

# WeasyPrint logs every step at INFO and fontTools every subset; keep warnings and errors.
_QUIET = ("weasyprint", "weasyprint.progress", "fontTools", "fontTools.subset")


def _quiet() -> None:
    for name in _QUIET:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


def to_pdf(doc: Document) -> bytes:
    """The printed document; FontsMissing (with what to install) when no font can draw Chinese."""
    fonts.use_project_fonts()
    fonts.require_chinese_fonts()
    import weasyprint  # heavy (0.6 s): only when a PDF is asked for

    _quiet()
    _check_subsetter()
    fetcher = weasyprint.URLFetcher(allowed_protocols=(), fail_on_errors=True)
    source = to_html(doc)
    page = weasyprint.HTML(string=source, url_fetcher=fetcher, media_type="print")
    data: bytes = page.write_pdf(pdf_identifier=_identifier(source))
    return data


@cache
def _check_subsetter() -> None:
    """Without libharfbuzz-subset WeasyPrint subsets the 65,000-glyph CJK fonts with fontTools:
    the same PDF, but 20-25 s instead of 1 s. Say so once (WeasyPrint's own notice is silent)."""
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset is None:
        LOG.warning(
            "未安装 HarfBuzz 字体子集库（Debian：apt-get install libharfbuzz-subset0），"
            "生成 PDF 将慢约 20 倍"
        )


def _identifier(source: str) -> bytes:
    """A stable /ID from the content instead of a random one, so equal input gives equal bytes."""
    return hashlib.md5(source.encode("utf-8"), usedforsecurity=False).hexdigest().encode()
