"""What the 管理 sections share: the one router, the form types, the role check, the index page.

Each section module decorates its routes on this `router` (FastAPI nests included routers, and the
authorization matrix enumerates `router.routes`); the package imports every section.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from gongkai.web.context import Db, Signed, Viewer, render
from gongkai.workbench import access
from gongkai.workbench.access import Action
from gongkai.workbench.orm import Role

router = APIRouter(include_in_schema=False)

Text = Annotated[str, Form(max_length=200)]
Version = Annotated[int | None, Form()]


def _manager(db: Db, viewer: Viewer) -> bool:
    """Refuse everybody but administrators; True for the system administrator."""
    access.require(db, viewer.user, Action.MANAGE, viewer.user.agency_id)
    return viewer.user.role is Role.SYSTEM_ADMIN


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _status(error: object) -> int:
    """409 when somebody else changed the record meanwhile (the form keeps what was typed)."""
    if error is None:
        return 200
    return 409 if isinstance(error, access.Conflict) else 400


@router.get("/admin")
def index(request: Request, viewer: Signed, db: Db) -> Response:
    system = _manager(db, viewer)
    return render(request, "admin/index.html", {"system": system, "section": ""})
