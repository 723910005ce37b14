"""The application factory: database, templates, middleware, routes and error pages."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from gongkai.db.engine import make_engine
from gongkai.errors import GongkaiError
from gongkai.web import pages
from gongkai.web.context import NotSignedIn, render
from gongkai.web.security import (
    UPLOAD_LIMIT,
    BodyLimit,
    CsrfError,
    SecurityHeaders,
    csrf_guard,
    too_large,
)
from gongkai.web.templating import make_templates
from gongkai.workbench.access import Conflict, NotFound, PermissionDenied
from gongkai.workbench.store import session_factory

STATIC = Path(__file__).resolve().parent / "static"
log = logging.getLogger("gongkai.web")


THREADS = 4  # worker threads per process for the (blocking) routes


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    # Most routes are plain functions run in a thread pool. Python runs one thread at a time, so
    # more threads than a few only add switching: 4 keep the database waits overlapped, no more.
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


def create_app(
    database_url: str,
    *,
    clock: Callable[[], datetime] | None = None,
    upload_limit: int = UPLOAD_LIMIT,
) -> FastAPI:
    """The workbench on the database at `database_url` (already migrated)."""
    app = FastAPI(
        title="gongkai 政府信息公开工作台 API",
        description="依申请公开、年度报告与年报检查的 JSON 接口。登录后以会话或 Bearer 令牌访问。",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(csrf_guard)],
        lifespan=_lifespan,
    )
    engine = make_engine(database_url)
    app.state.engine = engine
    app.state.factory = session_factory(engine)
    app.state.clock = clock or (lambda: datetime.now(UTC))
    app.state.templates = make_templates(reload=os.environ.get("GONGKAI_DEBUG") == "1")
    app.state.upload_limit = upload_limit
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in pages.ROUTERS:
        app.include_router(router)
    _error_pages(app)
    app.add_middleware(BodyLimit, limit=upload_limit)
    app.add_middleware(SecurityHeaders)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, hint: str = "") -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, "hint": hint}, status_code=status)
    return render(
        request, "error.html", {"status": status, "message": message, "hint": hint}, status
    )


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _exc: NotSignedIn) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"error": "尚未登录或登录已过期。", "hint": "请先登录（POST /api/session）。"},
                status_code=401,
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)

    statuses: list[tuple[type[GongkaiError], int]] = [
        (PermissionDenied, 403),
        (NotFound, 404),
        (Conflict, 409),
        (CsrfError, 403),
        (GongkaiError, 400),
    ]
    for kind, status in statuses:
        app.add_exception_handler(kind, _handler(status))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if too_large(exc):  # the body limit tripped while FastAPI was parsing a form
            limit = request.app.state.upload_limit // (1024 * 1024)
            return _error(
                request, 413, f"上传的内容超过 {limit} MB 的上限。", "请压缩或拆分文件后重新上传。"
            )
        messages = {
            404: ("页面不存在。", "请检查网址，或从导航栏进入。"),
            405: ("不支持这种访问方式。", "请从页面上的按钮或链接操作。"),
        }
        message, hint = messages.get(
            exc.status_code, ("请求无法处理。", "请返回上一页重试；如反复出现，请联系系统管理员。")
        )
        return _error(request, exc.status_code, message, hint)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = "、".join(
            str(e["loc"][-1]) for e in exc.errors() if e.get("loc") and e["loc"][-1] != "body"
        )
        message = f"提交的内容不完整或格式不对（{fields}）。" if fields else "提交的内容格式不对。"
        return _error(request, 422, message, "请检查填写的内容后重新提交。")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("未处理的错误：%s %s", request.method, request.url.path, exc_info=exc)
        return _error(
            request, 500, "系统内部错误，操作未完成。", "请稍后重试；如反复出现，请联系系统管理员。"
        )


def _handler(status: int) -> Callable[[Request, Exception], Response]:
    def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, GongkaiError)
        return _error(request, status, exc.message, exc.hint)

    return handle


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/?=&")


def app_from_env() -> FastAPI:
    """What `gongkai serve` runs in each worker: the database named by the environment."""
    from gongkai.settings import Settings

    app = create_app(Settings.from_env().database_url)
    _settle(app)
    return app


def _settle(app: FastAPI) -> None:
    """Compile every template, then move everything alive into the collector's permanent
    generation: a full collection would otherwise walk the whole heap of imported code (about
    100 ms, measured), stalling every request the worker holds at that moment."""
    templates = app.state.templates
    for name in templates.env.list_templates(extensions=["html"]):
        templates.get_template(name)
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
