"""The JSON API: applications, annual reports and checking, documented at /api/docs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from gongkai.web.context import Signed

router = APIRouter(prefix="/api", tags=["账户"])


@router.get("/me", summary="当前用户")
def me(viewer: Signed) -> dict[str, Any]:
    user = viewer.user
    return {
        "id": user.id,
        "login": user.login,
        "name": user.name,
        "role": user.role.value,
        "role_label": user.role.label,
        "agency_id": user.agency_id,
        "agency": user.agency.name,
    }
