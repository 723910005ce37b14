"""One exception tree. Every error carries a Chinese message for the user and what to do next."""

from __future__ import annotations


class GongkaiError(Exception):
    """Base of every error gongkai raises on purpose; the CLI and the web show `message` and `hint`."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}（{self.hint}）" if self.hint else self.message


class InputError(GongkaiError):
    """The input cannot be read at all: missing, empty, binary, undecodable or too large."""


class NotAReportError(GongkaiError):
    """The input reads as text but contains nothing of an annual report."""


class ReportFormatError(GongkaiError):
    """Canonical JSON that does not follow gongkai.annual-report/1."""


class SettingsError(GongkaiError):
    """An option with a value outside what it accepts."""
