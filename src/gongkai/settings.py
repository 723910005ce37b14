"""One Settings class: where the data lives and which database to use, validated at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from gongkai.errors import SettingsError

DATABASE_FILE = "gongkai.sqlite3"
_DRIVERS = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}
_URL_HINT = "应为 sqlite:///文件路径 或 postgresql+psycopg://用户:密码@主机:端口/库名"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str

    def __post_init__(self) -> None:
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise SettingsError(
                f"数据目录 {self.data_dir} 不是文件夹", "请用 GONGKAI_DATA_DIR 指定一个文件夹"
            )
        object.__setattr__(self, "database_url", normalize_database_url(self.database_url))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        raw_dir = env.get("GONGKAI_DATA_DIR", "").strip() or "data"
        data_dir = Path(raw_dir).expanduser().resolve()
        url = env.get("GONGKAI_DATABASE_URL", "").strip()
        if not url:
            url = f"sqlite:///{data_dir / DATABASE_FILE}"
        return cls(data_dir=data_dir, database_url=url)


def normalize_database_url(url: str) -> str:
    """Check the URL names a supported database and pick the psycopg driver for PostgreSQL."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SettingsError("数据库地址 GONGKAI_DATABASE_URL 无法解析", _URL_HINT) from None
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        raise SettingsError(
            f"不支持的数据库类型「{parsed.drivername}」",
            f"{_URL_HINT}；目前支持 SQLite 和 PostgreSQL",
        )
    if driver == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise SettingsError(
            "SQLite 数据库地址缺少文件路径", "例如 sqlite:////srv/gongkai/gongkai.sqlite3"
        )
    if driver.startswith("postgresql") and not parsed.database:
        raise SettingsError("PostgreSQL 数据库地址缺少库名", _URL_HINT)
    if driver == parsed.drivername:
        return url  # as given: rendering would percent-encode a Chinese path
    return parsed.set(drivername=driver).render_as_string(hide_password=False)
