"""SQLAlchemy mapped classes of the workbench: the only part of the workbench that knows tables.

One module per concern: `base` (declarative base, history guard), `people` (regions, agencies,
users), `accounts` (sessions, login attempts), `audit`, `applications`, `publications`,
`disputes`, `calendar`, `letters`, `reports` (annual report drafts and their locked versions).
"""

from gongkai.workbench.orm.accounts import LoginAttempt, WebSession
from gongkai.workbench.orm.applications import Application, ApplicationEvent
from gongkai.workbench.orm.audit import AuditAction, AuditEntry, record
from gongkai.workbench.orm.base import Base, HardDeleteError, snapshot
from gongkai.workbench.orm.calendar import HolidayYear
from gongkai.workbench.orm.disputes import DisputeCase
from gongkai.workbench.orm.letters import LetterTemplate
from gongkai.workbench.orm.oversight import AgencyAlias, FindingVerdict, PublishedFile, Verdict
from gongkai.workbench.orm.people import Agency, AgencyKind, Region, Role, User, agency_subtree
from gongkai.workbench.orm.publications import (
    Publication,
    PublicationReview,
    RegisteredDocument,
    YearlyFigure,
)
from gongkai.workbench.orm.reports import ReportDraft, ReportStatus, ReportVersion

__all__ = [
    "Agency",
    "AgencyAlias",
    "AgencyKind",
    "Application",
    "ApplicationEvent",
    "AuditAction",
    "AuditEntry",
    "Base",
    "DisputeCase",
    "FindingVerdict",
    "HardDeleteError",
    "HolidayYear",
    "LetterTemplate",
    "LoginAttempt",
    "Publication",
    "PublicationReview",
    "PublishedFile",
    "Region",
    "RegisteredDocument",
    "ReportDraft",
    "ReportStatus",
    "ReportVersion",
    "Role",
    "User",
    "Verdict",
    "WebSession",
    "YearlyFigure",
    "agency_subtree",
    "record",
    "snapshot",
]
