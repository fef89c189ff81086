"""The project's own errors: every failure a user can cause by their input."""


class MapAppError(Exception):
    """Base of every error mapapp raises on purpose.

    The CLI turns these into one line and exit status 2; the app into st.error.
    Anything else is a bug and keeps its traceback.
    """


class DocumentError(MapAppError, ValueError):
    """An article cannot be read: missing, binary, a directory, malformed front matter."""


class InputTooLarge(DocumentError):
    """An article is over the size limit; refused before it is read. size: its bytes; limit_mb: the limit."""

    def __init__(self, message: str, size: int, limit_mb: float) -> None:
        super().__init__(message)
        self.size = size
        self.limit_mb = limit_mb


class GazetteerError(MapAppError, ValueError):
    """A gazetteer file is broken: bad coordinates, missing fields, duplicate aliases."""


class DateError(MapAppError, ValueError):
    """A date expression names a day that does not exist (31 February)."""


class ExportError(MapAppError, OSError):
    """Export failed: the output folder cannot be written."""
