"""年报检查: upload any report file and see its tables with the findings highlighted (the views
are built by `web.report_views`; the file is read in memory and never stored)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

from gongkai.errors import GongkaiError
from gongkai.readers import KIND_ZH, sniff
from gongkai.web.context import Signed, render
from gongkai.web.report_views import ACCEPT_ATTR, read_and_check, report_views, summary

router = APIRouter(include_in_schema=False)


@router.get("/check")
def upload_form(request: Request, viewer: Signed) -> Response:
    return render(request, "checking/upload.html", {"accept": ACCEPT_ATTR})


@router.post("/check")
def check_upload(
    request: Request, viewer: Signed, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    try:
        result, checker = read_and_check(file)
    except GongkaiError as err:
        context = {"accept": ACCEPT_ATTR, "error": err}
        return render(request, "checking/upload.html", context, status=400)
    reader = list(result.findings)
    tables, views = report_views(result.report, [*reader, *checker])
    context = {
        "accept": ACCEPT_ATTR,
        "name": result.name,
        "kind": KIND_ZH.get(sniff(b"", result.name), ""),
        "report": result.report,
        "tables": tables,
        "notes": views[: len(reader)],
        "findings": views[len(reader) :],
        "summary": summary([*reader, *checker]),
    }
    return render(request, "checking/result.html", context)
