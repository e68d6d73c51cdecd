"""Languages: which one texts are written in, and the catalogs that translate them.

Every text the library writes for people — explanations, distances, tips,
forecasts, programme criteria, deadlines, the command line's pages — is an
English message passed through :func:`gettext` (``_``) or :func:`ngettext`
when it is written, and looked up in the current language's catalog: a
standard GNU gettext catalog (``locale/<lang>/LC_MESSAGES/sellerquality.mo``,
compiled from the ``.po`` beside it) read by the standard library's
:mod:`gettext`. No extra package is needed at run time; Babel is the
development tool that extracts the messages and compiles the catalogs.

The current language is a :class:`contextvars.ContextVar`, so one thread or
task writing Polish does not change another's English. Numbers follow the
language too (``97,3%`` and ``12 345`` in Polish); see :mod:`sellerquality._text`.
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from importlib import resources
from typing import Final, Literal

from .exceptions import InvalidValueError

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "NP_",
    "N_",
    "Language",
    "current_language",
    "default_language",
    "gettext",
    "language",
    "ngettext",
    "pgettext",
]

Language = Literal["en", "pl"]
"""A language texts can be written in: ``"en"`` (English) or ``"pl"`` (Polish)."""

LANGUAGES: Final[tuple[Language, ...]] = ("en", "pl")
"""Every language the library writes, English (the source language) first."""

DOMAIN: Final = "sellerquality"
"""The gettext domain: the catalogs are ``sellerquality.po`` / ``sellerquality.mo``."""

_ENVIRONMENT: Final = ("LC_ALL", "LC_MESSAGES", "LANG")

_current: ContextVar[Language] = ContextVar("sellerquality_language", default="en")


def _checked(lang: str) -> Language:
    if lang not in LANGUAGES:
        raise InvalidValueError(
            record="language",
            field="lang",
            value=lang,
            reason=f"is not one of the languages texts are written in ({', '.join(LANGUAGES)})",
        )
    return lang


def default_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language the environment asks for: ``LC_ALL``, ``LC_MESSAGES``, then ``LANG``.

    The first of those variables that is set and not empty decides, as for
    the C library's messages; its language part (``pl`` of ``pl_PL.UTF-8``)
    is used whether or not that locale is installed. A language the library
    does not write, ``C`` or ``POSIX`` gives English.

    Example:
        >>> from sellerquality import default_language
        >>> default_language({"LANG": "pl_PL.UTF-8"})
        'pl'
        >>> default_language({"LC_ALL": "C", "LANG": "pl_PL.UTF-8"})
        'en'
        >>> default_language({})
        'en'
    """
    environ = os.environ if environ is None else environ
    for name in _ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def current_language() -> Language:
    """The language texts are being written in now (``"en"`` unless :func:`language` says)."""
    return _current.get()


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[Language]:
    """Write texts in ``lang`` inside the ``with`` block; ``None`` keeps the current one.

    Example:
        >>> from decimal import Decimal
        >>> from sellerquality import Money, language
        >>> from sellerquality.allegro import Grade
        >>> with language("pl"):
        ...     Grade.GOOD.label, str(Money(Decimal("1234.5")))
        ('Dobry', '1234,50 PLN')
        >>> Grade.GOOD.label, str(Money(Decimal("1234.5")))
        ('Good', '1,234.50 PLN')
    """
    if lang is None:
        yield _current.get()
        return
    token = _current.set(_checked(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@functools.cache
def _catalog(lang: Language) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    compiled = resources.files("sellerquality").joinpath(
        "locale", lang, "LC_MESSAGES", f"{DOMAIN}.mo"
    )
    with compiled.open("rb") as file:
        return _gettext.GNUTranslations(file)


def catalog(lang: Language) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English's translates nothing)."""
    return _catalog(_checked(lang))


def gettext(message: str) -> str:
    """``message`` in the current language (``_`` in the modules that write texts)."""
    return _catalog(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the number ``n`` in the current language.

    English has two forms; Polish three (``1 ocena``, ``3 oceny``, ``5 ocen``),
    chosen by the catalog's ``Plural-Forms`` rule.
    """
    return _catalog(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart by ``context`` from the same words."""
    return _catalog(_current.get()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Mark ``message`` for extraction without translating it: data translated where shown."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 - named like N_
    """Like :func:`N_`, for a message translated with :func:`pgettext` and ``context``."""
    del context
    return message
