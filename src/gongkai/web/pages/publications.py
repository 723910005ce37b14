"""主动公开: documents, the three-level review queue, registers and yearly figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.forms import FormError, Id, OptionalId, parse_date, parse_id, today
from gongkai.workbench import access, catalogue, publications, registers, review_flow
from gongkai.workbench.access import Action
from gongkai.workbench.orm import Agency, Publication, User
from gongkai.workbench.publishing import (
    CATEGORIES,
    Attribute,
    DocKind,
    FigureItem,
    Status,
    Step,
)

router = APIRouter(include_in_schema=False)
_REVIEW_LABELS = {
    Status.FIRST_REVIEW: "待初审",
    Status.SECOND_REVIEW: "待复审",
    Status.FINAL_REVIEW: "待终审",
}


def _agency(db: Session, viewer: Viewer, agency: int | None) -> int:
    """The agency a list page shows: the one asked for if visible, else the viewer's own."""
    chosen = viewer.user.agency_id if agency is None else agency
    access.require(db, viewer.user, Action.VIEW, chosen)
    return chosen


def _agencies(db: Session, viewer: Viewer) -> list[Agency]:
    ids = access.visible_agencies(db, viewer.user)
    return list(db.scalars(select(Agency).where(Agency.id.in_(ids)).order_by(Agency.id)))


# ---------------------------------------------------------------- list and queue


@router.get("/publications")
def index(
    request: Request,
    db: Db,
    viewer: Signed,
    now: Now,
    agency: OptionalId = None,
    status: str = "",
    category: str = "",
    overdue: str = "",
    page: int = 1,
) -> Response:
    agency_id = _agency(db, viewer, agency)
    chosen = Status(status) if status in set(Status) else None
    day = today(now)
    found = catalogue.publications_of(
        db,
        viewer.user,
        agency_id,
        status=chosen,
        category=category,
        overdue_on=day if overdue else None,
        page=page,
    )
    context = {
        "agency_id": agency_id,
        "agencies": _agencies(db, viewer),
        "found": found,
        "queue": catalogue.review_queue(db, viewer.user, agency_id),
        "queue_labels": _REVIEW_LABELS,
        "overdue_count": len(publications.overdue(db, viewer.user.id, agency_id, day)),
        "timeliness": {p.id: publications.timeliness_of(p, day) for p in found.items},
        "filters": {"status": status, "category": category, "overdue": overdue},
        "statuses": list(Status),
        "categories": CATEGORIES,
        "can_draft": viewer.can(db, Action.HANDLE, agency_id),
    }
    return render(request, "publications/index.html", context)


# ---------------------------------------------------------------- drafting


def _draft_context(db: Session, viewer: Viewer, values: dict[str, str]) -> dict[str, Any]:
    return {
        "agencies": [a for a in _agencies(db, viewer) if viewer.can(db, Action.HANDLE, a.id)],
        "values": values,
        "categories": CATEGORIES,
        "attributes": list(Attribute),
    }


@router.get("/publications/new")
def new_page(request: Request, db: Db, viewer: Signed, now: Now) -> Response:
    values = {
        "agency": str(viewer.user.agency_id),
        "attribute": Attribute.PROACTIVE.value,
        "formed_on": today(now).isoformat(),
    }
    return render(request, "publications/new.html", _draft_context(db, viewer, values))


@router.post("/publications/new")
def create(
    request: Request,
    db: Db,
    viewer: Signed,
    now: Now,
    agency: Annotated[str, Form(max_length=20)] = "",
    index_no: Annotated[str, Form(max_length=200)] = "",
    title: Annotated[str, Form(max_length=1000)] = "",
    summary: Annotated[str, Form(max_length=5000)] = "",
    body: Annotated[str, Form(max_length=200000)] = "",
    category: Annotated[str, Form(max_length=40)] = "",
    attribute: Annotated[str, Form(max_length=40)] = "",
    withheld_reason: Annotated[str, Form(max_length=5000)] = "",
    formed_on: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    values = {
        "agency": agency, "index_no": index_no, "title": title, "summary": summary,
        "body": body, "category": category, "attribute": attribute,
        "withheld_reason": withheld_reason, "formed_on": formed_on,
    }  # fmt: skip
    try:
        agency_id = parse_id(agency) or viewer.user.agency_id
        with write(request) as session:
            pub = publications.draft(
                session,
                viewer.user.id,
                agency_id=agency_id,
                index_no=index_no,
                title=title,
                category=category,
                attribute=Attribute(attribute) if attribute in set(Attribute) else attribute,  # type: ignore[arg-type]
                formed_on=parse_date(formed_on, "生成日期"),
                now=now,
                summary=summary,
                body=body,
                withheld_reason=withheld_reason or None,
            )
            target = f"/publications/{pub.id}"
    except access.PermissionDenied:
        raise
    except GongkaiError as err:
        context = {**_draft_context(db, viewer, values), "error": err}
        return render(request, "publications/new.html", context, status=400)
    return RedirectResponse(target, status_code=303)


# ---------------------------------------------------------------- registers and figures


def _registers_context(db: Session, viewer: Viewer, agency_id: int) -> dict[str, Any]:
    return {
        "agency_id": agency_id,
        "agencies": _agencies(db, viewer),
        "documents": catalogue.registered_documents(db, viewer.user, agency_id),
        "figures": catalogue.yearly_figures(db, viewer.user, agency_id),
        "items": list(FigureItem),
        "kinds": list(DocKind),
        "can_manage": viewer.can(db, Action.MANAGE, agency_id),
        "doc_values": {},
        "figure_values": {},
    }


@router.get("/publications/registers")
def registers_page(request: Request, db: Db, viewer: Signed, agency: OptionalId = None) -> Response:
    agency_id = _agency(db, viewer, agency)
    return render(request, "publications/registers.html", _registers_context(db, viewer, agency_id))


@router.post("/publications/registers/documents")
def add_document(
    request: Request,
    db: Db,
    viewer: Signed,
    now: Now,
    agency: Annotated[int, Form()],
    kind: Annotated[str, Form(max_length=40)] = "",
    title: Annotated[str, Form(max_length=1000)] = "",
    doc_number: Annotated[str, Form(max_length=200)] = "",
    issued_on: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    agency_id = _agency(db, viewer, agency)
    try:
        with write(request) as session:
            registers.register_document(
                session,
                viewer.user.id,
                agency_id=agency_id,
                kind=kind,  # type: ignore[arg-type]
                title=title,
                doc_number=doc_number,
                issued_on=parse_date(issued_on, "制发日期"),
                now=now,
            )
    except access.PermissionDenied:
        raise
    except GongkaiError as err:
        context = _registers_context(db, viewer, agency_id)
        context.update(
            error=err,
            doc_values={"kind": kind, "title": title, "doc_number": doc_number,
                        "issued_on": issued_on},
        )  # fmt: skip
        return render(request, "publications/registers.html", context, status=400)
    return RedirectResponse(f"/publications/registers?agency={agency_id}", status_code=303)


@router.post("/publications/registers/documents/{document_id}/abolish")
def abolish(
    request: Request,
    db: Db,
    viewer: Signed,
    now: Now,
    document_id: Id,
    abolished_on: Annotated[str, Form(max_length=20)] = "",
    expected_version: Annotated[int | None, Form()] = None,
) -> Response:
    try:
        with write(request) as session:
            doc = registers.abolish_document(
                session,
                viewer.user.id,
                document_id,
                abolished_on=parse_date(abolished_on, "废止日期"),
                now=now,
                expected_version=expected_version,
            )
            agency_id = doc.agency_id
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        context = _registers_context(db, viewer, viewer.user.agency_id)
        context["error"] = err
        return render(
            request,
            "publications/registers.html",
            context,
            status=409 if isinstance(err, access.Conflict) else 400,
        )
    return RedirectResponse(f"/publications/registers?agency={agency_id}", status_code=303)


@router.post("/publications/registers/figures")
def set_figure(
    request: Request,
    db: Db,
    viewer: Signed,
    now: Now,
    agency: Annotated[int, Form()],
    year: Annotated[int, Form()],
    item: Annotated[str, Form(max_length=40)] = "",
    value: Annotated[str, Form(max_length=40)] = "",
    source: Annotated[str, Form(max_length=600)] = "",
    confirm_large: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    agency_id = _agency(db, viewer, agency)
    try:
        try:
            number = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise FormError(f"“{value}”不是有效的数字。", "请填写阿拉伯数字。") from None
        with write(request) as session:
            registers.set_figure(
                session,
                viewer.user.id,
                agency_id=agency_id,
                year=year,
                item=item,  # type: ignore[arg-type]
                value=number,
                source=source,
                now=now,
                confirm_large=bool(confirm_large),
            )
    except access.PermissionDenied:
        raise
    except GongkaiError as err:
        context = _registers_context(db, viewer, agency_id)
        context.update(
            error=err,
            figure_values={"year": str(year), "item": item, "value": value, "source": source},
        )
        return render(request, "publications/registers.html", context, status=400)
    return RedirectResponse(f"/publications/registers?agency={agency_id}", status_code=303)


# ---------------------------------------------------------------- one document


def _detail_context(db: Session, viewer: Viewer, pub: Publication, today: date) -> dict[str, Any]:
    steps = []
    for step in review_flow.allowed_steps(pub.status):
        needs = Action.HANDLE if step is Step.SUBMIT else Action.REVIEW
        if step is Step.SECRECY and pub.secrecy_reviewed:
            continue
        if step is Step.CLEAR_SCREEN and pub.screen_cleared:
            continue
        if viewer.can(db, needs, pub.agency_id):
            steps.append(step)
    actor_ids = {r.actor_id for r in pub.reviews if r.actor_id is not None}
    names = {
        u.id: u.name for u in db.scalars(select(User).where(User.id.in_(actor_ids)))
    } if actor_ids else {}  # fmt: skip
    return {
        "pub": pub,
        "agency": db.get(Agency, pub.agency_id),
        "category": CATEGORIES.get(pub.category, pub.category),
        "timeliness": publications.timeliness_of(pub, today),
        "names": names,
        "steps": steps,
        "reason_required": review_flow.REASON_REQUIRED,
        "can_edit": pub.status is Status.DRAFT and viewer.can(db, Action.HANDLE, pub.agency_id),
        "categories": CATEGORIES,
        "attributes": list(Attribute),
        "today": today,
        "values": {},
    }


@router.get("/publications/{publication_id}")
def detail(request: Request, db: Db, viewer: Signed, now: Now, publication_id: Id) -> Response:
    pub = publications.get_publication(db, viewer.user.id, publication_id)
    return render(request, "publications/detail.html", _detail_context(db, viewer, pub, today(now)))


@router.post("/publications/{publication_id}/edit")
def edit(
    request: Request,
    db: Db,
    viewer: Signed,
    now: Now,
    publication_id: Id,
    expected_version: Annotated[int | None, Form()] = None,
    index_no: Annotated[str, Form(max_length=200)] = "",
    title: Annotated[str, Form(max_length=1000)] = "",
    summary: Annotated[str, Form(max_length=5000)] = "",
    body: Annotated[str, Form(max_length=200000)] = "",
    category: Annotated[str, Form(max_length=40)] = "",
    attribute: Annotated[str, Form(max_length=40)] = "",
    withheld_reason: Annotated[str, Form(max_length=5000)] = "",
    formed_on: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    pub = publications.get_publication(db, viewer.user.id, publication_id)
    try:
        with write(request) as session:
            publications.edit(
                session,
                viewer.user.id,
                publication_id,
                expected_version=expected_version,
                now=now,
                index_no=index_no,
                title=title,
                summary=summary,
                body=body,
                category=category,
                attribute=Attribute(attribute) if attribute in set(Attribute) else attribute,  # type: ignore[arg-type]
                withheld_reason=withheld_reason,
                formed_on=parse_date(formed_on, "生成日期"),
            )
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        if isinstance(err, access.Conflict):
            db.refresh(pub)  # show the record as it is now; the typed text stays
        context = _detail_context(db, viewer, pub, today(now))
        context["error"] = err
        context["values"] = {
            "index_no": index_no, "title": title, "summary": summary, "body": body,
            "category": category, "attribute": attribute, "withheld_reason": withheld_reason,
            "formed_on": formed_on,
        }  # fmt: skip
        return render(
            request,
            "publications/detail.html",
            context,
            status=409 if isinstance(err, access.Conflict) else 400,
        )
    return RedirectResponse(f"/publications/{publication_id}", status_code=303)


@router.post("/publications/{publication_id}/review")
def review(
    request: Request,
    db: Db,
    viewer: Signed,
    now: Now,
    publication_id: Id,
    step: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=5000)] = "",
    published_on: Annotated[str, Form(max_length=20)] = "",
    expected_version: Annotated[int | None, Form()] = None,
) -> Response:
    pub = publications.get_publication(db, viewer.user.id, publication_id)
    try:
        if step not in set(Step):
            raise FormError("请选择要办理的审核步骤。", "请使用页面上的审核按钮。")
        chosen = Step(step)
        day = parse_date(published_on, "发布日期") if chosen is Step.PUBLISH else None
        with write(request) as session:
            publications.review(
                session,
                viewer.user.id,
                publication_id,
                chosen,
                now=now,
                reason=reason,
                expected_version=expected_version,
                published_on=day,
            )
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        if isinstance(err, access.Conflict):
            db.refresh(pub)  # show the record as it is now; the typed text stays
        context = _detail_context(db, viewer, pub, today(now))
        context.update(error=err, reason=reason)
        return render(
            request,
            "publications/detail.html",
            context,
            status=409 if isinstance(err, access.Conflict) else 400,
        )
    return RedirectResponse(f"/publications/{publication_id}", status_code=303)
