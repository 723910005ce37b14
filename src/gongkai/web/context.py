"""What every route needs: the database session, the clock, who is signed in, and rendering.

Routes take `Db`, `Signed` (a page that needs a signed-in user) and `Now` as dependencies, write
through `write(request)` (one transaction: all or nothing), and answer with `render(...)`, which
gives every template the viewer, the CSRF token and the navigation.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from gongkai.workbench import access, accounts
from gongkai.workbench.access import Action
from gongkai.workbench.orm import User, WebSession
from gongkai.workbench.store import transaction

SESSION_COOKIE = "gongkai_session"
ANON_CSRF_COOKIE = "gongkai_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


_UNSET = object()


class NotSignedIn(Exception):
    """No valid session: pages redirect to the login page, the API answers 401."""


@dataclass(frozen=True, slots=True)
class Viewer:
    user: User
    session: WebSession
    bearer: bool  # signed in with an API token rather than the browser cookie
    csrf: str  # the session's form token, kept as text: error pages render after the session

    def can(self, db: Session, action: Action, agency_id: int | None = None) -> bool:
        return access.can(
            db, self.user, action, self.user.agency_id if agency_id is None else agency_id
        )


# The dependencies are coroutines on purpose: FastAPI runs a plain function dependency in a
# worker thread, and a hop costs more than what these do (a clock read; a Session object, which
# connects only when first used; the session lookup, one indexed query). Routes that may take
# long (uploads, renderings, scans) stay plain functions and run in the thread pool; the pages
# every user opens all day (工作台, the register) are coroutines: a worker thread would add
# switching and contention for Python's one lock, not speed.
async def now(request: Request) -> datetime:
    return current_time(request)


def current_time(request: Request) -> datetime:
    """The app's clock (fixed in tests): what every date the workbench records is taken from."""
    moment: datetime = request.app.state.clock()
    return moment


async def db(request: Request) -> AsyncIterator[Session]:
    session: Session = request.app.state.factory()
    try:
        yield session
    finally:
        session.close()


# Closed as soon as the route returns (scope="function"), not after the answer is sent: a slow
# reader of a large page must not keep a pooled connection while other requests wait for one.
Db = Annotated[Session, Depends(db, scope="function")]


@contextmanager
def write(request: Request) -> Iterator[Session]:
    """One unit of work for a change: committed when the block succeeds, else rolled back."""
    with transaction(request.app.state.factory) as session:
        yield session


def credentials(request: Request) -> tuple[str, bool]:
    """The session token the request carries, and whether it came as a bearer token."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip(), True
    return request.cookies.get(SESSION_COOKIE, ""), False


def web_session(request: Request, session: Session) -> WebSession | None:
    """The live session of the request, looked up once per request."""
    if getattr(request.state, "web_session", _UNSET) is _UNSET:
        token, _ = credentials(request)
        found = accounts.session_for(session, token, current_time(request)) if token else None
        request.state.web_session = found
    row: WebSession | None = request.state.web_session
    return row


async def signed_in(request: Request, session: Db) -> Viewer:
    row = web_session(request, session)
    if row is None:
        raise NotSignedIn()
    viewer = Viewer(user=row.user, session=row, bearer=credentials(request)[1], csrf=row.csrf_token)
    request.state.viewer = viewer
    return viewer


async def maybe_signed_in(request: Request, session: Db) -> Viewer | None:
    try:
        return await signed_in(request, session)
    except NotSignedIn:
        return None


Signed = Annotated[Viewer, Depends(signed_in)]
MaybeSigned = Annotated[Viewer | None, Depends(maybe_signed_in)]
Now = Annotated[datetime, Depends(now)]


def csrf_token(request: Request) -> str:
    """The token forms must send back: the session's, or for visitors a cookie's (double submit)."""
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    if viewer is not None and not viewer.bearer:
        return viewer.csrf
    row: WebSession | None = getattr(request.state, "web_session", None)
    if row is not None:
        return row.csrf_token
    token = request.cookies.get(ANON_CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """A page in the site layout, with the viewer, navigation and CSRF token available."""
    templates = request.app.state.templates
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    ctx = {"viewer": viewer, "csrf_token": csrf_token(request), **(context or {})}
    response: HTMLResponse = templates.TemplateResponse(request, template, ctx, status_code=status)
    new_csrf = getattr(request.state, "new_csrf", None)
    if new_csrf:
        set_cookie(request, response, ANON_CSRF_COOKIE, new_csrf, max_age=None)
    return response


def set_cookie(
    request: Request, response: Any, name: str, value: str, *, max_age: int | None
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
