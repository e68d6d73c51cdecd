"""The README's usage example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


class TestReadme:
    def test_usage_example(self) -> None:
        """The python block under "Usage" prints the text block after it."""
        text = README.read_text(encoding="utf-8")
        usage = text[text.index("## Usage") :]
        code = re.search(r"```python\n(.*?)```", usage, re.DOTALL)
        expected = re.search(r"```text\n(.*?)```", usage, re.DOTALL)
        assert code is not None
        assert expected is not None
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(code.group(1), str(README), "exec"), {})  # noqa: S102 - our own README
        assert output.getvalue() == expected.group(1)

    def test_opens_with_two_commands(self) -> None:
        """The README opens with the two commands: the main job and the tests."""
        blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
        assert blocks[0].strip().endswith("sellerquality report --example")
        assert "pytest" in blocks[1]
