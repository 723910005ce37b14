"""Downloads: a file named in Chinese, and an annual report in one of its printed formats."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

from gongkai.errors import GongkaiError
from gongkai.renderers import annual, render_report
from gongkai.report.model import AnnualReport

REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (".pdf", "application/pdf"),
    "html": (".html", "text/html; charset=utf-8"),
}


def attachment(body: bytes, media_type: str, name: str) -> Response:
    """A download named in Chinese (RFC 6266 / 5987) with an ASCII fallback for old clients."""
    fallback = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in name)
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(body, media_type=media_type, headers={"content-disposition": disposition})


def report_file(report: AnnualReport, kind: str, suffix: str = "") -> Response:
    """The report as DOCX, PDF or HTML, named after its title (plus `suffix`)."""
    if kind not in REPORT_FORMATS:
        raise GongkaiError(f"不支持的下载格式：{kind}。", "可选格式：docx、pdf、html。")
    ext, media = REPORT_FORMATS[kind]
    return attachment(render_report(report, kind), media, f"{annual.title_of(report)}{suffix}{ext}")
