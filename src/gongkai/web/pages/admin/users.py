"""管理 · 用户: the user list, new users, editing, password reset, archiving and restoring."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from gongkai.errors import GongkaiError
from gongkai.web.context import Db, Now, Signed, Viewer, current_time, render, write
from gongkai.web.forms import Id, OptionalId
from gongkai.web.pages.admin.common import Text, Version, _manager, _see, _status, router
from gongkai.workbench import access, users
from gongkai.workbench.orm import Role


@router.get("/admin/users")
def user_list(
    request: Request, viewer: Signed, db: Db, agency: OptionalId = None, archived: bool = False
) -> Response:
    system = _manager(db, viewer)
    found = users.list_users(db, viewer.user.id, agency, archived=archived)
    context = {
        "system": system,
        "section": "users",
        "users": found,
        "agencies": users.manageable_agencies(db, viewer.user.id),
        "agency": agency,
        "archived": archived,
    }
    return render(request, "admin/users.html", context)


def _user_form(
    request: Request, db: Db, viewer: Viewer, values: dict[str, Any], error: Any = None
) -> Response:
    context = {
        "system": _manager(db, viewer),
        "section": "users",
        "roles": users.grantable_roles(db, viewer.user.id),
        "agencies": users.manageable_agencies(db, viewer.user.id),
        "values": values,
        "error": error,
    }
    return render(request, "admin/user_new.html", context, 400 if error else 200)


@router.get("/admin/users/new")
def new_user_page(request: Request, viewer: Signed, db: Db) -> Response:
    values = {"login": "", "name": "", "role": Role.CLERK.value, "agency": viewer.user.agency_id}
    return _user_form(request, db, viewer, values)


@router.post("/admin/users/new")
def create_user(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    login: Annotated[str, Form(max_length=64)] = "",
    name: Text = "",
    role: Annotated[str, Form(max_length=32)] = "",
    agency: Annotated[int, Form()] = 0,
    password: Text = "",
) -> Response:
    _manager(db, viewer)
    chosen = password or users.temporary_password(login)
    values = {"login": login, "name": name, "role": role, "agency": agency}
    try:
        with write(request) as session:
            made = users.create_user(
                session,
                viewer.user.id,
                login=login,
                name=name,
                role=role,
                agency_id=agency,
                password=chosen,
                now=now,
            )
            user_id = made.id
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        return _user_form(request, db, viewer, values, err)
    return _user_page(request, db, viewer, user_id, temporary=None if password else chosen)


def _user_page(
    request: Request,
    db: Db,
    viewer: Viewer,
    user_id: int,
    *,
    temporary: str | None = None,
    error: Any = None,
    values: dict[str, Any] | None = None,
    message: str | None = None,
) -> Response:
    system = _manager(db, viewer)
    target = users.load_user(db, viewer.user.id, user_id)
    db.refresh(target)  # changed by the write just made, in another session
    context = {
        "system": system,
        "section": "users",
        "target": target,
        "roles": users.grantable_roles(db, viewer.user.id),
        "agencies": users.manageable_agencies(db, viewer.user.id),
        "values": values
        or {"name": target.name, "role": target.role.value, "agency": target.agency_id},
        "temporary": temporary,
        "error": error,
        "message": message,
        "is_self": target.id == viewer.user.id,
    }
    return render(request, "admin/user.html", context, _status(error))


_MESSAGES = {
    "saved": "已保存。",
    "archived": "该用户已停用，不能再登录。",
    "restored": "该用户已恢复。",
}


@router.get("/admin/users/{user_id}")
def user_page(
    request: Request, viewer: Signed, db: Db, user_id: Id, done: str | None = None
) -> Response:
    return _user_page(request, db, viewer, user_id, message=_MESSAGES.get(done or ""))


@router.post("/admin/users/{user_id}")
def update_user(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    user_id: Id,
    name: Text = "",
    role: Annotated[str, Form(max_length=32)] = "",
    agency: Annotated[int | None, Form()] = None,
    expected_version: Version = None,
) -> Response:
    _manager(db, viewer)
    try:
        with write(request) as session:
            users.update_user(
                session,
                viewer.user.id,
                user_id,
                name=name,
                role=role,
                agency_id=agency,
                expected_version=expected_version,
                now=now,
            )
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        values = {"name": name, "role": role, "agency": agency}
        return _user_page(request, db, viewer, user_id, error=err, values=values)
    return _see(f"/admin/users/{user_id}?done=saved")


@router.post("/admin/users/{user_id}/password")
def reset_password(
    request: Request,
    viewer: Signed,
    db: Db,
    user_id: Id,
    password: Text = "",
    expected_version: Version = None,
) -> Response:
    _manager(db, viewer)
    target = users.load_user(db, viewer.user.id, user_id)
    chosen = password or users.temporary_password(target.login)
    try:
        with write(request) as session:
            users.reset_password(
                session,
                viewer.user.id,
                user_id,
                chosen,
                expected_version=expected_version,
                now=current_time(request),
            )
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        return _user_page(request, db, viewer, user_id, error=err)
    if target.id == viewer.user.id:  # the own sessions ended too: sign in again
        return _see("/login")
    message = "密码已重置，该用户的所有登录会话已失效。"
    shown = None if password else chosen
    return _user_page(request, db, viewer, user_id, temporary=shown, message=message)


def _archive_or_restore(
    request: Request, viewer: Viewer, db: Db, user_id: int, version: int | None, archive: bool
) -> Response:
    _manager(db, viewer)
    change = users.archive_user if archive else users.restore_user
    now = request.app.state.clock()
    try:
        with write(request) as session:
            change(session, viewer.user.id, user_id, expected_version=version, now=now)
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        return _user_page(request, db, viewer, user_id, error=err)
    return _see(f"/admin/users/{user_id}?done={'archived' if archive else 'restored'}")


@router.post("/admin/users/{user_id}/archive")
def archive_user(
    request: Request, viewer: Signed, db: Db, user_id: Id, expected_version: Version = None
) -> Response:
    return _archive_or_restore(request, viewer, db, user_id, expected_version, archive=True)


@router.post("/admin/users/{user_id}/restore")
def restore_user(
    request: Request, viewer: Signed, db: Db, user_id: Id, expected_version: Version = None
) -> Response:
    return _archive_or_restore(request, viewer, db, user_id, expected_version, archive=False)
