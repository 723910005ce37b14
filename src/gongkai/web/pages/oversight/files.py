"""督导 · 年报文件: published report files of agencies not on the workbench, and their aliases.

Several files may be uploaded at once; each is read, checked and filed in its own transaction,
so that one unreadable or unplaceable file is named with its reason and the others still land.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from gongkai.errors import GongkaiError, InputError
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.forms import parse_id
from gongkai.web.pages.oversight.common import router
from gongkai.web.report_views import ACCEPT_ATTR, ACCEPTED_SUFFIXES, MAX_UPLOAD
from gongkai.workbench import access, oversight_files
from gongkai.workbench.access import Action
from gongkai.workbench.oversight_files import Filing

MAX_FILES = 50  # per upload; a whole folder goes through `gongkai import-reports`


@router.get("/oversight/files")
def files_page(request: Request, viewer: Signed, db: Db) -> Response:
    return _page(request, viewer, db)


@router.post("/oversight/files")
def upload(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    access.require(db, viewer.user, Action.SUPERVISE, viewer.user.agency_id)
    chosen = [f for f in files or [] if f.filename]
    if not chosen:
        error = InputError("请选择要上传的年报文件。", "可一次选择多个文件。")
        return _page(request, viewer, db, error=error, status=400)
    if len(chosen) > MAX_FILES:
        error = InputError(
            f"一次最多上传 {MAX_FILES} 个文件（本次 {len(chosen)} 个）。",
            "请分批上传；整个文件夹可在服务器上用命令 gongkai import-reports 导入。",
        )
        return _page(request, viewer, db, error=error, status=400)
    outcomes = [_one(request, viewer, f, now) for f in chosen]
    filed = sum(1 for _name, ok, _text in outcomes if ok)
    return _page(request, viewer, db, outcomes=outcomes, status=200 if filed else 400)


@router.post("/oversight/aliases")
def add_alias(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency: Annotated[str, Form(max_length=20)] = "",
    alias: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        agency_id = parse_id(agency)
        if agency_id is None:
            raise InputError("请选择机关。", "别名要对应到一个机关。")
        with write(request) as session:
            oversight_files.add_alias(session, viewer.user.id, agency_id, alias, now=now)
    except access.PermissionDenied:
        raise
    except GongkaiError as err:
        return _page(request, viewer, db, alias_error=err, alias_values=(agency, alias), status=400)
    return RedirectResponse("/oversight/files#aliases", status_code=303)


def _one(
    request: Request, viewer: Viewer, upload: UploadFile, now: datetime
) -> tuple[str, bool, str]:
    name = Path(upload.filename or "").name
    try:
        if Path(name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise InputError(
                f"不支持的文件类型：{name}。", "请上传年报的 PDF、Word、网页或文本文件。"
            )
        data = upload.file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise InputError("文件超过 20 MB 的上限。", "请确认文件是否正确。")
        with write(request) as session:
            filed = oversight_files.import_file(session, viewer.user.id, name, data, now=now)
            agency = access.agency_names(session, viewer.user).get(filed.row.agency_id, "")
            text = filed.told(agency)
        return name, filed.filing is not Filing.SUPERSEDED, text
    except access.PermissionDenied as err:
        return name, False, err.message
    except GongkaiError as err:
        message = err.message.removeprefix(f"{name}：")  # the readers name the file too
        return name, False, f"{message}{err.hint and '（' + err.hint + '）'}"


def _page(
    request: Request,
    viewer: Viewer,
    db: Db,
    *,
    outcomes: list[tuple[str, bool, str]] | None = None,
    error: GongkaiError | None = None,
    alias_error: GongkaiError | None = None,
    alias_values: tuple[str, str] = ("", ""),
    status: int = 200,
) -> Response:
    rows = oversight_files.files(db, viewer.user.id)
    names = access.agency_names(db, viewer.user)
    counts = {
        row.id: tuple(
            sum(1 for f in row.findings if f["severity"] == level and f["status"] == "failed")
            for level in ("error", "warning")
        )
        for row in rows
    }
    context = {
        "title": "年报文件",
        "rows": rows,
        "counts": counts,
        "names": names,
        "aliases": oversight_files.alias_list(db, viewer.user.id),
        "accept": ACCEPT_ATTR,
        "max_files": MAX_FILES,
        "outcomes": outcomes,
        "error": error,
        "alias_error": alias_error,
        "alias_values": alias_values,
    }
    return render(request, "oversight/files.html", context, status)
