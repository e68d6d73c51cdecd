"""Every error the library raises.

All of them derive from :class:`SellerQualityError`, so one ``except`` clause
catches anything the library reports. Concrete errors also derive from the
builtin that fits (:class:`ValueError` for a wrong value, :class:`TypeError` for
a wrong type), so code written against the builtins keeps working.

Messages name the record (class and id), the field and the offending value::

    Order 'o-17': sent_at 2022-03-01 10:00:00+00:00 is before bought_at
    2022-03-02 10:00:00+00:00

A quoted value is cut to 80 characters, with its full length after an
ellipsis, so that one huge input value never makes a huge message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from ._shown import show

__all__ = [
    "AllegroApiWarning",
    "CurrencyMismatchError",
    "DuplicateIdError",
    "IllegalTransitionError",
    "InvalidTypeError",
    "InvalidValueError",
    "LoadError",
    "MissingExtraError",
    "NaiveDatetimeError",
    "PathProblem",
    "SellerQualityError",
]


class SellerQualityError(Exception):
    """Base class of every error sellerquality raises."""


def _subject(record: str | None, record_id: str | None) -> str:
    if record is None:
        return ""
    if record_id is None:
        return f"{record}: "
    return f"{record} {show(record_id)}: "


class InvalidValueError(SellerQualityError, ValueError):
    """A value breaks a rule of the data model or of a function's arguments.

    Attributes:
        record: The class of the record (``"Order"``), or ``None`` for a
            function argument.
        record_id: The record's ``id`` where it has one.
        field: The field or argument name (``"sent_at"``).
        value: The offending value.
        reason: What is wrong, in words.
    """

    def __init__(
        self,
        *,
        field: str,
        value: Any,
        reason: str,
        record: str | None = None,
        record_id: str | None = None,
    ) -> None:
        self.record = record
        self.record_id = record_id
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{_subject(record, record_id)}{field} {show(value)} {reason}")


class NaiveDatetimeError(InvalidValueError):
    """A datetime without a time zone was given where an instant is meant."""

    def __init__(
        self,
        *,
        field: str,
        value: Any,
        record: str | None = None,
        record_id: str | None = None,
    ) -> None:
        super().__init__(
            field=field,
            value=value,
            record=record,
            record_id=record_id,
            reason="is a naive datetime; give a timezone-aware one "
            "(e.g. tzinfo=ZoneInfo('Europe/Warsaw') or datetime.UTC)",
        )


class CurrencyMismatchError(InvalidValueError):
    """Amounts in different currencies were combined or compared."""


class DuplicateIdError(InvalidValueError):
    """Two records of one kind share an id."""


class InvalidTypeError(SellerQualityError, TypeError):
    """A value of the wrong type was given, such as a float for money.

    Attributes:
        field: The field or argument name.
        value: The offending value.
        reason: What was expected instead.
    """

    def __init__(self, *, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field} {show(value)} {reason}")


class IllegalTransitionError(SellerQualityError, ValueError):
    """A state machine was asked for a move its transition table forbids."""


@attrs.frozen
class PathProblem:
    """One problem found while reading input: where it is and what is wrong.

    Attributes:
        path: A JSON path such as ``$.orders[17].bought_at``.
        reason: What is wrong there.
    """

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class LoadError(SellerQualityError, ValueError):
    """Input data could not be read; lists every problem with its JSON path.

    Attributes:
        problems: Each problem, in input order.
        source: The file or description of the input, where known.
    """

    def __init__(self, problems: Sequence[PathProblem], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        where = f"{source}: " if source else ""
        count = len(self.problems)
        head = f"{where}{count} problem{'s' if count != 1 else ''} in the input"
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{head}:\n{lines}" if lines else head)

    @property
    def first_line(self) -> str:
        """The file and the first problem on one line, for command-line output."""
        where = f"{self.source}: " if self.source else ""
        if not self.problems:
            return f"{where}unreadable input"
        more = len(self.problems) - 1
        tail = f" (and {more} more)" if more else ""
        # One line, whatever the input: a reason quoting raw text may hold line breaks.
        first = " ".join(str(self.problems[0]).splitlines())
        return f"{where}{first}{tail}"


class MissingExtraError(SellerQualityError, ImportError):
    """A feature needs an optional extra that is not installed.

    Fetching from Allegro needs ``[allegro]`` (httpx and stamina), data
    frames ``[dataframe]`` (narwhals), a Dask cluster ``[dask]``
    (distributed), the HTML report and its charts ``[report]`` (Jinja2,
    matplotlib); the core never does. The message names the command that
    installs the extra, such as ``pip install "sellerquality[allegro]"``.
    """


class AllegroApiWarning(UserWarning):
    """A value in an Allegro API body that was read, but not as a known value (DI-1, SQ-1).

    Raised through :mod:`warnings` (never as an error) for an enumeration
    value Allegro added after this library was written, which is kept as
    "other", and for details that belong to no record. Turn it into an
    error with ``warnings.simplefilter("error", AllegroApiWarning)``.

    Attributes:
        path: Where the value is, such as ``checkout_forms[0]$.checkoutForms[2].status``.
        reason: What was done with it.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")
