"""The web workbench: FastAPI pages (Jinja2, htmx) and a JSON API over the workbench services.

`create_app` builds the application; `gongkai serve` runs it with uvicorn. Pages and the API call
the same service functions as the command line, which enforce role and agency on every call.
"""

from gongkai.web.app import create_app

__all__ = ["create_app"]
