"""The library's one cattrs converter, and JSON path reporting built on it.

Formats (our JSON format, documented in docs/data-model.md):

* instants: ISO 8601 with a UTC offset (``2022-03-01T10:00:00+01:00``); a
  string without an offset is refused; an offset equal to Warsaw's at that
  instant is read back as Europe/Warsaw (other offsets, ``Z`` included, stay
  fixed);
* money: ``{"amount": "12.34", "currency": "PLN"}`` with the amount a string;
* durations: ISO 8601 (``PT24H``, ``P1DT2H``, ``PT0S``);
* enums: their member names; sets: sorted lists; tuples: lists.

Every JSON text the library reads goes through :func:`parse_json` (files
through :func:`read_json_file`), which turns what :func:`json.loads` would
raise or silently accept into problems with JSON paths: a key repeated in
one object, a number too long for Python to read, nesting too deep to read,
bytes that are not UTF-8, a path that is not a regular file.
"""

from __future__ import annotations

import json
import os
import re
import stat
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, Final, TypeVar, Union, cast

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from ._money import Money, amount_problem
from ._shown import cut, key_path, show
from ._time import SUPPORTED_YEARS, WARSAW, require_aware
from .exceptions import (
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    PathProblem,
    SellerQualityError,
)

__all__ = [
    "CONVERTER",
    "INT_LIMIT",
    "LongNumber",
    "decode_each",
    "describe",
    "expect_object",
    "format_duration",
    "json_kind",
    "not_utf8",
    "parse_duration",
    "parse_json",
    "problems_of",
    "read_json_file",
    "read_text_file",
]

T = TypeVar("T")

CONVERTER = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
"""The library's private converter; never the global one (STYLE.md)."""

INT_LIMIT: Final = 10**18
"""Whole numbers read from JSON are below this in absolute value.

The numbers in our files and in Allegro's bodies are star marks, counts and
points; none comes near a quintillion, and a number of thousands of digits
cannot even be written back in an error message.
"""


# --- reading JSON text ----------------------------------------------------------------


class LongNumber:
    """A JSON number too long for Python to read as an ``int`` (over 4,300 digits).

    :func:`parse_json` leaves one in the data where the number was, so that
    the record holding it is refused with its path like any other bad value.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @property
    def digits(self) -> int:
        """How many digits the number has."""
        return len(self.text.lstrip("-"))

    def __repr__(self) -> str:
        return f"{self.text[:20]}… ({self.digits:,} digits)"


def _int_or_long(text: str) -> int | LongNumber:
    try:
        return int(text)
    except ValueError:  # sys.get_int_max_str_digits(): Python refuses to read it
        return LongNumber(text)


class _Repeated(dict[str, Any]):
    """A JSON object in which a key appeared more than once: the keys are kept here."""

    repeated: tuple[str, ...] = ()


class _Pairs:
    """``object_pairs_hook`` that notes every object with a repeated key."""

    def __init__(self) -> None:
        self.found = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        self.found = True
        marked = _Repeated(result)
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                repeated[key] = None
            seen.add(key)
        marked.repeated = tuple(repeated)
        return marked


def _repeats(data: Any) -> list[PathProblem]:
    """Each repeated key in ``data`` with its path, in document order (no recursion)."""
    reason = (
        "appears more than once in one object; a key may appear only once, or all but "
        "one of its values would be silently lost"
    )
    found: list[PathProblem] = []
    # Entries are a problem to report, or a (path, value) to visit.
    stack: list[PathProblem | tuple[str, Any]] = [("$", data)]
    while stack:
        entry = stack.pop()
        if isinstance(entry, PathProblem):
            found.append(entry)
            continue
        path, value = entry
        children: list[PathProblem | tuple[str, Any]] = []
        if isinstance(value, dict):
            repeated = value.repeated if isinstance(value, _Repeated) else ()
            for key, item in value.items():
                if key in repeated:
                    children.append(PathProblem(path + key_path(key), reason))
                children.append((path + key_path(key), item))
        elif isinstance(value, list):
            children = [(f"{path}[{index}]", item) for index, item in enumerate(value)]
        stack += reversed(children)
    return found


def parse_json(text: str | bytes, source: str | None = None) -> Any:
    """Parse JSON ``text`` (``bytes`` must be UTF-8) as every reader of the library does.

    Numbers too long for Python to read become :class:`LongNumber`, so that
    the record holding one is refused by its path.

    Raises:
        LoadError: The text is not JSON, is not UTF-8, is nested too deeply
            to read, or repeats a key in one object (each with its path):
            a repeated key is refused because all but one of its values
            would be silently lost.
    """
    pairs = _Pairs()
    try:
        try:
            data = json.loads(text, object_pairs_hook=pairs)
        except json.JSONDecodeError:
            raise
        except ValueError:
            # Python refuses to read an integer of more than 4,300 digits.
            pairs = _Pairs()
            data = json.loads(text, object_pairs_hook=pairs, parse_int=_int_or_long)
    except json.JSONDecodeError as exc:
        reason = f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise LoadError([PathProblem("$", reason)], source=source) from None
    except UnicodeDecodeError as exc:
        raise LoadError([PathProblem("$", not_utf8(exc))], source=source) from None
    except RecursionError:
        reason = (
            "is nested too deeply to read (arrays and objects within each other "
            "about a thousand levels deep)"
        )
        raise LoadError([PathProblem("$", reason)], source=source) from None
    if pairs.found:
        raise LoadError(_repeats(data), source=source)
    return data


def not_utf8(exc: UnicodeDecodeError) -> str:
    """Say in words which byte of a file is not UTF-8."""
    byte = exc.object[exc.start : exc.start + 1].hex()
    return f"is not UTF-8 text: the byte 0x{byte} at offset {exc.start:,} cannot be read"


def read_text_file(path: str | os.PathLike[str], *, source: str | None = None) -> str:
    """Read the UTF-8 text of the regular file at ``path``; problems name ``source``.

    Only a regular file is read: a folder, a device such as ``/dev/zero``
    (which never ends), a pipe or a socket is refused before reading.

    Raises:
        LoadError: The file cannot be read, is not a regular file, or is not UTF-8.
    """
    label = os.fspath(path) if source is None else source
    try:
        mode = Path(path).stat().st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
            raise LoadError([PathProblem("$", f"is {kind}, not a file")], source=label)
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        raise LoadError([PathProblem("$", reason)], source=label) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError([PathProblem("$", not_utf8(exc))], source=label) from None


def read_json_file(path: str | os.PathLike[str], *, source: str | None = None) -> Any:
    """Read and parse the JSON file at ``path``; problems name ``source`` (default: the path).

    Raises:
        LoadError: :func:`read_text_file` or :func:`parse_json` refuses it.
    """
    label = os.fspath(path) if source is None else source
    return parse_json(read_text_file(path, source=label), label)


def json_kind(value: object) -> str:
    """Name a JSON value's kind (``a number``, ``a string``) for a message that shows the value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, LongNumber):
        return f"a number of {value.digits:,} digits"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def describe(value: object) -> str:
    """Name a JSON value for a message: ``null``, ``the number 1.5``, ``an array``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {show(value)}"
    if isinstance(value, LongNumber):
        return f"a number of {value.digits:,} digits"
    if isinstance(value, str):
        return f"the string {show(value)}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def expect_object(value: Any, path: str) -> list[PathProblem]:
    """No problem if ``value`` is a JSON object; else one saying an object was expected."""
    if isinstance(value, Mapping):
        return []
    return [PathProblem(path, f"is {describe(value)}; expected an object (a JSON {{...}})")]


# --- JSON scalars: exact types only -----------------------------------------------
# cattrs' defaults call bool()/int()/str() on whatever comes, so "no" would become
# True and 4.7 would become 4; our format refuses instead of guessing.


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(field="bool", value=value, reason="must be true or false")
    return value


def _long(field: str, value: LongNumber) -> InvalidValueError:
    return InvalidValueError(
        field=field,
        value=value,
        reason="is too long to read: Python reads whole numbers of at most 4,300 digits",
    )


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, LongNumber):
        raise _long("int", value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(field="int", value=value, reason="must be a whole number")
    if not -INT_LIMIT < value < INT_LIMIT:
        raise InvalidValueError(
            field="int", value=value, reason="is too large: whole numbers here are below 10^18"
        )
    return value


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise InvalidTypeError(field="str", value=value, reason="must be a string")
    return value


CONVERTER.register_structure_hook(bool, _structure_bool)
CONVERTER.register_structure_hook(int, _structure_int)
CONVERTER.register_structure_hook(str, _structure_str)


# --- instants ------------------------------------------------------------------


def _structure_datetime(value: Any, _: type) -> datetime:
    if not isinstance(value, str):
        raise InvalidTypeError(
            field="datetime", value=value, reason="must be an ISO 8601 string with a UTC offset"
        )
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(
            field="datetime", value=value, reason="is not an ISO 8601 date and time"
        ) from None
    if parsed.tzinfo is None:
        # Text is fixed by writing an offset, not by Python's tzinfo=: show one.
        example = parsed.replace(tzinfo=WARSAW).isoformat()
        raise InvalidValueError(
            field="datetime",
            value=value,
            reason=f"has no UTC offset (a naive time); write one, such as {example!r}",
        )
    require_aware(parsed, field="datetime")
    # An offset that is Warsaw's own at that instant is read as Europe/Warsaw, so
    # that the instant reads back in the zone it was most likely written in.
    in_warsaw = parsed.astimezone(WARSAW)
    return in_warsaw if parsed.utcoffset() == in_warsaw.utcoffset() else parsed


def _structure_date(value: Any, _: type) -> date:
    if not isinstance(value, str):
        raise InvalidTypeError(field="date", value=value, reason="must be an ISO 8601 date string")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(
            field="date", value=value, reason="is not an ISO 8601 date (YYYY-MM-DD)"
        ) from None


CONVERTER.register_structure_hook(datetime, _structure_datetime)
CONVERTER.register_unstructure_hook(datetime, lambda value: value.isoformat())
CONVERTER.register_structure_hook(date, _structure_date)
CONVERTER.register_unstructure_hook(date, lambda value: value.isoformat())


# --- durations -----------------------------------------------------------------

_DURATION = re.compile(
    r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d{1,6})?)S)?)?"
)


def parse_duration(text: str) -> timedelta:
    """Parse an ISO 8601 duration of weeks, days, hours, minutes and seconds.

    Years and months are refused: their length is not fixed.

    Example:
        >>> parse_duration("PT24H")
        datetime.timedelta(days=1)
        >>> parse_duration("P1DT2H30M")
        datetime.timedelta(days=1, seconds=9000)
    """
    match = _DURATION.fullmatch(text.strip())
    if match is None or text.strip() == "P" or text.strip().endswith("T"):
        raise InvalidValueError(
            field="duration",
            value=text,
            reason="is not an ISO 8601 duration such as PT24H or P2D "
            "(weeks, days, hours, minutes, seconds)",
        )
    parts = {name: value for name, value in match.groupdict().items() if value is not None}
    seconds = Decimal(parts.pop("seconds", "0"))
    return timedelta(
        weeks=int(parts.get("weeks", 0)),
        days=int(parts.get("days", 0)),
        hours=int(parts.get("hours", 0)),
        minutes=int(parts.get("minutes", 0)),
        microseconds=int(seconds * 1_000_000),
    )


def format_duration(value: timedelta) -> str:
    """Format a non-negative duration as ISO 8601 in hours (``PT24H``, ``PT72H``, ``PT0S``).

    Hours rather than days, as Allegro writes handling times, so that a day
    never reads as a calendar day.
    """
    if value < timedelta(0):
        raise InvalidValueError(field="duration", value=value, reason="is negative")
    hours, rest = divmod(value.days * 86400 + value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = ""
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if seconds or value.microseconds:
        fraction = f".{value.microseconds:06d}".rstrip("0") if value.microseconds else ""
        text += f"{seconds}{fraction}S"
    return f"PT{text or '0S'}"


def _structure_timedelta(value: Any, _: type) -> timedelta:
    if not isinstance(value, str):
        raise InvalidTypeError(
            field="duration", value=value, reason="must be an ISO 8601 duration string like PT24H"
        )
    return parse_duration(value)


CONVERTER.register_structure_hook(timedelta, _structure_timedelta)
CONVERTER.register_unstructure_hook(timedelta, format_duration)


# --- money and decimals ----------------------------------------------------------


def _structure_decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, LongNumber):
        raise _long("decimal", value)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidTypeError(
            field="decimal",
            value=value,
            reason='must be a string such as "12.34" (or an integer); '
            "JSON floats are refused because they are not exact",
        )
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise InvalidValueError(field="decimal", value=value, reason="is not a number") from None
    if not result.is_finite():
        raise InvalidValueError(field="decimal", value=value, reason="is not finite")
    return result


def _structure_money(value: Any, _: type) -> Money:
    if not isinstance(value, dict):
        raise InvalidTypeError(
            field="money",
            value=value,
            reason='must be an object like {"amount": "12.34", "currency": "PLN"}',
        )
    extra = set(value) - {"amount", "currency"}
    if extra:
        raise ForbiddenExtraKeysError("", Money, extra)
    if "amount" not in value:
        raise InvalidValueError(field="money", value=value, reason="has no amount")
    try:
        amount = _structure_decimal(value["amount"], Decimal)
    except (InvalidTypeError, InvalidValueError) as exc:
        # Reported at the amount itself: $.orders[3].total.amount.
        raise InvalidValueError(
            record="Money", field="amount", value=value["amount"], reason=exc.reason
        ) from None
    problem = amount_problem(amount)
    if problem is not None:
        raise InvalidValueError(
            record="Money", field="amount", value=value["amount"], reason=problem
        )
    currency = value.get("currency", "PLN")
    return Money(amount, currency)


def _unstructure_money(value: Money) -> dict[str, str]:
    return {"amount": str(value.amount), "currency": value.currency}


CONVERTER.register_structure_hook(Decimal, _structure_decimal)
CONVERTER.register_unstructure_hook(Decimal, str)
CONVERTER.register_structure_hook(Money, _structure_money)
CONVERTER.register_unstructure_hook(Money, _unstructure_money)


# --- enums and sets ---------------------------------------------------------------


def _structure_enum(value: Any, cls: type[Enum]) -> Enum:
    if isinstance(value, str) and value in cls.__members__:
        return cls[value]
    names = ", ".join(cls.__members__)
    raise InvalidValueError(field=cls.__name__, value=value, reason=f"is not one of {names}")


CONVERTER.register_structure_hook_func(
    lambda cls: isinstance(cls, type) and issubclass(cls, Enum), _structure_enum
)
CONVERTER.register_unstructure_hook_func(
    lambda cls: isinstance(cls, type) and issubclass(cls, Enum), lambda member: member.name
)


def _is_frozenset(cls: Any) -> bool:
    return getattr(cls, "__origin__", None) is frozenset


def _structure_frozenset(value: Any, cls: Any) -> frozenset[Any]:
    if not isinstance(value, list):
        raise InvalidTypeError(field="set", value=value, reason="must be a JSON array")
    (item_type,) = cls.__args__
    return frozenset(CONVERTER.structure(item, item_type) for item in value)


CONVERTER.register_structure_hook_func(_is_frozenset, _structure_frozenset)
CONVERTER.register_unstructure_hook_func(
    _is_frozenset, lambda value: sorted(CONVERTER.unstructure(item) for item in value)
)


# --- JSON paths ---------------------------------------------------------------------


def _reason(exc: BaseException) -> str:
    if isinstance(exc, SellerQualityError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        names = ", ".join(show(key) for key in sorted(exc.extra_fields, key=str))
        return f"unknown field(s): {names}"
    if isinstance(exc, RecursionError):
        return "is nested too deeply to read"
    if isinstance(exc, TypeError | ValueError):
        return f"invalid value ({cut(str(exc))})"
    return f"{type(exc).__name__}: {cut(str(exc))}"


def problems_of(exc: BaseException, path: str) -> list[PathProblem]:
    """Turn a structuring error into problems with JSON paths below ``path``.

    Walks cattrs' exception groups and their notes, so that a failure deep in a
    record is reported as ``$.orders[3].bought_at`` with its own reason.
    """
    if isinstance(exc, ForbiddenExtraKeysError):
        return [
            PathProblem(path + key_path(key), "unknown field")
            for key in sorted(exc.extra_fields, key=str)
        ]
    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[PathProblem] = []
        for inner in exc.exceptions:
            suffix = ""
            for note in getattr(inner, "__notes__", ()):
                name = getattr(note, "name", None)
                index = getattr(note, "index", None)
                if name is not None:
                    suffix = f".{name}"
                    break
                if index is not None:
                    suffix = f"[{index}]"
                    break
            found.extend(problems_of(inner, path + suffix))
        return found
    if isinstance(exc, InvalidValueError) and exc.record is not None:
        # A record's own invariant (raised by its constructor): point at the field.
        return [PathProblem(f"{path}.{exc.field}", _reason(exc))]
    return [PathProblem(path, _reason(exc))]


# --- the fast path -------------------------------------------------------------------
#
# cattrs with detailed validation keeps a path for every value, which is what a
# problem report needs but costs most of the time of reading a large file. Each
# record is therefore first built directly: every field through the same hook the
# converter would use, then the record's own constructor with its validators. Only
# an item that fails goes through the converter, which then names what is wrong
# and where. So both paths accept exactly the same items (property-tested).

FieldHook = Callable[[Any], Any]


def _field_hook(annotation: Any) -> FieldHook | None:
    """How one field is read from JSON, with the converter's own hooks; ``None``: unknown."""
    if annotation in _READERS:
        return _READERS[annotation]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        members = annotation.__members__
        return lambda value: (
            members[value] if value in members else _structure_enum(value, annotation)
        )
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _field_hook(next(arg for arg in args if arg is not type(None)))
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if origin is frozenset and args == (str,):
        return lambda value: frozenset(_strings(value))
    if origin is tuple and args == (str, Ellipsis):
        return lambda value: tuple(_strings(value))
    return None


_FIRST_YEAR, _LAST_YEAR = SUPPORTED_YEARS


def _read_instant(value: Any) -> datetime:
    # _structure_datetime, with its common case in a few C calls.
    if type(value) is str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return _structure_datetime(value, datetime)  # says why, in its words
        offset = parsed.utcoffset()
        if offset is not None and _FIRST_YEAR <= parsed.year <= _LAST_YEAR:
            in_warsaw = parsed.astimezone(WARSAW)
            return in_warsaw if in_warsaw.utcoffset() == offset else parsed
    return _structure_datetime(value, datetime)


_MONEY_SEEN: dict[tuple[Any, Any], Money] = {}
_MONEY_SEEN_MOST: Final = 65536
_MONEY_KEYS: Final = frozenset({"amount", "currency"})


def _read_money(value: Any) -> Money:
    # Prices and totals repeat: each distinct amount is read (and checked) once.
    if type(value) is dict and _MONEY_KEYS.issuperset(value):
        key = (value.get("amount"), value.get("currency", "PLN"))
        if type(key[0]) is str and type(key[1]) is str:
            known = _MONEY_SEEN.get(key)
            if known is None:
                known = _structure_money(value, Money)
                if len(_MONEY_SEEN) >= _MONEY_SEEN_MOST:
                    _MONEY_SEEN.clear()
                _MONEY_SEEN[key] = known
            return known
    return _structure_money(value, Money)


_READERS: dict[Any, FieldHook] = {
    str: lambda value: value if type(value) is str else _structure_str(value, str),
    bool: lambda value: value if type(value) is bool else _structure_bool(value, bool),
    int: lambda value: _structure_int(value, int),
    datetime: _read_instant,
    timedelta: lambda value: _structure_timedelta(value, timedelta),
    Decimal: lambda value: _structure_decimal(value, Decimal),
    Money: _read_money,
}


def _strings(value: Any) -> list[str]:
    if type(value) is not list or not all(type(item) is str for item in value):
        raise InvalidTypeError(field="list", value=value, reason="must be an array of strings")
    return value


_FAST: dict[type[Any], Callable[[Any], Any] | None] = {}


def _fast_decoder(cls: type[T]) -> Callable[[Any], T | None] | None:
    """A direct decoder of ``cls`` from a JSON object, or ``None`` when a field is unknown."""
    if cls not in _FAST:
        _FAST[cls] = _make_fast_decoder(cls)
    return _FAST[cls]


def _make_fast_decoder(cls: type[T]) -> Callable[[Any], T | None] | None:
    hints = typing.get_type_hints(cls)
    hooks: dict[str, FieldHook] = {}
    for field in attrs.fields(cast("type[attrs.AttrsInstance]", cls)):
        if not field.init:
            continue
        hook = _field_hook(hints[field.name])
        if hook is None:
            return None
        hooks[field.alias or field.name] = hook
    allowed = frozenset(hooks)

    def decode(item: Any) -> T | None:
        if not allowed.issuperset(item):
            return None
        try:
            return cls(**{name: hooks[name](value) for name, value in item.items()})
        except Exception:  # noqa: BLE001 - the converter then says what is wrong
            return None

    return decode


def decode_each(
    items: Any, cls: type[T], path: str
) -> Iterator[tuple[int, T | None, list[PathProblem]]]:
    """Structure each element of the JSON array ``items`` as ``cls``.

    Yields ``(index, record, [])`` for each element that decodes and
    ``(index, None, problems)`` for each that does not, so nothing is lost.
    """
    fast = _fast_decoder(cls)
    if fast is not None and isinstance(items, list):
        for index, item in enumerate(items):
            record = fast(item) if type(item) is dict else None
            if record is None:
                yield from _decode_slowly(items, index, cls, path)
            else:
                yield index, record, []
        return
    yield from decode_each_slowly(items, cls, path)


def _decode_slowly(
    items: list[Any], index: int, cls: type[T], path: str
) -> Iterator[tuple[int, T | None, list[PathProblem]]]:
    item = items[index]
    item_path = f"{path}[{index}]"
    shape = expect_object(item, item_path)
    if shape:
        yield index, None, shape
        return
    try:
        record = CONVERTER.structure(item, cls)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a reported problem
        yield index, None, problems_of(exc, item_path)
    else:
        yield index, record, []


def decode_each_slowly(
    items: Any, cls: type[T], path: str
) -> Iterator[tuple[int, T | None, list[PathProblem]]]:
    """:func:`decode_each` through the converter alone: the reference for the fast path."""
    if not isinstance(items, list):
        yield -1, None, [PathProblem(path, f"is {describe(items)}; expected an array")]
        return
    for index in range(len(items)):
        yield from _decode_slowly(items, index, cls, path)


def unstructure_all(records: Iterable[Any]) -> list[Any]:
    """Unstructure each record with the library converter."""
    return [CONVERTER.unstructure(record) for record in records]


StructureHook = Callable[[Any, type], Any]
