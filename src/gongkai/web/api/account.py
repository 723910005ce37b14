"""The account in the API: who is signed in, and signing in and out with a bearer token.

`POST /api/session` checks the credentials exactly like the login page (the same throttling; a
failed attempt is committed so that it counts) and answers with a token, which the client then
sends as `Authorization: Bearer <token>`. No cookie is set: the token lives only in the client.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from gongkai.web.context import Now, Signed, credentials, write
from gongkai.workbench import accounts
from gongkai.workbench.accounts import LoginError
from gongkai.workbench.orm import User

router = APIRouter(prefix="/api", tags=["账户"])


class UserOut(BaseModel):
    id: int
    login: str
    name: str
    role: str = Field(description="角色代码")
    role_label: str = Field(description="角色名称")
    agency_id: int
    agency: str = Field(description="所在机关")


class Credentials(BaseModel):
    login: str = Field(max_length=64, description="登录名")
    password: str = Field(max_length=200, description="密码")


class SessionOut(BaseModel):
    token: str = Field(description="以 Authorization: Bearer <token> 发送")
    expires_at: datetime = Field(description="令牌到期时间")
    user: UserOut


class Problem(BaseModel):
    error: str
    hint: str


def user_out(user: User) -> UserOut:
    return UserOut(
        id=user.id,
        login=user.login,
        name=user.name,
        role=user.role.value,
        role_label=user.role.label,
        agency_id=user.agency_id,
        agency=user.agency.name,
    )


@router.get("/me", summary="当前用户", response_model=UserOut)
def me(viewer: Signed) -> UserOut:
    return user_out(viewer.user)


@router.post(
    "/session",
    summary="登录并取得令牌",
    description="以登录名和密码登录，返回 Bearer 令牌。连续输错 5 次将暂停该登录名 15 分钟。",
    response_model=SessionOut,
    responses={
        401: {"model": Problem, "description": "登录名或密码不正确"},
        429: {"model": Problem, "description": "失败次数过多，暂停登录"},
    },
)
def open_session(request: Request, body: Credentials, now: Now) -> Response | SessionOut:
    address = request.client.host if request.client else ""
    try:
        with write(request) as session:
            signed = accounts.authenticate(
                session, body.login, body.password, address=address, now=now
            )
            out = None
            if signed is not None:
                out = SessionOut(
                    token=signed.token,
                    expires_at=signed.session.expires_at,
                    user=user_out(signed.user),
                )
    except LoginError as err:  # raised only while locked: nothing to commit
        return _problem(429, err)
    if out is None:  # the failed attempt is committed above, so it counts towards the lock
        return _problem(401, LoginError(*accounts.WRONG_CREDENTIALS))
    return out


@router.delete(
    "/session",
    summary="退出登录（令牌失效）",
    status_code=204,
    response_class=Response,
)
def close_session(request: Request, viewer: Signed, now: Now) -> Response:
    token, _ = credentials(request)
    with write(request) as session:
        accounts.end_session(session, token, now)
    return Response(status_code=204)


def _problem(status: int, err: LoginError) -> JSONResponse:
    return JSONResponse({"error": err.message, "hint": err.hint}, status_code=status)
