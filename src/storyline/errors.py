"""The one exception hierarchy of Storyline.

Rejected inputs are *data* (:class:`storyline.records.Rejection`), not exceptions. The exceptions
below are real errors: each message says what went wrong and how to fix it.

::

    StorylineError
     ├── ConfigError            bad settings or arguments
     ├── MissingExtraError      an optional dependency is not installed
     ├── InputError             an input cannot be read or parsed (ingest records a Rejection)
     ├── StoreError             the database cannot be opened, migrated or written
     │    ├── SchemaVersionError  the database comes from a newer Storyline
     │    ├── StoreReadOnlyError  a write to a store that cannot be written (a read-only file,
     │    │                       folder or volume, or a store opened for reading only)
     │    └── StoreValueError     one record holds a value the store cannot hold (ingest
     │                            records a Rejection of its input; the store is fine)
     ├── NotFoundError          an id that is not in the store
     └── WorkerError            a worker process the pipeline started died (killed)
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "InputError",
    "MissingExtraError",
    "NotFoundError",
    "SchemaVersionError",
    "StoreError",
    "StoreReadOnlyError",
    "StoreValueError",
    "StorylineError",
    "WorkerError",
]


class StorylineError(Exception):
    """Base class of every error Storyline raises on purpose."""


class ConfigError(StorylineError):
    """Settings or arguments that cannot work."""


class MissingExtraError(StorylineError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(
            f"{feature} needs an optional dependency: pip install 'storyline[{extra}]'"
        )
        self.extra = extra


class InputError(StorylineError):
    """One input cannot be read or parsed. Ingest turns it into a rejection of that file."""

    def __init__(self, reason: str, path: str = "") -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.reason = reason
        self.path = path


class StoreError(StorylineError):
    """The store cannot be opened, migrated or written."""


class StoreValueError(StoreError):
    """A record holds a value this store cannot hold (a character its text type refuses, a
    string over its size limit). Nothing of the record was written; the store is usable."""


class StoreReadOnlyError(StoreError):
    """A write to a store that cannot be written: its file, folder or volume is read-only, or
    it was opened for reading only (``open_store(..., read_only=True)``)."""


class SchemaVersionError(StoreError):
    """The database schema is newer than this version of Storyline understands."""


class NotFoundError(StorylineError, KeyError):
    """An id that is not in the store."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else "not found"


class WorkerError(StorylineError):
    """A worker process the pipeline started ended before answering (killed, out of memory).
    What was stored before stays; the message says how to finish the work."""
