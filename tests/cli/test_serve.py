"""`gongkai serve --demo`: what `make run` starts, as a real process on a real port."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_with_demo_data_prints_the_logins_and_answers(tmp_path: Path) -> None:
    port = _free_port()
    gongkai = Path(sys.executable).with_name("gongkai")
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(gongkai), "serve", "--demo", "--database", url, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "gongkai serve did not start in 120 s"
            time.sleep(0.3)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=False) as client:
            assert client.get("/").headers["location"].startswith("/login")
            page = client.get("/login")
            assert page.status_code == 200
            assert "工作人员登录" in page.text
            token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            signed = client.post(
                "/login", data={"login": "zf_jb", "password": "gongkai2026", "csrf_token": token}
            )
            assert signed.status_code == 303
            assert "桐庐县人民政府经办人" in client.get("/").text
    finally:
        proc.terminate()
        proc.wait(20)
    printed = log.read_text()
    assert "密码均为 gongkai2026" in printed
    assert "zf_jb / 经办人 / 桐庐县人民政府" in printed
    assert f"http://127.0.0.1:{port}/" in printed
