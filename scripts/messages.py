"""Maintain the translation catalogs with Babel (a development tool, not a run-time dependency).

    python scripts/messages.py extract   # messages in the code -> locale/sellerquality.pot,
                                          # then merged into every language's .po
    python scripts/messages.py compile   # every .po -> .mo (what the library reads)

Translators edit ``src/sellerquality/locale/<lang>/LC_MESSAGES/sellerquality.po``
and run ``compile``; the tests fail while any message lacks a translation or a
``.mo`` differs from its ``.po``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src" / "sellerquality" / "locale"
TEMPLATE = LOCALE / "sellerquality.pot"
LANGUAGES = ("pl",)


def _pybabel(*args: str) -> None:
    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 - our own fixed arguments


def extract() -> None:
    """Extract every message into the template and merge it into each language's catalog."""
    _pybabel(
        "extract",
        "--mapping-file=babel.cfg",
        "--keywords=_ ngettext:1,2 pgettext:1c,2 N_ NP_:1c,2",
        "--add-comments=Translators:",
        "--sort-by-file",
        "--no-wrap",
        "--project=sellerquality",
        "--copyright-holder=The sellerquality developers",
        f"--output-file={TEMPLATE}",
        ".",
    )
    for lang in LANGUAGES:
        catalog = LOCALE / lang / "LC_MESSAGES" / "sellerquality.po"
        command = "update" if catalog.exists() else "init"
        options = ["--ignore-obsolete", "--no-fuzzy-matching"] if command == "update" else []
        _pybabel(
            command,
            f"--input-file={TEMPLATE}",
            f"--output-dir={LOCALE}",
            "--domain=sellerquality",
            f"--locale={lang}",
            "--no-wrap",
            *options,
        )


def compile_() -> None:
    """Compile each language's ``.po`` into the ``.mo`` that :mod:`gettext` reads."""
    for lang in LANGUAGES:
        _pybabel(
            "compile",
            f"--directory={LOCALE}",
            "--domain=sellerquality",
            f"--locale={lang}",
            "--statistics",
        )


if __name__ == "__main__":
    commands = {"extract": extract, "compile": compile_}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.exit(f"usage: python {Path(__file__).name} {{{'|'.join(commands)}}}")
    commands[sys.argv[1]]()
