"""Values as error messages show them: short, whatever the input holds.

Input is untrusted: a field may hold a megabyte of text, an integer of
thousands of digits (which :func:`repr` refuses to write) or an array nested
a thousand deep. An error line quotes such a value cut to a readable length,
with its full size, so that one bad value never gives a megabyte-long line.
"""

from __future__ import annotations

import reprlib
from datetime import date, datetime
from typing import Any, Final

__all__ = ["LIMIT", "cut", "digits", "key_path", "show"]

LIMIT: Final = 80
"""How many characters of a value an error message quotes."""

_HUGE: Final = 10**LIMIT
_IDENTIFIER_START: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENTIFIER: Final = _IDENTIFIER_START | frozenset("0123456789-")


def digits(number: int) -> int:
    """The number of decimal digits of ``number``, without writing it out.

    Python refuses ``str()`` of an integer of more than 4,300 digits.
    """
    size = abs(number)
    if size == 0:
        return 1
    guess = max(1, size.bit_length() * 30103 // 100000)  # log10(2) ~ 0.30103
    while 10**guess <= size:
        guess += 1
    while guess > 1 and 10 ** (guess - 1) > size:
        guess -= 1
    return guess


def cut(text: str, limit: int = LIMIT) -> str:
    """``text`` unchanged if it is short; else its start, an ellipsis and its length."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


class _Repr(reprlib.Repr):
    """:mod:`reprlib` with limits, and integers of any size."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxstring = LIMIT
        self.maxother = LIMIT
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = self.maxfrozenset = 6

    def repr_int(self, x: int, level: int) -> str:  # noqa: ARG002 - reprlib's signature
        return _int(x)


_REPR: Final = _Repr()


def _int(number: int) -> str:
    if abs(number) < _HUGE:
        return repr(number)
    return f"a whole number of {digits(number):,} digits"


def show(value: Any) -> str:
    """Render ``value`` for an error message, at most about :data:`LIMIT` characters long.

    Instants in ISO 8601 and money as text; a long string is quoted up to
    :data:`LIMIT` characters with its full length; a huge integer is named by
    its number of digits; containers are abbreviated.
    """
    if isinstance(value, datetime | date):
        return value.isoformat()
    if type(value).__name__ == "Money":
        return cut(str(value))
    if isinstance(value, str):
        if len(value) <= LIMIT:
            return repr(value)
        return f"{value[:LIMIT]!r}… ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool):
        return _int(value)
    try:
        text = _REPR.repr(value)
    except Exception:  # noqa: BLE001 - a value's own __repr__ may fail; name its type instead
        return f"a {type(value).__name__}"
    return cut(text)


def key_path(key: object) -> str:
    """The JSON path step for the object key ``key``: ``.orders``, or ``['a[b']`` for others.

    A key that is not a plain name is quoted, so that a path stays readable
    and unambiguous (``$['a[b']`` is one key, not an index).
    """
    if (
        isinstance(key, str)
        and 0 < len(key) <= LIMIT
        and key[0] in _IDENTIFIER_START
        and all(char in _IDENTIFIER for char in key)
    ):
        return f".{key}"
    return f"[{show(key)}]"
