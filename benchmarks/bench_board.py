"""督导 · 报送情况 under load: the status board of a province-sized office, 5,000 agencies.

    python benchmarks/bench_board.py [--agencies 5000] [--seconds 10] [--rate 20] [--keep FILE]

Loads one office with `--agencies` agencies below it into a SQLite file: a third report on the
workbench at every stage of the workflow (each with its versions, the published ones dated), a
third as uploaded published files (some late), a third nothing. Then `gongkai serve --workers 2`
answers the board (first page, a state filter, a name search, a far page; each request computes
the whole year's counts over all 5,000 agencies), goal p99 ≤ 150 ms, then times the workbook of
every line, one request at a time, and last `gongkai import-reports` on a folder with last year's
report of every third agency (first import, then again with every file already filed). Open loop at `--rate` requests/s, latency counted from when each request was due, and a
closed loop of 4 connections for the ceiling (the load generator of bench_web.py).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_web import PASSWORD, closed_loop, open_loop, server, sign_in
from gongkai.db.engine import make_engine, migrate
from gongkai.renderers import render_report
from gongkai.report import codec
from gongkai.workbench import accounts
from gongkai.workbench.orm import (
    Agency,
    AgencyKind,
    PublishedFile,
    Region,
    ReportDraft,
    ReportStatus,
    ReportVersion,
    Role,
    User,
)
from tests.builders import document, make_report

YEAR = 2025
CHINESE_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")
FLOW = (
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.ACCEPTED,
    ReportStatus.PUBLISHED,
    ReportStatus.PUBLISHED,
    ReportStatus.DRAFT,
)
PAGES = (
    ("报送情况·第 1 页", f"/oversight?year={YEAR}"),
    ("报送情况·只看逾期", f"/oversight?year={YEAR}&late=1"),
    ("报送情况·按名称查找", f"/oversight?year={YEAR}&q=%E4%BA%8C%E5%88%86"),  # 二分
    ("报送情况·第 40 页", f"/oversight?year={YEAR}&page=40"),
)


def name_of(i: int) -> str:
    """Agency i's name, digits in Chinese: the readers take ASCII digits for no agency name."""
    kind = "人民政府" if i % 10 == 0 else "二分局" if i % 7 == 0 else "局"
    return f"某某省第{str(i).translate(CHINESE_DIGITS)}{kind}"


def build(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    report = codec.to_dict(make_report(agency="某局", year=YEAR, document=document("某局", YEAR)))
    t0 = time.perf_counter()
    try:
        with Session(engine) as session, session.begin():
            region = Region(code="330000", name="某某省")
            office = Agency(name="某某省政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=region)
            session.add_all([region, office])
            session.flush()
            viewer = User(
                login="supervisor", name="政务公开办", role=Role.SUPERVISOR, agency=office
            )
            session.add(viewer)
            session.flush()
            accounts.set_password(session, None, viewer.id, PASSWORD)
            agencies = [
                {
                    "name": name_of(i),
                    "kind": AgencyKind.GOVERNMENT if i % 10 == 0 else AgencyKind.DEPARTMENT,
                    "region_id": region.id,
                    "parent_id": office.id,
                }
                for i in range(1, n + 1)
            ]
            session.execute(insert(Agency.__table__), agencies)
            ids = [a.id for a in session.query(Agency.id).filter(Agency.parent_id == office.id)]
            drafts, versions, files = [], [], []
            at = datetime(YEAR + 1, 1, 5, 2, tzinfo=UTC)
            for i, agency_id in enumerate(ids):
                kind = i % 3
                if kind == 0:
                    status = FLOW[i // 3 % len(FLOW)]
                    drafts.append({"agency_id": agency_id, "year": YEAR, "status": status})
                elif kind == 1:
                    published = date(YEAR + 1, 1, 10) + timedelta(days=rng.randint(0, 50))
                    files.append(
                        {
                            "agency_id": agency_id, "year": YEAR, "file_name": f"{agency_id}.pdf",
                            "sha256": f"{agency_id:064d}", "report": report, "findings": [],
                            "published_on": published, "imported_at": at,
                            "imported_by": viewer.id,
                        }
                    )  # fmt: skip
            session.execute(insert(ReportDraft.__table__), drafts)
            for draft in session.query(ReportDraft.id, ReportDraft.status):
                if draft.status is ReportStatus.DRAFT:
                    continue
                steps = {
                    ReportStatus.SUBMITTED: (ReportStatus.SUBMITTED,),
                    ReportStatus.RETURNED: (ReportStatus.SUBMITTED, ReportStatus.RETURNED),
                    ReportStatus.ACCEPTED: (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
                    ReportStatus.PUBLISHED: (
                        ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.PUBLISHED,
                    ),
                }[draft.status]  # fmt: skip
                for seq, step in enumerate(steps, start=1):
                    moment = at + timedelta(days=seq * 7 + rng.randint(0, 40))
                    versions.append(
                        {"draft_id": draft.id, "seq": seq, "status": step, "report": report,
                         "comment": "", "actor_id": viewer.id, "at": moment}
                    )  # fmt: skip
            session.execute(insert(ReportVersion.__table__), versions)
            session.execute(insert(PublishedFile.__table__), files)
    finally:
        engine.dispose()
    print(
        f"loaded {n:,} agencies: {len(drafts):,} workbench reports ({len(versions):,} versions), "
        f"{len(files):,} uploaded files in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, help="keep (or reuse) the loaded SQLite file here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gongkai-board-bench-") as tmp:
        path = args.keep or Path(tmp) / "board.sqlite3"
        if not path.exists():
            build(path, args.agencies, args.seed)
        with server(f"sqlite:///{path}", args.workers) as base:
            cookies = sign_in(base, "supervisor")
            print(f"\n{args.agencies:,} agencies, SQLite, gongkai serve --workers {args.workers}")
            print(f"{'page':<24} {'open loop @' + str(int(args.rate)) + '/s':>28}   "
                  f"{'closed loop, 4 conns':>30}")  # fmt: skip
            print(f"{'':<24} {'rps':>8} {'p50':>8} {'p99':>8}   {'rps':>8} {'p50':>8} {'p99':>8}")
            worst = 0.0
            failed = False
            for label, path_ in PAGES:
                asyncio.run(closed_loop(base, cookies, path_, 1, conns=2))  # warm-up
                paced = asyncio.run(open_loop(base, cookies, path_, args.rate, args.seconds))
                flat = asyncio.run(closed_loop(base, cookies, path_, args.seconds, conns=4))
                errors = paced.sent - paced.ok
                failed |= errors > 0
                worst = max(worst, paced.pct(0.99))
                print(
                    f"{label:<24} {paced.rps:8.0f} {paced.pct(0.5):6.1f}ms {paced.pct(0.99):6.1f}ms"
                    f"   {flat.rps:8.0f} {flat.pct(0.5):6.1f}ms {flat.pct(0.99):6.1f}ms"
                    + (f"  ({errors} errors)" if errors else ""),
                    flush=True,
                )
            export = asyncio.run(
                closed_loop(base, cookies, f"/oversight/board.xlsx?year={YEAR}", 5, conns=1)
            )
            print(f"Excel of every line, one at a time: {export.ok} in 5 s, "
                  f"p50 {export.pct(0.5):.0f} ms")  # fmt: skip
        met = worst <= 150
        print(f"status board p99 (worst page): {worst:.1f} ms (goal ≤ 150 ms: "
              f"{'met' if met else 'NOT met'})")  # fmt: skip
        imported = import_folder(path, args.agencies, Path(tmp) / "files")
    return 0 if met and imported and not failed else 1


def import_folder(path: Path, n: int, folder: Path) -> bool:
    """`gongkai import-reports` on a folder holding last year's report of every third agency,
    then again (every file already filed): the bulk way in for agencies not on the workbench."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(3, n + 1, 3):
        name = name_of(i)
        report = make_report(agency=name, year=YEAR - 1, document=document(name, YEAR - 1))
        (folder / f"{i:05d}.txt").write_bytes(render_report(report, "txt"))
    files = len(list(folder.iterdir()))
    command = [str(Path(sys.executable).parent / "gongkai"), "import-reports", str(folder)]
    command += ["--user", "supervisor", "--database", f"sqlite:///{path}"]
    ok = True
    for run in ("first import", "again, all filed"):
        t0 = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - t0
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        print(f"gongkai import-reports, {files:,} files, {run}: {seconds:.1f} s "
              f"({files / seconds:.0f} files/s) — {last}")  # fmt: skip
        ok &= done.returncode == 0
    return ok


if __name__ == "__main__":
    sys.exit(main())
