"""依申请公开: list, read, register applications and record their steps."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api")
