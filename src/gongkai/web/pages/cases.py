"""复议与诉讼: administrative reconsideration and litigation cases linked to applications."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.web.context import Db, Now, Signed, Viewer, render, write
from gongkai.web.forms import Id, OptionalId, parse_date, parse_id
from gongkai.workbench import access, cases, catalogue
from gongkai.workbench.access import Action
from gongkai.workbench.disputes import CaseKind, CaseOutcome
from gongkai.workbench.orm import Agency, DisputeCase

router = APIRouter(include_in_schema=False)


def _agencies(db: Session, viewer: Viewer, action: Action = Action.VIEW) -> list[Agency]:
    ids = access.visible_agencies(db, viewer.user)
    rows = db.scalars(select(Agency).where(Agency.id.in_(ids)).order_by(Agency.id))
    return [a for a in rows if viewer.can(db, action, a.id)]


@router.get("/cases")
def index(request: Request, db: Db, viewer: Signed, agency: OptionalId = None) -> Response:
    agencies = _agencies(db, viewer)
    if agency is not None:
        access.require(db, viewer.user, Action.VIEW, agency)
    ids = [agency] if agency is not None else [a.id for a in agencies]
    found = catalogue.cases_of(db, viewer.user, ids)
    context = {
        "cases": found,
        "agencies": agencies,
        "agency_id": agency,
        "names": {a.id: a.name for a in agencies},
        "numbers": catalogue.application_numbers(
            db, {c.application_id for c in found if c.application_id is not None}
        ),
        "can_open": bool(_agencies(db, viewer, Action.HANDLE)),
    }
    return render(request, "cases/index.html", context)


def _new_context(db: Session, viewer: Viewer, values: dict[str, str]) -> dict[str, Any]:
    return {
        "agencies": _agencies(db, viewer, Action.HANDLE),
        "kinds": list(CaseKind),
        "values": values,
    }


@router.get("/cases/new")
def new_page(request: Request, db: Db, viewer: Signed, application: str = "") -> Response:
    values = {"agency": str(viewer.user.agency_id), "application": application[:32]}
    return render(request, "cases/new.html", _new_context(db, viewer, values))


@router.post("/cases/new")
def create(
    request: Request,
    db: Db,
    viewer: Signed,
    now: Now,
    agency: Annotated[str, Form(max_length=20)] = "",
    kind: Annotated[str, Form(max_length=40)] = "",
    filed_on: Annotated[str, Form(max_length=20)] = "",
    case_number: Annotated[str, Form(max_length=100)] = "",
    body: Annotated[str, Form(max_length=200)] = "",
    application: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    values = {
        "agency": agency, "kind": kind, "filed_on": filed_on, "case_number": case_number,
        "body": body, "application": application,
    }  # fmt: skip
    agency_id = parse_id(agency) or viewer.user.agency_id
    access.require(db, viewer.user, Action.HANDLE, agency_id)
    try:
        with write(request) as session:
            linked = (
                catalogue.application_by_number(session, agency_id, application).id
                if application.strip()
                else None
            )
            case = cases.open_case(
                session,
                viewer.user.id,
                agency_id,
                kind,
                parse_date(filed_on, "立案日期"),
                now=now,
                application_id=linked,
                case_number=case_number,
                body=body,
            )
            target = f"/cases/{case.id}"
    except access.PermissionDenied:
        raise
    except GongkaiError as err:
        context = {**_new_context(db, viewer, values), "error": err}
        return render(request, "cases/new.html", context, status=400)
    return RedirectResponse(target, status_code=303)


def _detail_context(db: Session, viewer: Viewer, case: DisputeCase) -> dict[str, Any]:
    numbers = catalogue.application_numbers(
        db, [case.application_id] if case.application_id is not None else []
    )
    return {
        "case": case,
        "agency": db.get(Agency, case.agency_id),
        "number": numbers.get(case.application_id) if case.application_id else None,
        "outcomes": list(CaseOutcome),
        "can_close": case.closed_on is None and viewer.can(db, Action.HANDLE, case.agency_id),
        "values": {},
    }


@router.get("/cases/{case_id}")
def detail(request: Request, db: Db, viewer: Signed, case_id: Id) -> Response:
    case = catalogue.load_case(db, viewer.user, case_id)
    return render(request, "cases/detail.html", _detail_context(db, viewer, case))


@router.post("/cases/{case_id}/close")
def close(
    request: Request,
    db: Db,
    viewer: Signed,
    now: Now,
    case_id: Id,
    outcome: Annotated[str, Form(max_length=40)] = "",
    closed_on: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=5000)] = "",
    expected_version: Annotated[int | None, Form()] = None,
) -> Response:
    case = catalogue.load_case(db, viewer.user, case_id)
    try:
        with write(request) as session:
            cases.close_case(
                session,
                viewer.user.id,
                case_id,
                outcome,
                parse_date(closed_on, "审结日期"),
                now=now,
                expected_version=expected_version,
                note=note,
            )
    except (access.PermissionDenied, access.NotFound):
        raise
    except GongkaiError as err:
        if isinstance(err, access.Conflict):
            db.refresh(case)  # show the record as it is now; the typed text stays
        context = _detail_context(db, viewer, case)
        context.update(error=err, values={"outcome": outcome, "closed_on": closed_on, "note": note})
        return render(
            request,
            "cases/detail.html",
            context,
            status=409 if isinstance(err, access.Conflict) else 400,
        )
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
