"""Task sessions: tests, typing, docs, lint, bench. Each passes with only the current Python."""

from __future__ import annotations

import shutil

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests", "typing", "lint", "docs"]

# Only the supported Pythons that are present, so every session passes on a
# machine with just one interpreter.
PIP = "pip>=25.1"  # PEP 735 dependency groups (--group) need pip 25.1 or later

FLAGS = ("--quick", "--check")
"""The bench options every benchmark script shares."""

PYTHONS = [v for v in ("3.11", "3.12", "3.13") if shutil.which(f"python{v}")] or None


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the unit tests under coverage with branch measurement."""
    session.install(PIP)
    session.install("-e", ".", "--group", "tests")
    session.run("coverage", "run", "-m", "pytest", *session.posargs)
    session.run("coverage", "report")


@nox.session
def typing(session: nox.Session) -> None:
    """Run mypy --strict over src and tests."""
    session.install(PIP)
    session.install("-e", ".", "--group", "typing")
    session.run("mypy", "--strict", "src", "tests", "typing_tests")


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff's linter and formatter check."""
    session.install(PIP)
    session.install("--group", "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the docs nitpicky with warnings as errors, and run their doctests."""
    session.install(PIP)
    # The tests group brings the extras' libraries the pages' doctests use
    # (frames with pandas and polars, schemas with jsonschema).
    session.install("-e", ".[allegro]", "--group", "docs", "--group", "tests")
    session.run(
        "sphinx-build", "-n", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )
    session.run(
        "sphinx-build", "-n", "-W", "--keep-going", "-b", "doctest", "docs", "docs/_build/doctest"
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks in bench/ and print the table the docs report."""
    session.install(PIP)
    session.install("-e", ".[dataframe,dask]", "--group", "bench")
    session.run("python", "bench/run.py", *session.posargs)
    # frames.py and batch.py take the same --quick and --check; their sizes are their own.
    session.run("python", "bench/frames.py", *[a for a in session.posargs if a in FLAGS])
    session.run("python", "bench/batch.py", *[a for a in session.posargs if a in FLAGS])
