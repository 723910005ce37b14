"""A pool of worker processes that the parent can kill one by one.

multiprocessing.Pool and concurrent.futures cannot stop one task stuck in C code (pdfium, lxml),
so each worker here has its own pipe and one task at a time: the parent knows which file each
worker holds and since when, SIGKILLs a worker past the time limit, records the file as failed
and starts a fresh worker. In flight are at most `jobs` tasks, so memory stays flat however many
files there are. Workers are forked from the parent (a forkserver or spawn child would import
the caller's `__main__` again: two seconds for the CLI), so the thread driving the pool must live
as long as the batch (the workers die with it, see worker.py), and are retired after
`tasks_per_worker` files so that no slow leak or cache grows without end.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait
from multiprocessing.context import ForkContext
from multiprocessing.process import BaseProcess
from types import TracebackType

from gongkai.batch import worker
from gongkai.batch.files import Task
from gongkai.batch.worker import Result, WorkerConfig
from gongkai.errors import GongkaiError


def _context() -> ForkContext:
    return multiprocessing.get_context("fork")


class _Worker:
    def __init__(self, ctx: ForkContext, config: WorkerConfig) -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=worker.main, args=(child, config, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.deadline = 0.0
        self.done = 0

    def give(self, task: Task, timeout: float) -> None:
        self.task = task
        self.deadline = time.monotonic() + timeout
        self.conn.send(task)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to leave; kill it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class Pool:
    """`with Pool(...) as pool: for result in pool.run(tasks)`: results in completion order."""

    def __init__(
        self, config: WorkerConfig, jobs: int, timeout: float, tasks_per_worker: int
    ) -> None:
        self.config = config
        self.jobs = jobs
        self.timeout = timeout
        self.tasks_per_worker = tasks_per_worker
        self._ctx = _context()
        self._workers: list[_Worker] = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for w in self._workers:
            if w.task is None and kind is None:
                w.stop()
            else:
                w.kill()
        self._workers.clear()

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        pending = iter(tasks)
        exhausted = False
        while True:
            if not exhausted:
                while len(self._workers) < self.jobs:
                    self._workers.append(_Worker(self._ctx, self.config))
                for w in self._workers:
                    if w.ready and w.task is None and not exhausted:
                        task = next(pending, None)
                        if task is None:
                            exhausted = True
                        else:
                            w.give(task, self.timeout)
            active = [w for w in self._workers if w.task is not None or not w.ready]
            if exhausted:
                for w in [w for w in self._workers if w not in active]:
                    w.stop()
                    self._workers.remove(w)
                if not active:
                    return
            yield from self._collect(active)

    def _collect(self, active: list[_Worker]) -> Iterator[Result]:
        """Wait for a result, a death or a deadline; hand over what happened."""
        deadlines = [w.deadline for w in active if w.task is not None]
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        handles = [w.conn for w in active] + [w.process.sentinel for w in active]
        signalled = set(wait(handles, wait_for))
        for w in active:
            message: object = None
            if w.conn in signalled:
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    message = None
            if message == worker.READY:
                w.ready = True
            elif isinstance(message, Result):
                w.task = None
                w.done += 1
                if w.done >= self.tasks_per_worker or message.recycle:
                    self._replace(w, kill=False)
                yield message
            elif w.conn in signalled or w.process.sentinel in signalled:
                task, w.task = w.task, None
                self._replace(w, kill=True)
                if not w.ready:
                    raise GongkaiError(
                        f"无法启动读取进程（退出码 {w.process.exitcode}）",
                        "内存上限可能过低，请用 --memory-mb 调高（或设为 0 不限制）；从自己的脚本调用时，请把调用放在 if __name__ == '__main__': 之下",
                    )
                if task is not None:
                    yield worker.failure(
                        task,
                        f"读取时处理进程意外退出（退出码 {w.process.exitcode}）",
                        "文件可能损坏或触发了读取组件的缺陷；可用 gongkai parse 单独读取该文件查看",
                    )
            elif w.task is not None and time.monotonic() >= w.deadline:
                task, w.task = w.task, None
                self._replace(w, kill=True)
                yield worker.failure(
                    task,
                    f"读取超时（超过 {self.timeout:g} 秒）",
                    "文件可能过大或结构异常；确需读取可用 --timeout 调高时间上限",
                )

    def _replace(self, w: _Worker, *, kill: bool) -> None:
        """Retire `w` (killed if stuck or dead) and start a fresh worker in its place."""
        if kill:
            w.kill()
        else:
            w.stop()
        self._workers[self._workers.index(w)] = _Worker(self._ctx, self.config)
