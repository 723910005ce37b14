"""gongkai (公开): government information disclosure work, and its annual report as data.

The small public API; everything else lives in the sub-packages named for their concern.
"""

from gongkai.readers import read_report, read_text
from gongkai.report.model import AnnualReport
from gongkai.report.rules import check_report

__all__ = ["AnnualReport", "check_report", "read_report", "read_text"]
__version__ = "0.1.0"
