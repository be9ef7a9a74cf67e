"""newskg's one error hierarchy.

Every error a user can cause is a :class:`NewsKGError`. Each carries the HTTP status the server
answers with and the exit code the CLI ends with, so neither layer has to guess. Messages say
what is wrong and how to fix it.
"""

from __future__ import annotations


class NewsKGError(Exception):
    """Base class. ``status`` is the HTTP status, ``exit_code`` the CLI exit code."""

    status: int = 500
    exit_code: int = 2
    title: str = "Internal error"

    def __init__(self, message: str, *, detail: object | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def to_dict(self) -> dict:
        body = {"status": self.status, "error": self.title, "message": self.message}
        if self.detail is not None:
            body["detail"] = self.detail
        return body


class UsageError(NewsKGError):
    """A command or request was called with wrong words: bad flag, missing argument."""

    status, title = 400, "Bad request"


class InputError(NewsKGError):
    """An input file or body cannot be used: empty, binary, wrong language, no date..."""

    status, title = 400, "Bad input"


class QuerySyntaxError(UsageError):
    """A SPARQL query or update does not parse."""

    title = "Malformed SPARQL"


class ForbiddenFeatureError(NewsKGError):
    """A query uses a feature this server refuses (SERVICE, LOAD) unless configured."""

    status, title = 403, "Forbidden SPARQL feature"


class NotFoundError(NewsKGError):
    status, title = 404, "Not found"


class MethodNotAllowedError(NewsKGError):
    status, title = 405, "Method not allowed"


class NotAcceptableError(NewsKGError):
    status, title = 406, "Not acceptable"


class PayloadTooLargeError(NewsKGError):
    status, title = 413, "Payload too large"


class UnsupportedMediaTypeError(NewsKGError):
    status, title = 415, "Unsupported media type"


class UnauthorizedError(NewsKGError):
    status, title = 401, "Unauthorized"


class PermissionDeniedError(NewsKGError):
    status, title = 403, "Forbidden"


class ValidationFailedError(NewsKGError):
    """Data does not conform to the SHACL shapes; ``detail`` holds the report."""

    status, exit_code, title = 422, 1, "Validation failed"


class QueryTimeoutError(NewsKGError):
    status, title = 503, "Query timeout"


class StoreError(NewsKGError):
    """The store cannot be opened or written (locked, corrupt, unreachable)."""

    status, title = 503, "Store unavailable"


class ReasonerUnavailableError(NewsKGError):
    """The OWL reasoner cannot run (no Java, or Java failed); the CLI exits 2."""

    status, title = 503, "Reasoner unavailable"


class StoreLockedError(StoreError):
    """Another process (usually a running `newskg serve`) holds the store's write lock."""
