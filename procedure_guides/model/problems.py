"""What went wrong, in the words an editor sees, and the exit codes of build.py."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FAILED = 1  # invalid records, or a build that did not finish
EXIT_USAGE = 2  # the command line itself was wrong

KeyPath = tuple[str | int, ...]


def format_key_path(path: KeyPath) -> str:
    """('codes', 0, 'code') -> 'codes[0].code'; the empty path is the whole file."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(file)"


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one record: `procedures/x.yaml:12: codes[0].code: message`, perhaps with
    hints of where to start mending it, each on a line of its own under it."""

    file: str
    line: int
    key: str
    message: str
    hints: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "\n    ".join([f"{self.file}:{self.line}: {self.key}: {self.message}", *self.hints])


class GuideError(Exception):
    """A failure that build.py reports in plain words and turns into an exit code."""

    exit_code = EXIT_FAILED


class InvalidRecords(GuideError):
    """One or more records break the contract; every problem is listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(
            "\n".join(str(p) for p in self.problems)
            + f"\n{count} problem{'s' if count != 1 else ''} found; nothing was built."
        )


class BuildFailed(GuideError):
    """Rendering or MkDocs failed; the previous site is left as it was."""


class UsageError(GuideError):
    """The command was called wrongly (for example `new` on an existing record)."""

    exit_code = EXIT_USAGE
