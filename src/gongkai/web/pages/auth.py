"""登录、退出、修改密码."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from gongkai.web.context import (
    SESSION_COOKIE,
    MaybeSigned,
    Now,
    Signed,
    credentials,
    render,
    set_cookie,
    write,
)
from gongkai.workbench import accounts
from gongkai.workbench.accounts import SESSION_HOURS, LoginError

router = APIRouter(tags=["登录"], include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another one."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


@router.get("/login")
def login_page(request: Request, viewer: MaybeSigned, next: str | None = None) -> Response:
    if viewer is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "auth/login.html", {"next": safe_next(next), "login": ""})


@router.post("/login")
def login(
    request: Request,
    now: Now,
    login: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    earlier, _ = credentials(request)
    try:
        with write(request) as session:
            signed = accounts.authenticate(
                session, login, password, address=client_address(request), now=now
            )
            if signed is not None and earlier:
                accounts.end_session(session, earlier, now)  # signing in again ends the old one
            token = signed.token if signed is not None else ""
        if signed is None:
            raise LoginError(*accounts.WRONG_CREDENTIALS)
    except LoginError as err:
        context = {"next": safe_next(next), "login": login, "error": err}
        status = 429 if isinstance(err, accounts.LoginLocked) else 400
        return render(request, "auth/login.html", context, status=status)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_cookie(request, response, SESSION_COOKIE, token, max_age=SESSION_HOURS * 3600)
    return response


@router.post("/logout")
def logout(request: Request, now: Now) -> Response:
    token, _ = credentials(request)
    if token:
        with write(request) as session:
            accounts.end_session(session, token, now)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account/password")
def password_page(request: Request, viewer: Signed) -> Response:
    return render(request, "auth/password.html", {})


@router.post("/account/password")
def change_password(
    request: Request,
    viewer: Signed,
    now: Now,
    old: Annotated[str, Form(max_length=200)] = "",
    new: Annotated[str, Form(max_length=200)] = "",
    repeat: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        if new != repeat:
            raise LoginError("两次输入的新密码不一致。", "请重新输入。")
        token, _ = credentials(request)
        with write(request) as session:
            accounts.change_password(session, viewer.user.id, old, new, keep_token=token, now=now)
    except LoginError as err:
        return render(request, "auth/password.html", {"error": err}, status=400)
    return render(request, "auth/password.html", {"done": True})
