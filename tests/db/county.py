"""A small county to test the workbench services on: offices, agencies and one user per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.orm import Agency, AgencyKind, Region, Role, User

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=CHINA_TZ)


@dataclass
class County:
    office: Agency  # 县政务公开办, supervises the two agencies
    bureau: Agency  # 县教育局
    other: Agency  # 县民政局
    users: dict[str, User]

    def id(self, who: str) -> int:
        return self.users[who].id


def make_county(session: Session) -> County:
    region = Region(code="330122", name="桐庐县")
    office = Agency(name="桐庐县政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=region)
    bureau = Agency(name="桐庐县教育局", kind=AgencyKind.DEPARTMENT, region=region, parent=office)
    other = Agency(name="桐庐县民政局", kind=AgencyKind.DEPARTMENT, region=region, parent=office)
    users = {
        "clerk": User(login="clerk", name="王经办", role=Role.CLERK, agency=bureau),
        "reviewer": User(login="reviewer", name="李审核", role=Role.REVIEWER, agency=bureau),
        "admin": User(login="admin", name="赵管理", role=Role.AGENCY_ADMIN, agency=bureau),
        "other_clerk": User(login="other", name="钱经办", role=Role.CLERK, agency=other),
        "supervisor": User(login="sup", name="孙查看", role=Role.SUPERVISOR, agency=office),
        "root": User(login="root", name="周系统", role=Role.SYSTEM_ADMIN, agency=office),
    }
    session.add_all([office, bureau, other, *users.values()])
    session.commit()
    return County(office, bureau, other, users)
