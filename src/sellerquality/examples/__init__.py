"""The bundled example seller: a realistic mid-size Allegro shop.

``seller.json`` holds 60 days of activity before :data:`AS_OF`. It is made by
``scripts/generate_example.py`` (deterministic: the same file every run), so it
can be regenerated whenever the data model grows.
"""

from __future__ import annotations

from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Final

from .._json import load
from .._time import WARSAW
from ..allegro._model import SellerActivity

__all__ = ["AS_OF", "example_path", "load_example"]

AS_OF: Final = datetime(2026, 11, 1, tzinfo=WARSAW)
"""The instant the example is meant to be evaluated at: midnight starting 2026-11-01, Warsaw."""


def example_path() -> Path:
    """Return the path of the bundled example file ``seller.json``."""
    return Path(str(files(__package__).joinpath("seller.json")))


def load_example() -> SellerActivity:
    """Load the bundled example seller."""
    return load(example_path())
