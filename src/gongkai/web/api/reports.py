"""年度报告 and 年报检查: the computed report, drafts and versions, checking an uploaded file."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api")
