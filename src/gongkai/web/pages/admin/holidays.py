"""管理 · 节假日: the holiday table per year and the upload of a holiday file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Request, UploadFile
from fastapi.responses import Response

from gongkai.errors import GongkaiError
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.pages.admin.common import _manager, router
from gongkai.workbench import access, users
from gongkai.workbench.access import Action
from gongkai.workbench.calendar_table import load_holidays

HOLIDAY_FILE_LIMIT = 512 * 1024


def _holidays(
    request: Request, db: Db, viewer: Viewer, *, error: Any = None, result: Any = None
) -> Response:
    system = _manager(db, viewer)
    first, last = users.library_years()
    context = {
        "system": system,
        "section": "holidays",
        "years": users.holiday_years(db, viewer.user.id),
        "library": (first, last),
        "error": error,
        "result": result,
    }
    return render(request, "admin/holidays.html", context, 400 if error else 200)


@router.get("/admin/holidays")
def holidays_page(request: Request, viewer: Signed, db: Db) -> Response:
    return _holidays(request, db, viewer)


@router.post("/admin/holidays")
def upload_holidays(
    request: Request, viewer: Signed, db: Db, now: Now, file: Annotated[UploadFile, File()]
) -> Response:
    _manager(db, viewer)
    access.require(db, viewer.user, Action.ADMINISTER, viewer.user.agency_id)
    raw = file.file.read(HOLIDAY_FILE_LIMIT + 1)
    try:
        if len(raw) > HOLIDAY_FILE_LIMIT:
            raise GongkaiError("节假日文件过大。", "节假日安排文件通常只有几 KB，请检查文件。")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise GongkaiError("无法读取节假日文件。", "请上传 UTF-8 编码的 JSON 文件。") from None
        with write(request) as session:
            loaded = load_holidays(session, viewer.user.id, text, now=now)
    except (access.PermissionDenied, access.Conflict):
        raise
    except GongkaiError as err:
        return _holidays(request, db, viewer, error=err)
    return _holidays(request, db, viewer, result=loaded)
