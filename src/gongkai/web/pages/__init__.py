"""One module per area of the workbench, each with its own router and its own template folder."""

from fastapi import APIRouter

from gongkai.web import api
from gongkai.web.pages import (
    admin,
    applications,
    auth,
    cases,
    checking,
    dashboard,
    oversight,
    public,
    publications,
    reports,
)

ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    dashboard.router,
    applications.router,
    publications.router,
    cases.router,
    reports.router,
    checking.router,
    oversight.router,
    admin.router,
    public.router,
    *api.ROUTERS,
)
