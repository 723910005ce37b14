"""The JSON API (under /api), one module per area, documented by the OpenAPI page at /api/docs."""

from fastapi import APIRouter

from gongkai.web.api import account, applications, docs, reports

ROUTERS: tuple[APIRouter, ...] = (account.router, applications.router, reports.router, docs.router)
