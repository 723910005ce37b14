from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.errors import SettingsError
from gongkai.settings import Settings


def test_default_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings.from_env({"GONGKAI_DATA_DIR": str(tmp_path / "数据")})
    assert settings.data_dir == tmp_path / "数据"
    assert settings.database_url == f"sqlite:///{tmp_path / '数据' / 'gongkai.sqlite3'}"


def test_data_dir_defaults_to_data_under_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert Settings.from_env({}).data_dir == tmp_path / "data"


def test_postgresql_url_gets_the_psycopg_driver(tmp_path: Path) -> None:
    env = {"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_DATABASE_URL": "postgresql://u:p@db:5432/gk"}
    assert Settings.from_env(env).database_url == "postgresql+psycopg://u:p@db:5432/gk"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "不支持的数据库类型「mysql」"),
        ("not a url", "无法解析"),
        ("sqlite://", "SQLite 数据库地址缺少文件路径"),
        ("postgresql+psycopg://u@h:5432", "PostgreSQL 数据库地址缺少库名"),
    ],
)
def test_bad_database_urls_are_refused_in_chinese(tmp_path: Path, url: str, message: str) -> None:
    env = {"GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_DATABASE_URL": url}
    with pytest.raises(SettingsError, match=message) as caught:
        Settings.from_env(env)
    assert caught.value.hint


def test_data_dir_must_be_a_folder(tmp_path: Path) -> None:
    a_file = tmp_path / "f"
    a_file.write_text("x")
    with pytest.raises(SettingsError, match="不是文件夹"):
        Settings.from_env({"GONGKAI_DATA_DIR": str(a_file)})
