"""管理 · 文书模板: the letter templates of the system or an agency, editing, preview, reset."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from gongkai.errors import GongkaiError
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.forms import OptionalId
from gongkai.web.pages.admin.common import Version, _manager, _see, _status, router
from gongkai.workbench import access, letters, users
from gongkai.workbench.access import Action, NotFound
from gongkai.workbench.letter_templates import VARIABLES, LetterKind, check
from gongkai.workbench.orm import Role


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
