"""The Jinja2 environment of the pages: autoescaping on, Chinese date filters, the navigation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates

from gongkai.workbench.access import GRANTS, Action
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.orm import Role

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True, slots=True)
class NavItem:
    href: str
    label: str
    needs: Action


NAV = (
    NavItem("/", "工作台", Action.VIEW),
    NavItem("/applications", "依申请公开", Action.VIEW),
    NavItem("/publications", "主动公开", Action.VIEW),
    NavItem("/cases", "复议与诉讼", Action.VIEW),
    NavItem("/reports", "年度报告", Action.VIEW),
    NavItem("/check", "年报检查", Action.VIEW),
    NavItem("/oversight", "督导", Action.SUPERVISE),
    NavItem("/admin", "管理", Action.MANAGE),
)


def nav_for(role: Role) -> list[NavItem]:
    return [item for item in NAV if item.needs in GRANTS[role]]


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(CHINA_TZ)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


def iso_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(CHINA_TZ)
    return value.isoformat()[:10] if not isinstance(value, datetime) else f"{value:%Y-%m-%d %H:%M}"


def make_templates(*, reload: bool = False) -> Jinja2Templates:
    """Templates are compiled once; `reload` (GONGKAI_DEBUG=1) checks the files on every page."""
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.auto_reload = reload
    env.autoescape = True
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters["cn_date"] = cn_date
    env.filters["iso_date"] = iso_date
    env.globals["nav_for"] = nav_for
    return templates
