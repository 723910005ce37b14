"""管理 · 审计日志: the audit log, filtered and paged backwards."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from gongkai.web.context import Db, Signed, render
from gongkai.web.forms import OptionalId, parse_optional_date
from gongkai.web.pages.admin.common import _manager, router
from gongkai.workbench import audit_log


@router.get("/admin/audit")
def audit_page(
    request: Request,
    viewer: Signed,
    db: Db,
    entity: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    before: OptionalId = None,
) -> Response:
    system = _manager(db, viewer)
    filters = audit_log.Filters(
        entity=entity or None,
        actor_login=actor or None,
        since=parse_optional_date(since, "起始日期"),
        until=parse_optional_date(until, "截止日期"),
    )
    page = audit_log.entries(db, viewer.user.id, filters, before=before)
    kept = {"entity": entity, "actor": actor, "since": since, "until": until}
    kept = {k: v for k, v in kept.items() if v}
    older = None
    if page.next_before is not None:
        older = "/admin/audit?" + urlencode({**kept, "before": page.next_before})
    context = {
        "system": system,
        "section": "audit",
        "page": page,
        "entities": audit_log.entity_kinds(db),
        "filters": {"entity": entity or "", "actor": actor or "", "since": since or ""}
        | {"until": until or ""},
        "older": older,
        "newest": "/admin/audit?" + urlencode(kept) if before is not None else None,
    }
    return render(request, "admin/audit.html", context)
