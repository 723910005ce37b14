from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gongkai.db.engine import make_engine, migrate
from gongkai.workbench.orm import (
    Agency,
    AgencyKind,
    AuditAction,
    AuditEntry,
    HardDeleteError,
    Region,
    Role,
    User,
    agency_subtree,
    record,
    snapshot,
)


def _county(session: Session) -> dict[str, Agency]:
    """A city office supervising a county office, which supervises a bureau and a township."""
    city = Region(code="330100", name="杭州市")
    county = Region(code="330106", name="西湖区", parent=city)
    agencies = {
        "city": Agency(name="杭州市政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=city),
        "other": Agency(name="杭州市人民政府", kind=AgencyKind.GOVERNMENT, region=city),
    }
    agencies["county"] = Agency(
        name="西湖区政务公开办",
        kind=AgencyKind.OPEN_GOV_OFFICE,
        region=county,
        parent=agencies["city"],
    )
    agencies["bureau"] = Agency(
        name="西湖区教育局", kind=AgencyKind.DEPARTMENT, region=county, parent=agencies["county"]
    )
    agencies["street"] = Agency(
        name="北山街道办事处", kind=AgencyKind.TOWNSHIP, region=county, parent=agencies["county"]
    )
    session.add_all(agencies.values())
    session.commit()
    return agencies


def test_a_supervising_office_sees_its_subtree(session: Session) -> None:
    a = _county(session)
    seen = set(session.scalars(agency_subtree(a["county"].id)))
    assert seen == {a["county"].id, a["bureau"].id, a["street"].id}
    everything = set(session.scalars(agency_subtree(a["city"].id)))
    assert everything == {a[k].id for k in ("city", "county", "bureau", "street")}
    assert set(session.scalars(agency_subtree(a["street"].id))) == {a["street"].id}


def test_archived_agencies_leave_the_subtree_but_stay_in_the_table(session: Session) -> None:
    a = _county(session)
    a["street"].archived_at = datetime(2026, 1, 1, tzinfo=UTC)
    session.commit()
    assert a["street"].id not in set(session.scalars(agency_subtree(a["county"].id)))
    assert a["street"].id in set(
        session.scalars(agency_subtree(a["county"].id, include_archived=True))
    )


def test_users_keep_their_role_and_agency(session: Session) -> None:
    a = _county(session)
    session.add_all(
        [
            User(login="zhang", name="张三", role=Role.CLERK, agency=a["bureau"]),
            User(login="li", name="李四", role=Role.REVIEWER, agency=a["bureau"]),
            User(login="wang", name="王五", role=Role.SUPERVISOR, agency=a["county"]),
        ]
    )
    session.commit()
    session.expire_all()
    roles = {u.login: (u.role, u.agency.name) for u in session.scalars(select(User))}
    assert roles == {
        "zhang": (Role.CLERK, "西湖区教育局"),
        "li": (Role.REVIEWER, "西湖区教育局"),
        "wang": (Role.SUPERVISOR, "西湖区政务公开办"),
    }
    assert [r.label for r in Role] == [
        "经办人",
        "审核人",
        "机关管理员",
        "政务公开办查看人",
        "系统管理员",
    ]


def test_an_unknown_role_is_refused_by_the_database(session: Session) -> None:
    a = _county(session)
    with pytest.raises(IntegrityError):
        session.execute(
            text(
                "INSERT INTO users (login, name, role, agency_id, version, created_at)"
                " VALUES ('x', 'x', 'boss', :agency, 1, CURRENT_TIMESTAMP)"
            ),
            {"agency": a["bureau"].id},
        )


def test_a_user_of_a_missing_agency_is_refused(session: Session) -> None:
    session.add(User(login="ghost", name="无名", role=Role.CLERK, agency_id=999))
    with pytest.raises(IntegrityError):
        session.commit()


def test_audit_entries_record_before_and_after(session: Session) -> None:
    a = _county(session)
    admin = User(login="admin", name="管理员", role=Role.SYSTEM_ADMIN, agency=a["city"])
    session.add(admin)
    session.flush()
    record(session, None, "users", admin.id, AuditAction.CREATE, None, snapshot(admin))
    session.commit()

    before = snapshot(a["bureau"])
    a["bureau"].name = "西湖区教育局（更名）"
    session.flush()
    at = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    record(session, admin, "agencies", a["bureau"].id, AuditAction.UPDATE, before, snapshot(a["bureau"]), at)  # fmt: skip
    session.commit()
    session.expire_all()

    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.entity, e.action, e.actor_id) for e in entries] == [
        ("users", AuditAction.CREATE, None),
        ("agencies", AuditAction.UPDATE, admin.id),
    ]
    change = entries[1]
    assert change.before is not None and change.after is not None
    assert (change.before["name"], change.after["name"]) == ("西湖区教育局", "西湖区教育局（更名）")
    assert (change.before["version"], change.after["version"]) == (1, 2)
    assert change.after["kind"] == "department"
    assert change.at.replace(tzinfo=UTC) == at  # SQLite hands back naive datetimes


def test_audit_entries_cannot_be_changed_or_deleted(session: Session) -> None:
    entry = record(session, None, "agencies", 1, AuditAction.CREATE, None, {"name": "甲"})
    session.commit()
    entry.after = {"name": "乙"}
    with pytest.raises(HardDeleteError, match="只能追加"):
        session.flush()
    session.rollback()
    session.delete(entry)
    with pytest.raises(HardDeleteError, match="不允许删除"):
        session.flush()


def test_rows_are_archived_never_deleted(session: Session) -> None:
    a = _county(session)
    session.delete(a["street"])
    with pytest.raises(HardDeleteError, match="请将记录归档"):
        session.commit()


def test_a_stale_version_is_refused(session: Session, engine: Engine) -> None:
    a = _county(session)
    with engine.begin() as other:  # someone else saves first
        other.execute(update(Agency).where(Agency.id == a["bureau"].id).values(version=2))
    a["bureau"].name = "改名"
    with pytest.raises(StaleDataError):
        session.commit()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / '数据' / 'gongkai.sqlite3'}"  # the folder is created on demand
    migrate(url)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()
