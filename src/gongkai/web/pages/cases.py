"""复议与诉讼: administrative reconsideration and litigation cases linked to applications."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gongkai.web.context import Signed, render

router = APIRouter(include_in_schema=False)


@router.get("/cases")
def index(request: Request, viewer: Signed) -> Response:
    return render(request, "placeholder.html", {"title": "复议与诉讼"})
