"""The account in the API: who is signed in (and, later, API sign-in with a bearer token)."""

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
