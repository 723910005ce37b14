"""督导: the supervising office's view of the reports of every agency below it.

The status board of a year (who submitted, who is late), the findings of every held report with
the office's verdicts and the drill-down to the cells, the comparison of indicators with charts,
the region's totals, the reconciliation of a published report with the agency's own register,
and the uploaded files of agencies not on the workbench. Each section module decorates its
routes on the one `router` of `common`; importing them here is what registers them.
"""

from gongkai.web.pages.oversight import board, compare, files, findings, reconcile, totals
from gongkai.web.pages.oversight.common import router

__all__ = ["board", "compare", "files", "findings", "reconcile", "router", "totals"]
