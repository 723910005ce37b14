"""Shared helpers of the 依申请公开 route tests: demo facts read straight from the database."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.workbench import applications
from gongkai.workbench.applications import Applicant, NewApplication
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.orm import Agency, Application, ApplicationEvent, User
from gongkai.workbench.store import session_factory, transaction
from tests.web.conftest import NOW

MZ = "桐庐县民政局"
JY = "桐庐县教育局"


def session(client: TestClient) -> Session:
    return Session(client.app.state.engine)  # type: ignore[attr-defined]


def agency_id(client: TestClient, name: str) -> int:
    with session(client) as s:
        return int(s.scalar(select(Agency.id).where(Agency.name == name)) or 0)


def user_id(client: TestClient, login: str) -> int:
    with session(client) as s:
        return int(s.scalar(select(User.id).where(User.login == login)) or 0)


def count_apps(client: TestClient) -> int:
    with session(client) as s:
        return int(s.scalar(select(func.count(Application.id))) or 0)


def count_events(client: TestClient, app_id: int) -> int:
    with session(client) as s:
        query = select(func.count()).where(ApplicationEvent.application_id == app_id)
        return int(s.scalar(query) or 0)


def app_row(client: TestClient, app_id: int) -> Application:
    with session(client) as s:
        row = s.get(Application, app_id)
        assert row is not None
        s.expunge(row)
        return row


def first_app_of(client: TestClient, name: str) -> Application:
    with session(client) as s:
        row = s.scalar(
            select(Application)
            .join(Agency, Agency.id == Application.agency_id)
            .where(Agency.name == name)
            .order_by(Application.id)
        )
        assert row is not None
        s.expunge(row)
        return row


def register(
    client: TestClient, login: str, arrived: datetime, name: str = "测试申请人", **kw: str
) -> int:
    """A new application through the service (as `login`, in that user's agency)."""
    factory = session_factory(client.app.state.engine)  # type: ignore[attr-defined]
    uid = user_id(client, login)
    with transaction(factory) as s:
        user = s.get(User, uid)
        assert user is not None
        app = applications.register(
            s,
            uid,
            user.agency_id,
            NewApplication(
                applicant=Applicant(type="natural_person", name=name),
                channel=kw.get("channel", "in_person"),
                arrived_at=arrived.replace(tzinfo=CHINA_TZ),
                content=kw.get("content", "本单位2026年度部门预算"),
            ),
            now=NOW,
        )
        return app.id
