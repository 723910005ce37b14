"""The public face without login: apply online, track an application, the guide, the catalogue,
the archive of published annual reports."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from markupsafe import Markup

from gongkai.web.context import Db, MaybeSigned, Now, render, write
from gongkai.web.files import REPORT_FORMATS, report_file
from gongkai.web.forms import Id, OptionalId, Year
from gongkai.workbench import catalogue, guide, online
from gongkai.workbench.intake import APPLICANT_TYPE_NAMES
from gongkai.workbench.online import OnlineError, OnlineForm
from gongkai.workbench.publishing import CATEGORIES

router = APIRouter(prefix="/public", include_in_schema=False)
_MAIN = re.compile(r"<main>\n?(.*)\n?</main>", re.S)
_COL_STYLE = re.compile(r'<col style="[^"]*">')


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


@router.get("")
def index(request: Request, db: Db, viewer: MaybeSigned) -> Response:
    return render(request, "public/index.html", {"agencies": catalogue.public_agencies(db)})


@router.get("/{agency_id}/guide")
def guide_page(request: Request, db: Db, viewer: MaybeSigned, agency_id: Id) -> Response:
    agency = catalogue.public_agency(db, agency_id)
    return render(
        request,
        "public/guide.html",
        {"agency": agency, "sections": guide.guide_of(agency), "own": bool(agency.guide)},
    )


@router.get("/{agency_id}/catalogue")
def catalogue_page(
    request: Request,
    db: Db,
    viewer: MaybeSigned,
    agency_id: Id,
    q: str = "",
    category: str = "",
    page: int = 1,
) -> Response:
    agency = catalogue.public_agency(db, agency_id)
    found = catalogue.catalogue(db, agency_id, q=q, category=category, page=page)
    context = {
        "agency": agency,
        "found": found,
        "q": q[:100],
        "category": category if category in CATEGORIES else "",
        "categories": CATEGORIES,
    }
    return render(request, "public/catalogue.html", context)


@router.get("/{agency_id}/catalogue/{publication_id}")
def document_page(
    request: Request, db: Db, viewer: MaybeSigned, agency_id: Id, publication_id: Id
) -> Response:
    agency = catalogue.public_agency(db, agency_id)
    pub = catalogue.public_document(db, agency_id, publication_id)
    context = {"agency": agency, "pub": pub, "category": CATEGORIES.get(pub.category, "")}
    return render(request, "public/document.html", context)


@router.get("/{agency_id}/reports")
def reports_page(request: Request, db: Db, viewer: MaybeSigned, agency_id: Id) -> Response:
    agency = catalogue.public_agency(db, agency_id)
    reports = catalogue.published_reports(db, agency_id)
    return render(request, "public/reports.html", {"agency": agency, "reports": reports})


@router.get("/{agency_id}/reports/{year}")
def report_page(
    request: Request,
    db: Db,
    viewer: MaybeSigned,
    agency_id: Id,
    year: Year,
    format: str = "",
) -> Response:
    from gongkai.renderers import render_report
    from gongkai.report import codec

    agency = catalogue.public_agency(db, agency_id)
    version = catalogue.published_report(db, agency_id, year)
    report = codec.from_dict(version.report)
    if format in REPORT_FORMATS:
        return report_file(report, format)
    html = render_report(report, "html").decode("utf-8")
    found = _MAIN.search(html)
    # The renderer escapes every text it prints; only its column widths (inline styles, which the
    # site's CSP refuses anyway) are dropped.
    body = Markup(_COL_STYLE.sub("<col>", found.group(1) if found else ""))
    context = {"agency": agency, "year": year, "version": version, "body": body}
    return render(request, "public/report.html", context)


# ---------------------------------------------------------------- apply online


def _apply_context(db: Db, form: OnlineForm) -> dict[str, object]:
    return {
        "agencies": catalogue.public_agencies(db),
        "form": form,
        "applicant_types": APPLICANT_TYPE_NAMES,
        "id_kinds": online.ID_KINDS,
        "forms": online.FORMS,
        "deliveries": online.DELIVERIES,
        "fields": {},
    }


@router.get("/apply")
def apply_page(
    request: Request, db: Db, viewer: MaybeSigned, agency: OptionalId = None
) -> Response:
    form = OnlineForm(agency_id=str(agency) if agency else "")
    return render(request, "public/apply.html", _apply_context(db, form))


@router.post("/apply")
def apply(
    request: Request,
    db: Db,
    now: Now,
    agency_id: Annotated[str, Form(max_length=20)] = "",
    applicant_type: Annotated[str, Form(max_length=40)] = "",
    name: Annotated[str, Form(max_length=400)] = "",
    id_kind: Annotated[str, Form(max_length=40)] = "",
    id_number: Annotated[str, Form(max_length=100)] = "",
    phone: Annotated[str, Form(max_length=40)] = "",
    email: Annotated[str, Form(max_length=200)] = "",
    address: Annotated[str, Form(max_length=300)] = "",
    content: Annotated[str, Form(max_length=10000)] = "",
    form: Annotated[str, Form(max_length=20)] = "",
    delivery: Annotated[str, Form(max_length=20)] = "",
    website: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    data = OnlineForm(
        agency_id, applicant_type, name, id_kind, id_number, phone, email, address, content,
        form, delivery, website,
    )  # fmt: skip
    try:
        with write(request) as session:
            app = online.submit(session, data, address=client_address(request), now=now)
            context: dict[str, object] = {
                "code": app.tracking_code,
                "number": app.number,
                "agency": app.agency.name,
                "received_on": app.received_on,
                "receipt_note": app.receipt_note,
                "due_on": app.due_on,
            }
    except OnlineError as err:
        context = {**_apply_context(db, data), "error": err, "fields": err.fields}
        return render(request, "public/apply.html", context, status=400)
    return render(request, "public/applied.html", context)


# ---------------------------------------------------------------- tracking


@router.get("/track")
def track_page(request: Request, viewer: MaybeSigned) -> Response:
    return render(request, "public/track.html", {})


@router.post("/track")
def track(request: Request, now: Now, code: Annotated[str, Form(max_length=64)] = "") -> Response:
    try:
        with write(request) as session:
            view = online.track(session, code, address=client_address(request), now=now)
    except OnlineError as err:
        return render(request, "public/track.html", {"error": err}, status=429)
    if view is None:
        return render(request, "public/track.html", {"not_found": True}, status=404)
    return render(request, "public/track.html", {"view": view})
