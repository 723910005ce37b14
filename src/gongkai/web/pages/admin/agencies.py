"""管理 · 机关: the agency tree, new agencies, editing an agency and its guide."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from gongkai.errors import GongkaiError
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.forms import Id, parse_id
from gongkai.web.pages.admin.common import Text, Version, _manager, _see, _status, router
from gongkai.workbench import access, users
from gongkai.workbench.access import Action
from gongkai.workbench.orm import AgencyKind


@router.get("/admin/agencies")
def agency_list(request: Request, viewer: Signed, db: Db) -> Response:
    system = _manager(db, viewer)
    rows = users.agency_tree(db, viewer.user.id)
    context = {"system": system, "section": "agencies", "rows": rows}
    return render(request, "admin/agencies.html", context)


def _agency_form(
    request: Request,
    db: Db,
    viewer: Viewer,
    agency_id: int | None,
    *,
    values: dict[str, Any] | None = None,
    error: Any = None,
    message: str | None = None,
) -> Response:
    system = _manager(db, viewer)
    agency = users.load_agency(db, viewer.user.id, agency_id) if agency_id is not None else None
    if agency is None:
        access.require(db, viewer.user, Action.ADMINISTER, viewer.user.agency_id)
    if values is None:
        values = {
            "name": agency.name if agency else "",
            "kind": (agency.kind if agency else AgencyKind.DEPARTMENT).value,
            "parent": agency.parent_id if agency else viewer.user.agency_id,
            "guide": (agency.guide or "") if agency else "",
        }
    context = {
        "system": system,
        "section": "agencies",
        "agency": agency,
        "kinds": list(AgencyKind),
        "parents": [
            r for r in users.agency_tree(db, viewer.user.id) if agency is None or r.agency != agency
        ],
        "values": values,
        "error": error,
        "message": message,
    }
    return render(request, "admin/agency.html", context, _status(error))


@router.get("/admin/agencies/new")
def new_agency_page(request: Request, viewer: Signed, db: Db) -> Response:
    return _agency_form(request, db, viewer, None)


def _parent(value: str | None) -> int | users.Keep | None:
    if value is None:
        return users.KEEP
    value = value.strip()
    if not value:
        return None
    parent = parse_id(value)
    if parent is None:
        raise GongkaiError("上级机关选择有误。", "请从列表中选择上级机关。")
    return parent


@router.post("/admin/agencies/new")
def create_agency(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    name: Text = "",
    kind: Annotated[str, Form(max_length=32)] = "",
    parent: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    _manager(db, viewer)
    try:
        parent_id = _parent(parent)
        with write(request) as session:
            made = users.create_agency(
                session,
                viewer.user.id,
                name=name,
                kind=kind,
                parent_id=parent_id if isinstance(parent_id, int) else None,
                now=now,
            )
            agency_id = made.id
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        values = {"name": name, "kind": kind, "parent": parent, "guide": ""}
        return _agency_form(request, db, viewer, None, values=values, error=err)
    return _see(f"/admin/agencies/{agency_id}?done=saved")


@router.get("/admin/agencies/{agency_id}")
def agency_page(
    request: Request, viewer: Signed, db: Db, agency_id: Id, done: str | None = None
) -> Response:
    message = "已保存。" if done == "saved" else None
    return _agency_form(request, db, viewer, agency_id, message=message)


@router.post("/admin/agencies/{agency_id}")
def update_agency(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    agency_id: Id,
    name: Annotated[str | None, Form(max_length=200)] = None,
    kind: Annotated[str | None, Form(max_length=32)] = None,
    parent: Annotated[str | None, Form(max_length=20)] = None,
    guide: Annotated[str, Form(max_length=users.MAX_GUIDE + 1000)] = "",
    expected_version: Version = None,
) -> Response:
    _manager(db, viewer)
    try:
        with write(request) as session:
            users.update_agency(
                session,
                viewer.user.id,
                agency_id,
                name=users.KEEP if name is None else name,
                kind=users.KEEP if kind is None else kind,
                parent_id=_parent(parent),
                guide=guide,
                expected_version=expected_version,
                now=now,
            )
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        values = {"name": name or "", "kind": kind or "", "parent": parent, "guide": guide}
        return _agency_form(request, db, viewer, agency_id, values=values, error=err)
    return _see(f"/admin/agencies/{agency_id}?done=saved")
