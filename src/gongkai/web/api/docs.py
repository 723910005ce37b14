"""The OpenAPI documentation page: Swagger UI from the vendored copy under /static/swagger/.

No CDN: the page must work on a government intranet, and the Content-Security-Policy allows
scripts from this site only (plus Swagger UI's inline start-up code under /api/docs).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(prefix="/api", include_in_schema=False)
ASSETS = "/static/swagger"


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/api/openapi.json",
        title=f"{request.app.title} · 接口文档",
        swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        swagger_ui_parameters={"persistAuthorization": False, "tryItOutEnabled": False},
    )
