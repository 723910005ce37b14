"""What the 督导 sections share: the one router."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
