"""管理: users, agencies, the holiday table, letter templates, the audit log.

Agency administrators manage their own agency; the system administrator everything. Every route
goes through the services in `workbench.users`, `workbench.letters`, `workbench.calendar_table`
and `workbench.audit_log`, which check the role and the agency again: a guessed id of another
agency's user gives 403, whatever the page showed.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from gongkai.errors import GongkaiError
from gongkai.web.context import Db, Now, Signed, Viewer, current_time, render, write
from gongkai.web.forms import Id, OptionalId, parse_id, parse_optional_date
from gongkai.workbench import access, audit_log, letters, users
from gongkai.workbench.access import Action, NotFound
from gongkai.workbench.calendar_table import load_holidays
from gongkai.workbench.letter_templates import VARIABLES, LetterKind, check
from gongkai.workbench.orm import AgencyKind, Role

router = APIRouter(include_in_schema=False)
HOLIDAY_FILE_LIMIT = 512 * 1024

Text = Annotated[str, Form(max_length=200)]
Version = Annotated[int | None, Form()]


def _manager(db: Db, viewer: Viewer) -> bool:
    """Refuse everybody but administrators; True for the system administrator."""
    access.require(db, viewer.user, Action.MANAGE, viewer.user.agency_id)
    return viewer.user.role is Role.SYSTEM_ADMIN


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/admin")
def index(request: Request, viewer: Signed, db: Db) -> Response:
    system = _manager(db, viewer)
    return render(request, "admin/index.html", {"system": system, "section": ""})


# ---------------------------------------------------------------- users


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


def _status(error: object) -> int:
    """409 when somebody else changed the record meanwhile (the form keeps what was typed)."""
    if error is None:
        return 200
    return 409 if isinstance(error, access.Conflict) else 400


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


# ---------------------------------------------------------------- agencies


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


# ---------------------------------------------------------------- holidays


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


# ---------------------------------------------------------------- letter templates


def _level(db: Db, viewer: Viewer, agency: int | None) -> tuple[int | None, str]:
    """Whose templates the page edits: an agency's (checked), or the system-wide ones."""
    if agency is None and viewer.user.role is not Role.SYSTEM_ADMIN:
        agency = viewer.user.agency_id
    if agency is None:
        access.require(db, viewer.user, Action.ADMINISTER, viewer.user.agency_id)
        return None, "全系统"
    return agency, users.load_agency(db, viewer.user.id, agency).name


def _kind(kind: str) -> LetterKind:
    try:
        return LetterKind(kind)
    except ValueError:
        raise NotFound(f"没有“{kind}”这种文书。", "请从文书模板列表中选择。") from None


@router.get("/admin/letters")
def letter_list(request: Request, viewer: Signed, db: Db, agency: OptionalId = None) -> Response:
    system = _manager(db, viewer)
    level, owner = _level(db, viewer, agency)
    origin = "system" if level is None else "agency"
    rows = []
    for kind in LetterKind:
        source = letters.template_for(db, level, kind)
        rows.append({"kind": kind, "source": source, "own": source.origin == origin})
    context = {
        "system": system,
        "section": "letters",
        "rows": rows,
        "level": level,
        "owner": owner,
        "agencies": users.manageable_agencies(db, viewer.user.id),
    }
    return render(request, "admin/letters.html", context)


def _letter(
    request: Request,
    db: Db,
    viewer: Viewer,
    kind: LetterKind,
    agency: int | None,
    *,
    body: str | None = None,
    error: Any = None,
    preview: Any = None,
    message: str | None = None,
) -> Response:
    system = _manager(db, viewer)
    level, owner = _level(db, viewer, agency)
    source = letters.template_for(db, level, kind)
    own = source.origin == ("system" if level is None else "agency")
    context = {
        "system": system,
        "section": "letters",
        "kind": kind,
        "level": level,
        "owner": owner,
        "source": source,
        "own": own,
        "version": source.version if own else None,
        "body": source.body if body is None else body,
        "variables": VARIABLES[kind],
        "error": error,
        "preview": preview,
        "message": message,
        "query": "" if level is None else f"?agency={level}",
    }
    return render(request, "admin/letter.html", context, _status(error))


@router.get("/admin/letters/{kind}")
def letter_page(
    request: Request,
    viewer: Signed,
    db: Db,
    kind: str,
    agency: OptionalId = None,
    done: str | None = None,
) -> Response:
    messages = {"saved": "模板已保存。", "reset": "已恢复为上一级（或默认）模板。"}
    return _letter(request, db, viewer, _kind(kind), agency, message=messages.get(done or ""))


@router.post("/admin/letters/{kind}")
def save_letter(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    kind: str,
    agency: OptionalId = None,
    body: Annotated[str, Form(max_length=40_000)] = "",
    op: Annotated[str, Form(max_length=10)] = "save",
    expected_version: Version = None,
) -> Response:
    letter_kind = _kind(kind)
    level, _ = _level(db, viewer, agency)
    query = "" if level is None else f"agency={level}&"
    try:
        if op == "preview":
            shown = check(letter_kind, body.replace("\r\n", "\n"))
            return _letter(request, db, viewer, letter_kind, agency, body=body, preview=shown)
        with write(request) as session:
            if op == "reset":
                letters.reset_template(
                    session,
                    viewer.user.id,
                    letter_kind,
                    agency_id=level,
                    now=now,
                    expected_version=expected_version,
                )
            else:
                letters.set_template(
                    session,
                    viewer.user.id,
                    letter_kind,
                    body,
                    agency_id=level,
                    now=now,
                    expected_version=expected_version,
                )
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        return _letter(request, db, viewer, letter_kind, agency, body=body, error=err)
    done = "reset" if op == "reset" else "saved"
    return _see(f"/admin/letters/{letter_kind.value}?{query}done={done}")


# ---------------------------------------------------------------- audit log


@router.get("/admin/audit")
def audit_page(
    request: Request,
    viewer: Signed,
    db: Db,
    entity: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    before: OptionalId = None,
) -> Response:
    system = _manager(db, viewer)
    filters = audit_log.Filters(
        entity=entity or None,
        actor_login=actor or None,
        since=parse_optional_date(since, "起始日期"),
        until=parse_optional_date(until, "截止日期"),
    )
    page = audit_log.entries(db, viewer.user.id, filters, before=before)
    kept = {"entity": entity, "actor": actor, "since": since, "until": until}
    kept = {k: v for k, v in kept.items() if v}
    older = None
    if page.next_before is not None:
        older = "/admin/audit?" + urlencode({**kept, "before": page.next_before})
    context = {
        "system": system,
        "section": "audit",
        "page": page,
        "entities": audit_log.entity_kinds(db),
        "filters": {"entity": entity or "", "actor": actor or "", "since": since or ""}
        | {"until": until or ""},
        "older": older,
        "newest": "/admin/audit?" + urlencode(kept) if before is not None else None,
    }
    return render(request, "admin/audit.html", context)
