"""`gongkai serve`: the web workbench under uvicorn."""

from __future__ import annotations

import os
from datetime import datetime

import click

from gongkai.cli import EXIT_INPUT, _console, _exit, _report_error, main
from gongkai.cli.workbench import _database, _engine
from gongkai.errors import GongkaiError
from gongkai.settings import Settings
from gongkai.workbench.intake import CHINA_TZ


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@_database
@click.option("--demo", is_flag=True, help="数据库为空时先建立演示数据，并打印演示账号")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="工作进程数"
)
@click.option(
    "--forwarded-allow-ips",
    default="127.0.0.1",
    show_default=True,
    help="信任哪些反向代理转发的 X-Forwarded-Proto/For（经 HTTPS 代理时 Cookie 才带 Secure）",
)
def serve(  # noqa: PLR0917 (click passes one argument per option)
    host: str,
    port: int,
    database_url: str | None,
    demo: bool,
    workers: int,
    forwarded_allow_ips: str,
) -> None:
    """启动政府信息公开工作台（网页版与 JSON 接口）。"""
    import uvicorn

    url = database_url or Settings.from_env().database_url
    with _engine(url) as engine:  # brings the schema up to date
        if demo:
            from gongkai.workbench.demo import build_demo

            try:
                summary = build_demo(engine, now=datetime.now(CHINA_TZ), oversight=True)
            except GongkaiError as err:
                _report_error("演示数据", err)
                _exit(EXIT_INPUT)
            console = _console()
            for line in summary.lines():
                console.print(line)
    _console().print(
        f"工作台地址：http://{host}:{port}/  （公开页面：/public，接口文档：/api/docs）"
    )
    os.environ["GONGKAI_DATABASE_URL"] = url
    uvicorn.run(
        "gongkai.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="warning",
        access_log=False,
    )
