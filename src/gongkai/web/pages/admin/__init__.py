"""管理: users, agencies, the holiday table, letter templates, the audit log.

Agency administrators manage their own agency; the system administrator everything. Every route
goes through the services in `workbench.users`, `workbench.letters`, `workbench.calendar_table`
and `workbench.audit_log`, which check the role and the agency again: a guessed id of another
agency's user gives 403, whatever the page showed.

One module per section; each decorates its routes on the one `router` of `common`, so importing
the sections here is what registers them.
"""

from gongkai.web.pages.admin import agencies, audit, holidays, letters, users
from gongkai.web.pages.admin.common import router

__all__ = ["agencies", "audit", "holidays", "letters", "router", "users"]
