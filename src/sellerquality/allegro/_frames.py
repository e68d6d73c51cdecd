"""Data frames in and out (the optional extra ``[dataframe]``).

A seller's records arrive as data frames (a pandas frame from ``read_sql``, a
polars or pyarrow table); results leave as frames ready for ``df.plot``. Both
go through narwhals, so one code path serves pandas, polars and pyarrow
without the library depending on any of them: narwhals is imported when one
of these functions is called, never when :mod:`sellerquality.allegro` is.

Records are read the way our JSON format is: each frame value becomes the
JSON value it means (a ``Timestamp`` the ISO 8601 instant, a ``Decimal`` the
amount's string, ``NaT``/``None``/``NaN`` a field left out), each row the
record's JSON object, and the rows go through :func:`sellerquality.load`,
so the rules, the messages and lenient reading are those of the JSON loader;
only the paths change, from ``$.orders[17].bought_at`` to the frame, row
position and column: ``orders[17].bought_at``.
"""

from __future__ import annotations

import enum
import importlib.util
import re
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from types import ModuleType
from typing import Any, Final, Literal, TypedDict, Unpack, overload

import attrs

from .. import _json
from .._money import Money
from .._results_json import to_data
from .._serde import decode_each, format_duration
from .._shown import show
from .._time import SUPPORTED_YEARS, WARSAW
from ..exceptions import (
    InvalidTypeError,
    InvalidValueError,
    LoadError,
    MissingExtraError,
    PathProblem,
)
from ._model import (
    Dispute,
    Message,
    Offer,
    Order,
    Rating,
    SellerAccount,
    SellerActivity,
    Violation,
)
from ._quality import QualityReport

__all__ = [
    "INSTALL_HINT",
    "Backend",
    "activity_frames",
    "activity_from_frames",
    "history_frame",
    "report_frame",
]

INSTALL_HINT: Final = 'pip install "sellerquality[dataframe]"'
"""The command that installs what the frame functions need."""

Backend = Literal["pandas", "polars", "pyarrow"]
"""The libraries whose frames the functions write."""

_BACKENDS: Final = typing.get_args(Backend)

_KINDS: Final[tuple[tuple[str, type[Any]], ...]] = (
    ("offers", Offer),
    ("orders", Order),
    ("disputes", Dispute),
    ("ratings", Rating),
    ("messages", Message),
    ("violations", Violation),
)
"""Each kind of record with its class, in our JSON format's order."""

_ZONE: Final = "Europe/Warsaw"
_CURRENCY_SUFFIX: Final = "_currency"


def _narwhals(function: str) -> ModuleType:
    """Import narwhals' stable API, or say which extra ``function`` needs."""
    try:
        import narwhals.stable.v1 as nw  # noqa: PLC0415 - an optional extra, imported on use
    except ImportError as exc:
        raise MissingExtraError(
            f"{function} needs the optional extra [dataframe]: {INSTALL_HINT} ({exc})"
        ) from None
    return nw


def _backend(function: str, backend: object) -> Backend:
    """Check ``backend`` names a frame library that is installed."""
    if backend not in _BACKENDS:
        raise InvalidValueError(
            field="backend", value=backend, reason=f"is not one of {', '.join(_BACKENDS)}"
        )
    name = typing.cast("Backend", backend)
    if importlib.util.find_spec(name) is None:
        raise MissingExtraError(f"{function}(backend={name!r}) needs {name}: pip install {name}")
    return name


# --- the columns of each record ---------------------------------------------------------


class _Kind(enum.Enum):
    """How a column's values are read and written."""

    TEXT = "text"
    FLAG = "flag"
    WHOLE = "whole"
    INSTANT = "instant"
    DURATION = "duration"
    AMOUNT = "amount"
    CURRENCY = "currency"
    ENUM = "enum"
    NAMES = "names"


@attrs.frozen
class _Column:
    """One column of a record kind's frame: the field it fills and how."""

    name: str
    field: str
    kind: _Kind
    required: bool
    ordered: bool = False
    """For NAMES: a tuple (kept in order) rather than a set (written sorted)."""


def _kind_of(annotation: Any) -> tuple[_Kind, bool]:
    args = typing.get_args(annotation)
    if type(None) in args:
        (annotation,) = (arg for arg in args if arg is not type(None))
    origin = typing.get_origin(annotation)
    if origin is frozenset or origin is tuple:
        return _Kind.NAMES, origin is tuple
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _Kind.ENUM, False
    kinds = {
        str: _Kind.TEXT,
        bool: _Kind.FLAG,
        int: _Kind.WHOLE,
        datetime: _Kind.INSTANT,
        timedelta: _Kind.DURATION,
        Money: _Kind.AMOUNT,
    }
    return kinds[annotation], False


def _layout(cls: type[Any]) -> tuple[_Column, ...]:
    """The columns of ``cls``'s frame: one per field, and a currency beside each amount."""
    hints = typing.get_type_hints(cls)
    columns: list[_Column] = []
    for field in attrs.fields(cls):
        kind, ordered = _kind_of(hints[field.name])
        required = field.default is attrs.NOTHING
        columns.append(_Column(field.name, field.name, kind, required, ordered))
        if kind is _Kind.AMOUNT:
            name = field.name + _CURRENCY_SUFFIX
            columns.append(_Column(name, field.name, _Kind.CURRENCY, required=False))
    return tuple(columns)


_LAYOUTS: Final = {
    "account": _layout(SellerAccount),
    **{kind: _layout(cls) for kind, cls in _KINDS},
}
"""The columns of every frame, by its argument name."""


# --- reading values ------------------------------------------------------------------


MISSING: Final = object()
"""A value that is not there (``None``, ``NaN``, ``NaT``, ``pd.NA``): the field is left out."""

_NULL_TYPES: Final = frozenset({"NaTType", "NAType"})
_PLAIN: Final = frozenset({str, bool, int, Decimal, list})


class _Refused(Exception):  # noqa: N818 - internal signal, never raised to users
    """A frame value that has no JSON meaning; its reason names the value."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _plain(value: Any) -> Any:
    """``value`` as a plain Python value: numpy scalars unwrapped, missing values ``MISSING``."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if value is None:
        return MISSING
    if kind is float:
        return MISSING if value != value else value  # noqa: PLR0124 - NaN is not equal to itself
    if kind.__name__ in _NULL_TYPES:
        return MISSING
    if kind.__module__ == "numpy" and kind.__name__ not in {"datetime64", "timedelta64"}:
        item = getattr(value, "item", None)
        if callable(item) and getattr(value, "ndim", None) == 0:
            return _plain(item())
    return value


def _text(value: Any) -> Any:
    value = _plain(value)
    return str(value) if isinstance(value, str) else value


def _whole(value: Any) -> Any:
    value = _plain(value)
    if type(value) is float and value.is_integer():
        # pandas keeps an integer column with missing values as floats (5.0, NaN).
        return int(value)
    return value


def _amount(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        raise _Refused(
            f"amount {show(value)} is a float; amounts must be exact: give Decimal values or "
            "strings such as '12.34' (from SQL, read the column as DECIMAL or text)"
        )
    return value


def _enum(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, enum.Enum):
        return value.name
    return str(value) if isinstance(value, str) else value


def _names(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, list | tuple | set | frozenset) or type(value).__name__ == "ndarray":
        return [_text(name) for name in value]
    return value


_NAIVE: Final = (
    "is a naive datetime (no time zone); give the column one, such as pandas "
    "`.dt.tz_localize('Europe/Warsaw')` or polars `.dt.replace_time_zone('Europe/Warsaw')`"
)
_NANOSECONDS: Final = (
    "has nanoseconds, which Python's datetime cannot hold; round the column to microseconds "
    "(pandas `.dt.floor('us')`, polars `.dt.truncate('1us')`)"
)


def _instant(value: Any) -> Any:
    """An instant object as its ISO 8601 text in Warsaw time; text is left for the loader."""
    value = _plain(value)
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise _Refused(f"datetime {show(value)} {_NAIVE}")
        if getattr(value, "nanosecond", 0):
            raise _Refused(f"datetime {show(value)} {_NANOSECONDS}")
        to_python = getattr(value, "to_pydatetime", None)
        moment: datetime = to_python() if callable(to_python) else value
        try:
            return moment.astimezone(WARSAW).isoformat()
        except OverflowError:
            raise _Refused(f"datetime {show(value)} {_YEARS}") from None
    if type(value).__name__ == "datetime64":
        raise _Refused(f"datetime {show(value)} {_NAIVE}")
    if isinstance(value, date):
        raise _Refused(
            f"date {show(value)} has no time of day; an instant needs a date, a time and a zone"
        )
    return value


def _duration(value: Any) -> Any:
    value = _plain(value)
    if type(value).__name__ == "timedelta64":
        as_micro = value.astype("timedelta64[us]")
        if as_micro != value:
            raise _Refused(f"duration {show(value)} {_NANOSECONDS}")
        value = _plain(as_micro.item())
    if isinstance(value, timedelta):
        if getattr(value, "nanoseconds", 0):
            raise _Refused(f"duration {show(value)} {_NANOSECONDS}")
        if value < timedelta(0):
            raise _Refused(f"duration {show(value)} is negative")
        return format_duration(timedelta(value.days, value.seconds, value.microseconds))
    return value


_READERS: Final[dict[_Kind, Callable[[Any], Any]]] = {
    _Kind.TEXT: _text,
    _Kind.CURRENCY: _text,
    _Kind.FLAG: _plain,
    _Kind.WHOLE: _whole,
    _Kind.AMOUNT: _amount,
    _Kind.ENUM: _enum,
    _Kind.NAMES: _names,
    _Kind.INSTANT: _instant,
    _Kind.DURATION: _duration,
}

_FIRST_YEAR, _LAST_YEAR = SUPPORTED_YEARS
_YEARS: Final = (
    f"is outside the supported years {_FIRST_YEAR} to {_LAST_YEAR}: days are counted around "
    "every instant, and near the ends of the calendar (years 1 and 9999) there is no room for that"
)
_NAIVE_EPOCH: Final = datetime(1970, 1, 1)  # wall clock times; the offset is added as text
_OFFSETS: dict[int, str] = {}


def _offset_text(micros: int) -> str:
    """A UTC offset in microseconds as ISO 8601 (``+02:00``, ``+01:24:00``)."""
    text = _OFFSETS.get(micros)
    if text is None:
        sign = "-" if micros < 0 else "+"
        minutes, seconds = divmod(abs(micros) // 1_000_000, 60)
        hours, minutes = divmod(minutes, 60)
        text = f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
        _OFFSETS[micros] = text
    return text


_FLAT: Final = frozenset({_Kind.TEXT, _Kind.CURRENCY, _Kind.FLAG, _Kind.WHOLE, _Kind.AMOUNT})


def _typed(nw: Any, kind: _Kind, dtype: Any) -> bool:
    """Whether a column of ``dtype`` without nulls holds JSON values of ``kind`` as they are."""
    if kind in {_Kind.TEXT, _Kind.CURRENCY, _Kind.AMOUNT}:
        return bool(dtype == nw.String)
    if kind is _Kind.FLAG:
        return bool(dtype == nw.Boolean)
    return kind is _Kind.WHOLE and bool(dtype.is_integer())


def _zoned_instants(series: Any, refused: dict[int, str]) -> list[Any]:
    """A time-zone-aware datetime column as ISO 8601 texts in Warsaw time, in a few C passes.

    Written with Warsaw's own offset, each reads back as an Europe/Warsaw
    instant, the same instant as in the frame, whatever the column's zone.
    """
    nulls = series.is_null()
    missing: list[bool] | None = None
    if nulls.any():
        if nulls.all():
            return [MISSING] * len(series)
        missing = nulls.to_list()
        series = series.fill_null(strategy="forward").fill_null(strategy="backward")
    if series.dtype.time_unit == "ns":
        for row, rest in enumerate((series.dt.timestamp("ns") % 1000).to_list()):
            if rest and not (missing and missing[row]):
                refused[row] = f"datetime {show(series[row])} {_NANOSECONDS}"
    utc = series.dt.timestamp("us").to_list()
    wall = series.dt.convert_time_zone(_ZONE).dt.replace_time_zone(None).dt.timestamp("us")
    values: list[Any] = []
    append = values.append
    for row, (local, instant) in enumerate(zip(wall.to_list(), utc, strict=True)):
        if missing is not None and missing[row]:
            append(MISSING)
            continue
        try:
            text = (_NAIVE_EPOCH + timedelta(microseconds=local)).isoformat()
        except OverflowError:
            refused[row] = f"datetime {_YEARS}"
            append(MISSING)
            continue
        append(text + _offset_text(local - instant))
    return values


def _column_values(nw: Any, column: _Column, series: Any, refused: dict[int, str]) -> list[Any]:
    """The JSON value of each row of ``series``, ``MISSING`` where there is none.

    A value with no JSON meaning (a float amount, a naive datetime) is
    ``MISSING`` here, with its reason in ``refused`` by row.
    """
    dtype = series.dtype
    if column.kind is _Kind.INSTANT and dtype == nw.Datetime:
        if dtype.time_zone is not None:
            return _zoned_instants(series, refused)
        for row, null in enumerate(series.is_null().to_list()):
            if not null:
                refused[row] = f"datetime {show(series[row])} {_NAIVE}"
        return [MISSING] * len(series)
    values = series.to_list()
    if column.kind in _FLAT and _typed(nw, column.kind, dtype) and not series.null_count():
        return typing.cast("list[Any]", values)
    read = _READERS[column.kind]
    converted: list[Any] = []
    append = converted.append
    for row, value in enumerate(values):
        try:
            append(read(value))
        except _Refused as exc:
            refused[row] = exc.reason
            append(MISSING)
    return converted


# --- reading frames ---------------------------------------------------------------------


@attrs.frozen
class _Frame:
    """One frame read into JSON objects, with what stood in the way."""

    kind: str
    frame: Any
    names: Mapping[str, str]
    """Our column name -> the frame's column name."""
    items: list[dict[str, Any]]
    rows: list[int]
    """The frame row of each item."""
    refused: dict[int, list[PathProblem]]
    """Rows with values that have no JSON meaning, and their problems."""
    partial: dict[int, dict[str, Any]]
    """The readable part of each refused row, decoded for its other problems."""


def _as_frame(nw: Any, name: str, native: object) -> Any:
    try:
        return nw.from_native(native, eager_only=True)
    except TypeError:
        raise InvalidTypeError(
            field=name,
            value=type(native).__name__,
            reason="is not a data frame: give a pandas or polars DataFrame or a pyarrow Table "
            "(collect a lazy frame first)",
        ) from None


def _their_names(
    kind: str, layout: Sequence[_Column], frame_columns: Sequence[str], mapping: Mapping[str, str]
) -> tuple[dict[str, str], list[PathProblem]]:
    """Our column name -> the frame's, and the frame-level problems (unknown or missing columns)."""
    ours = {column.name for column in layout}
    names: dict[str, str] = {}
    problems: list[PathProblem] = []
    present = set(frame_columns)
    for our, theirs in mapping.items():
        if theirs not in present:
            reason = f"has no column {show(theirs)} (mapped to {our} by columns=)"
            problems.append(PathProblem(kind, reason))
        names[our] = theirs
    claimed = set(names.values())
    for name in frame_columns:
        if name in claimed:
            continue
        if name in ours and name not in names:
            names[name] = name
        else:
            known = ", ".join(column.name for column in layout)
            reason = (
                f"unknown column; the columns of {kind} are {known} "
                "(drop the column, or map it with columns=)"
            )
            problems.append(PathProblem(f"{kind}.{name}", reason))
    return names, problems


def _check_mapping(columns: Mapping[str, Mapping[str, str]] | None) -> None:
    for kind, mapping in (columns or {}).items():
        if kind not in _LAYOUTS:
            raise InvalidValueError(
                field="columns",
                value=kind,
                reason=f"is not a frame; the frames are {', '.join(_LAYOUTS)}",
            )
        ours = [column.name for column in _LAYOUTS[kind]]
        seen: dict[str, str] = {}
        for our, theirs in mapping.items():
            if our not in ours:
                raise InvalidValueError(
                    field=f"columns[{kind!r}]",
                    value=our,
                    reason=f"is not a column of {kind}; its columns are {', '.join(ours)}",
                )
            if not isinstance(theirs, str):
                raise InvalidTypeError(
                    field=f"columns[{kind!r}][{our!r}]", value=theirs, reason="is not a str"
                )
            if theirs in seen:
                raise InvalidValueError(
                    field=f"columns[{kind!r}]",
                    value=theirs,
                    reason=f"is mapped to both {seen[theirs]} and {our}",
                )
            seen[theirs] = our


def _row_path(kind: str, row: int) -> str:
    """Where a row is: ``orders[17]``; the account is one row, ``account``."""
    return "account" if kind == "account" else f"{kind}[{row}]"


def _read_frame(
    nw: Any, kind: str, native: object, mapping: Mapping[str, str]
) -> tuple[_Frame | None, list[PathProblem]]:
    frame = _as_frame(nw, kind, native)
    layout = _LAYOUTS[kind]
    names, problems = _their_names(kind, layout, list(frame.columns), mapping)
    height = len(frame)
    if height:
        for column in layout:
            if column.required and column.name not in names:
                problems.append(PathProblem(kind, f"has no column {column.name} (required)"))
    if problems:
        return None, problems

    refused: dict[int, dict[str, str]] = {}
    fields: dict[str, list[Any]] = {}
    currencies: dict[str, list[Any]] = {}
    for column in layout:
        if column.name not in names:
            continue
        reasons: dict[int, str] = {}
        values = _column_values(nw, column, frame[names[column.name]], reasons)
        for row, reason in reasons.items():
            refused.setdefault(row, {})[column.name] = reason
        if column.kind is _Kind.CURRENCY:
            currencies[column.field] = values
        else:
            fields[column.field] = values
    for column in layout:
        if column.kind is _Kind.AMOUNT and column.field in fields:
            # An amount and its currency make our format's money object.
            codes = currencies.get(column.field, [MISSING] * height)
            fields[column.field] = [
                MISSING
                if amount is MISSING
                else {"amount": amount}
                if code is MISSING
                else {"amount": amount, "currency": code}
                for amount, code in zip(fields[column.field], codes, strict=True)
            ]

    keys = list(fields)
    items: list[dict[str, Any]] = []
    rows: list[int] = []
    partial: dict[int, dict[str, Any]] = {}
    for row, given in enumerate(zip(*fields.values(), strict=True)):
        item = {key: value for key, value in zip(keys, given, strict=True) if value is not MISSING}
        if row in refused:
            partial[row] = item
        else:
            items.append(item)
            rows.append(row)
    if not keys:  # a frame with rows but none of our columns
        items = [{} for _ in range(height)]
        rows = list(range(height))
    problems_by_row = {
        row: [
            PathProblem(f"{_row_path(kind, row)}.{names[name]}", reason)
            for name, reason in reasons.items()
        ]
        for row, reasons in refused.items()
    }
    return _Frame(kind, frame, names, items, rows, problems_by_row, partial), []


def _read_account(
    nw: Any, account: object, mapping: Mapping[str, str]
) -> tuple[_Frame | None, list[PathProblem]]:
    """The account as a one-row :class:`_Frame`, from a record, a mapping or a frame."""
    if isinstance(account, SellerAccount):
        record = {
            "business": account.business,
            "payment_methods": sorted(account.payment_methods),
        }
        return _Frame("account", None, {}, [record], [0], {}, {}), []
    if isinstance(account, Mapping):
        layout = _LAYOUTS["account"]
        keys = [key for key in account if isinstance(key, str)]
        names, problems = _their_names("account", layout, keys, mapping)
        problems += [
            PathProblem(f"account[{key!r}]", "unknown key; the keys are strings")
            for key in account
            if not isinstance(key, str)
        ]
        if problems:
            return None, problems
        item: dict[str, Any] = {}
        for column in layout:
            if column.name in names:
                value = _READERS[column.kind](account[names[column.name]])
                if value is not MISSING:
                    item[column.field] = value
        return _Frame("account", account, names, [item], [0], {}, {}), []
    read, problems = _read_frame(nw, "account", account, mapping)
    if read is not None and len(read.frame) != 1:
        count = len(read.frame)
        return None, [PathProblem("account", f"has {count} rows; the account is one row")]
    return read, problems


_ORDER: Final = {kind: position for position, kind in enumerate(["account", *dict(_KINDS)])}
_JSON_PATH: Final = re.compile(
    r"\$\.(?P<kind>[a-z]+)(?:\[(?P<index>\d+)\])?(?P<rest>.*)", re.DOTALL
)
_IN_REASON: Final = re.compile(r"\$\.(?P<kind>" + "|".join(dict(_KINDS)) + r")\[(?P<index>\d+)\]")


class _Paths:
    """The loader's JSON paths in frame terms: ``$.orders[3].total`` -> ``orders[17].total``."""

    def __init__(self, frames: Mapping[str, _Frame]) -> None:
        self.frames = frames

    def row(self, kind: str, index: int) -> int:
        """The frame row of the ``index``-th item the loader read of ``kind``."""
        return self.frames[kind].rows[index]

    def column(self, kind: str, rest: str, reason: str) -> str:
        """The frame's column for the field path ``rest`` (``.total.amount`` -> ``.total``).

        A problem with the currency of an amount (not a code, or not the
        seller's) is the currency column's, where the frame has one.
        """
        field, _, sub = rest[1:].partition(".")
        field, bracket, tail = field.partition("[")
        names = self.frames[kind].names
        currency = field + _CURRENCY_SUFFIX
        if reason.startswith(("Money.currency", f"{field} is in ")) and currency in names:
            return "." + names[currency]
        if sub == "amount":
            sub = ""
        name = names.get(field, field)
        return f".{name}{bracket}{tail}" + (f".{sub}" if sub else "")

    def problem(self, problem: PathProblem, row: int | None = None) -> PathProblem:
        """``problem`` of the loader in frame terms; ``row`` overrides the row."""
        match = _JSON_PATH.fullmatch(problem.path)
        assert match is not None, problem.path  # the loader's paths are $.kind[index]...
        kind, index, rest = match["kind"], match["index"], match["rest"]
        if row is None:
            row = 0 if index is None else self.row(kind, int(index))
        reason = _IN_REASON.sub(
            lambda found: f"{found['kind']}[{self.row(found['kind'], int(found['index']))}]",
            problem.reason,
        )
        where = self.column(kind, rest, problem.reason) if rest.startswith(".") else rest
        return PathProblem(_row_path(kind, row) + where, reason)


def _raw(read: _Frame, row: int) -> Any:
    """Row ``row`` of the frame as its columns and values, exactly as given.

    A value that Python cannot hold (an instant after the year 9999) is
    given as the column's one-row native slice instead.
    """
    frame = read.frame
    if frame is None or isinstance(frame, Mapping):
        return frame
    try:
        return dict(zip(frame.columns, frame.row(row), strict=True))
    except (OverflowError, ValueError):
        raw: dict[str, Any] = {}
        for name in frame.columns:
            series = frame[name]
            try:
                raw[name] = series[row]
            except (OverflowError, ValueError):
                raw[name] = series[row : row + 1].to_native()
        return raw


def _refused_rows(
    read: _Frame, cls: type[Any], paths: _Paths
) -> list[tuple[int, int, _json.Rejected]]:
    """Rejected items for the rows with a value that has no JSON meaning.

    The rest of each such row is decoded as well, so that every problem of
    the row is listed, as the loader lists every problem of a record.
    """
    found: list[tuple[int, int, _json.Rejected]] = []
    places = {name: place for place, name in enumerate(read.names.values())}
    for row, problems in read.refused.items():
        path = _row_path(read.kind, row)
        columns = {problem.path for problem in problems}
        listed = list(problems)
        for _, _, others in decode_each([read.partial[row]], cls, f"$.{read.kind}"):
            for problem in others:
                moved = paths.problem(problem, row)
                if moved.path not in columns:
                    listed.append(moved)
        # In the order of the columns, as the loader lists a record's problems by field.
        listed.sort(key=lambda problem: places.get(problem.path[len(path) + 1 :], len(places)))
        item = _json.Rejected(path, tuple(listed), _raw(read, row))
        found.append((_ORDER[read.kind], row, item))
    return found


class RecordFrames(TypedDict, total=False):
    """The frames :func:`activity_from_frames` reads, by argument name (SQ-1).

    Every key is optional; each value is an eager pandas or polars
    ``DataFrame`` or a pyarrow ``Table`` (``account`` may also be a mapping of
    its fields). Type a dict of frames with it to have mypy check the names
    before calling ``activity_from_frames(**frames)``.
    """

    orders: Any
    ratings: Any
    messages: Any
    disputes: Any
    offers: Any
    violations: Any
    account: Any


@overload
def activity_from_frames(
    *,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    strict: Literal[True] = True,
    **tables: Unpack[RecordFrames],
) -> SellerActivity: ...


@overload
def activity_from_frames(
    *,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    strict: Literal[False],
    **tables: Unpack[RecordFrames],
) -> tuple[SellerActivity, tuple[_json.Rejected, ...]]: ...


def activity_from_frames(
    *,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    strict: bool = True,
    **tables: Unpack[RecordFrames],
) -> SellerActivity | tuple[SellerActivity, tuple[_json.Rejected, ...]]:
    """Build a seller's activity from data frames, one frame per kind of record.

    An adapter: the records it builds feed every rule of the library (the
    areas and metrics of SQ-1 first). Each frame is any eager frame narwhals
    reads (a pandas or polars ``DataFrame``, a pyarrow ``Table``), one row per
    record, with one column per field of the record, named as in our JSON
    format (see the data-model page); a column left out gives the field its
    default. An amount (an order's ``total``, an offer's ``price``) is a
    column of exact amounts, ``Decimal`` or strings such as ``"12.34"``, with
    its currency, when not PLN, in a ``total_currency`` (``price_currency``)
    column.

    Values read as what they mean: a ``pandas.Timestamp`` or a polars or
    pyarrow datetime with a time zone is that instant (read in
    Europe/Warsaw); ``None``, ``NaN``, ``NaT`` and ``pd.NA`` leave the field
    out (its default, or "required field missing"); numpy scalars
    (``np.bool_``, ``np.int64``) and nullable dtypes (``boolean``,
    ``Int64``) are their Python values, and an integer column that pandas
    keeps as floats because of missing values reads as integers. Text reads
    as the JSON text would: an ISO 8601 string with an offset is an instant,
    ``"PT24H"`` a duration, ``"RESOLVED"`` an enum member. Sets and category
    paths are list columns. A value with no such meaning is refused: a float
    amount (not exact), a datetime without a time zone, one with
    nanoseconds.

    Every row then goes through :func:`sellerquality.load`'s rules and
    messages (a reply before its message, a star mark of 6, duplicate ids,
    mixed currencies, a dispute opened before its order, DI-2); each problem's
    path names the frame, the row's position in it (from 0, whatever the
    frame's index) and the column as the frame names it: ``orders[17].bought_at``.

    Args:
        orders: The :class:`Order` rows (``id``, ``bought_at``, ``total``, ...).
        ratings: The :class:`Rating` rows.
        messages: The :class:`Message` rows.
        disputes: The :class:`Dispute` rows.
        offers: The :class:`Offer` rows.
        violations: The :class:`Violation` rows.
        account: The :class:`SellerAccount`, a mapping of its fields
            (``{"business": True}``) or a frame of one row.
        columns: Other column names, by frame: ``{"orders": {"bought_at":
            "created"}}`` reads ``bought_at`` from the column ``created``.
        strict: With ``True`` (the default), any problem raises; with
            ``False``, the rows that can be read are kept and the others
            returned as :class:`~sellerquality.Rejected` items (``path``
            ``orders[17]``, ``raw`` the row as a dict), so that accepted plus
            rejected rows are exactly the input rows.

    Returns:
        The :class:`SellerActivity`; with ``strict=False``, the pair
        ``(activity, rejected)``.

    Raises:
        LoadError: (strict) Every problem of every row, each with its path.
            In either mode, a frame that cannot be read as a whole: a column
            that is no field of its record, a required column missing, an
            account frame that is not one row, a ``columns=`` name the frame
            does not have.
        InvalidTypeError: A frame argument is not a data frame.
        InvalidValueError: ``columns`` names a frame or a column that does
            not exist, or maps two columns to one.
        MissingExtraError: narwhals is not installed
            (``pip install "sellerquality[dataframe]"``).

    Example:
        >>> import pandas as pd
        >>> from sellerquality.allegro import activity_from_frames
        >>> orders = pd.DataFrame(
        ...     {
        ...         "id": ["o-1", "o-2"],
        ...         "bought_at": pd.to_datetime(
        ...             ["2026-10-05 18:30", "2026-10-06 09:00"]
        ...         ).tz_localize("Europe/Warsaw"),
        ...         "total": ["129.99", "15.00"],
        ...         "sent_at": [pd.Timestamp("2026-10-06 15:00", tz="Europe/Warsaw"), pd.NaT],
        ...     }
        ... )
        >>> activity = activity_from_frames(orders=orders)
        >>> activity.orders[0].total, activity.orders[1].sent_at
        (Money(amount=Decimal('129.99'), currency='PLN'), None)
    """
    unknown = sorted(set(tables) - set(RecordFrames.__annotations__))
    if unknown:
        # mypy refuses these; a caller without it gets Python's own message.
        raise TypeError(
            f"activity_from_frames() got unexpected keyword argument(s): {', '.join(unknown)}"
        )
    nw = _narwhals("activity_from_frames")
    _check_mapping(columns)
    mapping = columns or {}
    given: dict[str, Any] = {kind: tables.get(kind) for kind, _ in _KINDS}
    account = tables.get("account")
    frames: dict[str, _Frame] = {}
    problems: list[PathProblem] = []
    if account is not None:
        read, found = _read_account(nw, account, mapping.get("account", {}))
        problems += found
        if read is not None:
            frames["account"] = read
    for kind, _ in _KINDS:
        if given[kind] is not None:
            read, found = _read_frame(nw, kind, given[kind], mapping.get(kind, {}))
            problems += found
            if read is not None:
                frames[kind] = read
    if problems:
        raise LoadError(problems)

    paths = _Paths(frames)
    rejected: list[tuple[int, int, _json.Rejected]] = []
    classes: dict[str, type[Any]] = {"account": SellerAccount, **dict(_KINDS)}
    for read in frames.values():
        rejected += _refused_rows(read, classes[read.kind], paths)
    document: dict[str, Any] = {kind: read.items for kind, read in frames.items()}
    if "account" in frames:
        # One row; none if the row was refused (then the default account).
        document["account"] = next(iter(frames["account"].items), {})
    activity, refused = _json.load(document, strict=False)
    for item in refused:
        match = _JSON_PATH.fullmatch(item.path)
        assert match is not None, item.path  # the loader's paths are $.kind or $.kind[index]
        kind = match["kind"]
        row = 0 if kind == "account" else paths.row(kind, int(match["index"]))
        moved = tuple(paths.problem(problem) for problem in item.problems)
        path = _row_path(kind, row)
        rejected.append((_ORDER[kind], row, _json.Rejected(path, moved, _raw(frames[kind], row))))
    rejected.sort(key=lambda entry: (entry[0], entry[1]))
    if strict:
        if rejected:
            raise LoadError([problem for *_, item in rejected for problem in item.problems])
        return activity
    return activity, tuple(item for *_, item in rejected)


# --- writing frames -------------------------------------------------------------------------


def _dtypes(nw: Any) -> dict[str, Any]:
    return {
        "str": nw.String(),
        "bool": nw.Boolean(),
        "int": nw.Int64(),
        "float": nw.Float64(),
        "instant": nw.Datetime("us", _ZONE),
        "duration": nw.Duration("us"),
        "names": nw.List(nw.String()),
        "date": nw.Date(),
    }


def _build(nw: Any, backend: Backend, columns: Iterable[tuple[str, str, list[Any]]]) -> Any:
    """A native frame of ``backend`` from ``(name, type, values)`` columns."""
    dtypes = _dtypes(nw)
    data: dict[str, Any] = {}
    schema: dict[str, Any] = {}
    for name, kind, values in columns:
        data[name] = values
        schema[name] = dtypes[kind]
        if backend == "pandas":
            # pandas' own types: nullable integers; lists and days as Python
            # objects, which need no pyarrow.
            if kind == "int":
                pandas = importlib.import_module("pandas")  # the backend the caller chose
                data[name] = pandas.Series(values, dtype="Int64")
            elif kind in {"names", "date"}:
                schema[name] = None
    return nw.from_dict(data, schema=schema, backend=backend).to_native()


def _out(column: _Column, record: Any) -> Any:
    value = getattr(record, column.field)
    match column.kind:
        case _Kind.AMOUNT:
            return str(value.amount)
        case _Kind.CURRENCY:
            return value.currency
        case _Kind.INSTANT:
            return None if value is None else value.astimezone(WARSAW)
        case _Kind.ENUM:
            return value.name
        case _Kind.NAMES:
            return list(value) if column.ordered else sorted(value)
        case _:
            return value


_OUT_TYPES: Final = {
    _Kind.TEXT: "str",
    _Kind.CURRENCY: "str",
    _Kind.AMOUNT: "str",
    _Kind.ENUM: "str",
    _Kind.FLAG: "bool",
    _Kind.WHOLE: "int",
    _Kind.INSTANT: "instant",
    _Kind.DURATION: "duration",
    _Kind.NAMES: "names",
}


def _records_frame(nw: Any, backend: Backend, kind: str, records: Sequence[Any]) -> Any:
    return _build(
        nw,
        backend,
        (
            (column.name, _OUT_TYPES[column.kind], [_out(column, record) for record in records])
            for column in _LAYOUTS[kind]
        ),
    )


def activity_frames(activity: SellerActivity, *, backend: Backend = "pandas") -> dict[str, Any]:
    """Write a seller's activity as data frames, one per kind of record.

    The reverse of :func:`activity_from_frames` (an adapter; the records feed
    SQ-1 … SQ-4): ``activity_from_frames(**activity_frames(activity)) ==
    activity``. Each frame has exactly the columns :func:`activity_from_frames`
    reads, in field order, with every record's values: instants as datetimes
    in Europe/Warsaw (the same instants, whatever zone the records were in),
    amounts as exact decimal strings beside a ``*_currency`` column,
    durations as durations, enum members by name, sets as sorted lists and
    star marks as nullable integers.

    Args:
        activity: The seller's records.
        backend: ``"pandas"`` (the default), ``"polars"`` or ``"pyarrow"``.

    Returns:
        One native frame of ``backend`` per kind, in a dict by the names
        :func:`activity_from_frames` takes: ``account`` (one row), then
        ``offers``, ``orders``, ``disputes``, ``ratings``, ``messages`` and
        ``violations``.

    Raises:
        InvalidTypeError: ``activity`` is not a :class:`SellerActivity`.
        InvalidValueError: ``backend`` is none of the three.
        MissingExtraError: narwhals, or the backend's library, is not installed.

    Example:
        >>> from sellerquality import load
        >>> from sellerquality.allegro import activity_frames, activity_from_frames
        >>> from sellerquality.examples import example_path
        >>> activity = load(example_path())
        >>> frames = activity_frames(activity)
        >>> list(frames["orders"].columns)[:4]
        ['id', 'bought_at', 'total', 'total_currency']
        >>> activity_from_frames(**frames) == activity
        True
    """
    nw = _narwhals("activity_frames")
    name = _backend("activity_frames", backend)
    if not isinstance(activity, SellerActivity):
        raise InvalidTypeError(
            field="activity", value=type(activity).__name__, reason="is not a SellerActivity"
        )
    frames = {"account": _records_frame(nw, name, "account", [activity.account])}
    for kind, _ in _KINDS:
        frames[kind] = _records_frame(nw, name, kind, getattr(activity, kind))
    return frames


# --- results as frames -------------------------------------------------------------------


def _number(value: object) -> float:
    """The plain number of a metric's value, as ``to_json`` writes beside it; NaN for none."""
    if value is None:
        return float("nan")
    if isinstance(value, Money):
        return float(value.amount)
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(typing.cast("int | Fraction | Decimal", value))


def _exact(value: object) -> str | None:
    """The exact text of a metric's value, as ``to_json`` writes it (an amount without currency)."""
    if value is None:
        return None
    if isinstance(value, Money):
        return typing.cast("str", to_data(value)["amount"])
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return typing.cast("str", to_data(value))


def _unit(value: object) -> str | None:
    """What a metric's plain number counts: a currency, ``seconds``, ``count``, ..."""
    if isinstance(value, Money):
        return value.currency
    if isinstance(value, timedelta):
        return "seconds"
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, int):
        return "count"
    return {Fraction: "fraction", Decimal: "decimal"}.get(type(value))


def _reports(reports: Iterable[QualityReport]) -> list[QualityReport]:
    found = list(reports)
    for report in found:
        if not isinstance(report, QualityReport):
            raise InvalidTypeError(
                field="reports",
                value=type(report).__name__,
                reason="holds something other than a QualityReport",
            )
    return found


_LONG_COLUMNS: Final = (
    "day",
    "as_of",
    "code",
    "area",
    "rule",
    "outcome",
    "points",
    "max_points",
    "value",
    "value_exact",
    "unit",
    "threshold",
    "threshold_exact",
    "score",
    "max_score",
    "grade",
)
"""The columns of the long form of :func:`history_frame` and :func:`report_frame`, in order."""

_LONG_TYPES: Final = (
    "date",
    "instant",
    "str",
    "str",
    "str",
    "str",
    "int",
    "int",
    "float",
    "str",
    "str",
    "float",
    "str",
    "int",
    "int",
    "str",
)


def _long(reports: Sequence[QualityReport]) -> list[tuple[str, str, list[Any]]]:
    values: list[list[Any]] = [[] for _ in _LONG_COLUMNS]
    for report in reports:
        as_of = report.as_of.astimezone(WARSAW)
        for metric in report.metrics.values():
            row = (
                report.day,
                as_of,
                metric.code,
                str(metric.area),
                metric.rule,
                metric.outcome.name,
                metric.points,
                metric.max_points,
                _number(metric.value),
                _exact(metric.value),
                _unit(metric.value if metric.value is not None else metric.threshold),
                _number(metric.threshold),
                _exact(metric.threshold),
                report.score,
                report.max_score,
                report.grade.name,
            )
            for column, value in zip(values, row, strict=True):
                column.append(value)
    return list(zip(_LONG_COLUMNS, _LONG_TYPES, values, strict=True))


def _wide(reports: Sequence[QualityReport]) -> list[tuple[str, str, list[Any]]]:
    codes = list(dict.fromkeys(code for report in reports for code in report.metrics))
    columns: list[tuple[str, str, list[Any]]] = [
        ("day", "date", [report.day for report in reports]),
        ("as_of", "instant", [report.as_of.astimezone(WARSAW) for report in reports]),
        ("score", "int", [report.score for report in reports]),
        ("max_score", "int", [report.max_score for report in reports]),
        ("grade", "str", [report.grade.name for report in reports]),
    ]
    for code in codes:
        found = [report.metrics.get(code) for report in reports]
        columns.append(
            (
                f"{code}_points",
                "int",
                [None if metric is None else metric.points for metric in found],
            )
        )
        columns.append(
            (
                f"{code}_value",
                "float",
                [float("nan") if metric is None else _number(metric.value) for metric in found],
            )
        )
    return columns


def history_frame(
    reports: Iterable[QualityReport], *, wide: bool = False, backend: Backend = "pandas"
) -> Any:
    """A sales-quality history as one data frame, ready for ``df.plot`` (SQ-1 … SQ-4).

    Long form (the default): one row per report and metric, with these
    columns: ``day`` (the Warsaw day of the daily
    result, SQ-2) and ``as_of``; the metric's ``code``, ``area`` (SQ-1),
    ``rule`` and ``outcome`` (SQ-3); ``points`` and ``max_points``; ``value``
    and ``threshold`` as plain floats (a duration in seconds, money as its
    amount, a flag as 1.0 or 0.0, NaN when there is nothing to measure)
    with ``value_exact`` and ``threshold_exact``, the exact text
    :func:`sellerquality.to_json` writes (``"361/371"``, ``"PT8H13M"``,
    ``"148007.78"``), and ``unit`` saying what the float counts
    (``fraction``, ``decimal``, ``seconds``, ``count``, ``flag`` or the
    currency); then the report's ``score``, ``max_score`` and ``grade``
    (the :class:`Grade` member's name).

    Wide form (``wide=True``): one row per report with ``day``, ``as_of``,
    ``score``, ``max_score`` and ``grade``, and two columns per metric:
    ``{CODE}_points`` and ``{CODE}_value`` (``RECOMMENDATION_RATE_points``).

    Args:
        reports: The reports, such as :func:`quality_history`'s.
        wide: One row per report instead of one per report and metric.
        backend: ``"pandas"`` (the default), ``"polars"`` or ``"pyarrow"``.

    Returns:
        A native frame of ``backend``. Instants are in Europe/Warsaw; pandas
        holds ``day`` as :class:`datetime.date` objects.

    Raises:
        InvalidTypeError: ``reports`` holds something else than reports.
        InvalidValueError: ``backend`` is none of the three.
        MissingExtraError: narwhals, or the backend's library, is not installed.

    Example:
        >>> from datetime import date
        >>> from sellerquality import load
        >>> from sellerquality.allegro import history_frame, quality_history
        >>> from sellerquality.examples import example_path
        >>> history = quality_history(
        ...     load(example_path()), start=date(2026, 10, 29), end=date(2026, 10, 31)
        ... )
        >>> frame = history_frame(history, wide=True)
        >>> print(frame[["day", "score", "grade"]].to_string(index=False))
               day  score grade
        2026-10-29    183  GOOD
        2026-10-30    183  GOOD
        2026-10-31    183  GOOD
    """
    nw = _narwhals("history_frame")
    name = _backend("history_frame", backend)
    found = _reports(reports)
    return _build(nw, name, _wide(found) if wide else _long(found))


def report_frame(report: QualityReport, *, backend: Backend = "pandas") -> Any:
    """One report as a data frame: one row per metric (SQ-1 … SQ-4).

    The rows :func:`history_frame` gives for this report, with the same columns.

    Args:
        report: The report, such as :func:`sales_quality`'s.
        backend: ``"pandas"`` (the default), ``"polars"`` or ``"pyarrow"``.

    Returns:
        A native frame of ``backend``.

    Raises:
        InvalidTypeError: ``report`` is not a :class:`QualityReport`.
        InvalidValueError: ``backend`` is none of the three.
        MissingExtraError: narwhals, or the backend's library, is not installed.
    """
    nw = _narwhals("report_frame")
    name = _backend("report_frame", backend)
    if not isinstance(report, QualityReport):
        raise InvalidTypeError(
            field="report", value=type(report).__name__, reason="is not a QualityReport"
        )
    return _build(nw, name, _long([report]))
