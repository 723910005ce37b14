"""Batch reading and checking: thousands of files through a pool of worker processes.

`files.discover` lists the report files under folders; `runner.run_batch` reads (and checks) them
one worker process per core, each file under a time and memory limit, appending every result to
a journal so that an interrupted run resumes where it stopped; `outputs` builds CSV and Excel
from the journal. No click or rich here: the command line and, later, the web's bulk upload
drive it with their own progress display.
"""

from __future__ import annotations

from gongkai.batch.files import OUTPUT_SUFFIXES, Task, discover
from gongkai.batch.runner import BatchOptions, Summary, run_batch
from gongkai.batch.worker import Result

__all__ = [
    "OUTPUT_SUFFIXES",
    "BatchOptions",
    "Result",
    "Summary",
    "Task",
    "discover",
    "run_batch",
]
