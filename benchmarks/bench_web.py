"""The web workbench under load: dashboard and application list with 1,000,000 applications.

    python benchmarks/bench_web.py [--rows 1000000] [--seconds 15] [--rate 200] [--keep FILE]

Loads the register of `bench_workbench.py` (10 agencies, one holding a third of the
applications, timelines included) into a SQLite file, gives the big agency's clerk and the
supervising office's viewer a password, starts `gongkai serve --workers 2` and measures, for
each page and user:

- open loop at `--rate` requests/s (the goal: p99 ≤ 100 ms at ≥ 200 requests/s): requests are
  sent on a fixed schedule whatever the answers do, and each latency is counted from the moment
  the request was due, so a stalled server cannot hide its queue (no coordinated omission);
- closed loop with 16 connections as fast as they go: the throughput ceiling, with its p50/p99.

The load generator runs on the same two cores as the server (one asyncio process speaking
HTTP/1.1 on raw keep-alive sockets, about 0.1 ms per request), so the figures are a lower bound. `--keep FILE` keeps (or reuses) the loaded database.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_workbench import BIG_AGENCY, LoadStats, after_load, load_core, setup_people
from gongkai.db.engine import make_engine, migrate
from gongkai.workbench import accounts

PASSWORD = "bench-password-2026"
CLERK = BIG_AGENCY  # user id = agency id in setup_people
SUPERVISOR = 100
PAGES = (
    ("工作台（大机关经办人）", "clerk", "/"),
    ("申请列表（大机关经办人）", "clerk", "/applications"),
    ("申请列表·按状态筛选（待补正）", "clerk", "/applications?state=correction_requested"),
    ("工作台（政务公开办，督办 100 万件）", "supervisor", "/"),
    ("申请列表（政务公开办，全部机关）", "supervisor", "/applications"),
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Figures:
    sent: int
    ok: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def build(path: Path, rows: int, seed: int) -> None:
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    try:
        setup_people(engine)
        stats = LoadStats()
        t0 = time.perf_counter()
        load_core(engine, rows, seed, stats)
        print(
            f"loaded {stats.apps:,} applications, {stats.events:,} events in "
            f"{time.perf_counter() - t0:.0f} s",
            flush=True,
        )
        after_load(engine)
        with Session(engine) as session, session.begin():
            for user_id in (CLERK, SUPERVISOR):
                accounts.set_password(session, None, user_id, PASSWORD)
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def server(url: str, workers: int) -> Iterator[str]:
    port = free_port()
    gongkai = Path(sys.executable).with_name("gongkai")
    proc = subprocess.Popen(
        [str(gongkai), "serve", "--database", url, "--port", str(port), "--workers", str(workers)],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("gongkai serve did not start")
            time.sleep(0.2)
        time.sleep(1.0)  # let every worker finish importing
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(20)


def sign_in(base: str, login: str) -> dict[str, str]:
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        page = client.get("/login")
        found = CSRF.search(page.text)
        assert found, "no CSRF field on the login page"
        answer = client.post(
            "/login", data={"login": login, "password": PASSWORD, "csrf_token": found.group(1)}
        )
        if answer.status_code != 303:
            raise SystemExit(f"signing in as {login} failed: {answer.status_code}")
        return dict(client.cookies)


class Connection:
    """One keep-alive HTTP/1.1 connection with just enough parsing to read a response: the load
    generator must cost far less than the server it measures (httpx costs milliseconds)."""

    def __init__(self, host: str, port: int, cookie: str) -> None:
        self.host, self.port, self.cookie = host, port, cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """The status of GET `path`; 0 when the connection failed (it is reopened next time)."""
        try:
            return await self._get(path)
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            self.close()
            self.reader = self.writer = None
            return 0

    async def _get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nCookie: {self.cookie}\r\n\r\n"
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _target(base: str, cookies: dict[str, str]) -> tuple[str, int, str]:
    host, port = base.removeprefix("http://").split(":")
    return host, int(port), "; ".join(f"{k}={v}" for k, v in cookies.items())


async def open_loop(
    base: str, cookies: dict[str, str], path: str, rate: float, seconds: float, *, conns: int = 32
) -> Figures:
    """Requests due at a fixed rate; latency counted from when each was due."""
    host, port, cookie = _target(base, cookies)
    total = int(rate * seconds)
    dues: asyncio.Queue[float] = asyncio.Queue()
    latencies: list[float] = []
    ok = 0
    start = time.perf_counter() + 0.05
    for i in range(total):
        dues.put_nowait(start + i / rate)

    async def worker() -> None:
        nonlocal ok
        connection = Connection(host, port, cookie)
        try:
            while not dues.empty():
                due = dues.get_nowait()
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                if await connection.get(path) == 200:
                    ok += 1
                    latencies.append(time.perf_counter() - due)
        finally:
            connection.close()

    await asyncio.gather(*(worker() for _ in range(conns)))
    return Figures(total, ok, time.perf_counter() - start, latencies)


async def closed_loop(
    base: str, cookies: dict[str, str], path: str, seconds: float, conns: int = 16
) -> Figures:
    """`conns` connections, each sending its next request as soon as the last one answered."""
    host, port, cookie = _target(base, cookies)
    latencies: list[float] = []
    sent = ok = 0
    start = time.perf_counter()
    stop = start + seconds

    async def worker() -> None:
        nonlocal sent, ok
        connection = Connection(host, port, cookie)
        try:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                status = await connection.get(path)
                sent += 1
                if status == 200:
                    ok += 1
                    latencies.append(time.perf_counter() - t0)
        finally:
            connection.close()

    await asyncio.gather(*(worker() for _ in range(conns)))
    return Figures(sent, ok, time.perf_counter() - start, latencies)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the loaded SQLite file here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gongkai-web-bench-") as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite3"
        if not path.exists():
            build(path, args.rows, args.seed)
        url = f"sqlite:///{path}"
        with server(url, args.workers) as base:
            users = {"clerk": sign_in(base, "clerk2"), "supervisor": sign_in(base, "supervisor")}
            print(f"\n{args.rows:,} applications, SQLite, gongkai serve --workers {args.workers}")
            print(
                f"{'page':<34} {'open loop @' + str(int(args.rate)) + '/s':>28}   {'closed loop, 16 conns':>30}"
            )
            print(f"{'':<34} {'rps':>8} {'p50':>8} {'p99':>8}   {'rps':>8} {'p50':>8} {'p99':>8}")
            failed = False
            for label, who, path_ in PAGES:
                cookies = users[who]
                asyncio.run(closed_loop(base, cookies, path_, 2))  # warm-up
                paced = asyncio.run(open_loop(base, cookies, path_, args.rate, args.seconds))
                flat = asyncio.run(closed_loop(base, cookies, path_, args.seconds))
                errors = paced.sent - paced.ok
                failed |= errors > 0
                print(
                    f"{label:<34} {paced.rps:8.0f} {paced.pct(0.5):6.1f}ms {paced.pct(0.99):6.1f}ms"
                    f"   {flat.rps:8.0f} {flat.pct(0.5):6.1f}ms {flat.pct(0.99):6.1f}ms"
                    + (f"  ({errors} errors)" if errors else ""),
                    flush=True,
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
