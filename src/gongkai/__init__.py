"""gongkai (公开): government information disclosure work, and its annual report as data."""

__version__ = "0.1.0"
