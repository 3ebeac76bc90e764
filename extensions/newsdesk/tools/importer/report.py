"""What the import did with each file: one line per decision, with the file's line number."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CONVERTED = "converted"
KEPT = "left as-is"  # kept unchanged although it may need an editor's look
NOTICE = "notice"
ERROR = "error"


@dataclass(frozen=True)
class Entry:
    line: int  # 1-based line in the Jekyll file; 0 for the file as a whole
    kind: str
    message: str


@dataclass
class FileReport:
    source: Path
    target: Path | None = None
    outcome: str = ""  # "written", "unchanged", "would write", "skipped"
    entries: list[Entry] = field(default_factory=list)

    def add(self, line: int, kind: str, message: str) -> None:
        self.entries.append(Entry(line, kind, message))

    def converted(self, line: int, message: str) -> None:
        self.add(line, CONVERTED, message)

    def kept(self, line: int, message: str) -> None:
        self.add(line, KEPT, message)

    def notice(self, line: int, message: str) -> None:
        self.add(line, NOTICE, message)

    def error(self, line: int, message: str) -> None:
        self.add(line, ERROR, message)

    @property
    def failed(self) -> bool:
        return any(entry.kind == ERROR for entry in self.entries)

    def render(self) -> str:
        """``file:line: kind: message`` lines, so editors can jump to each place."""
        head = f"{self.source}"
        if self.target is not None:
            head += f" -> {self.target}"
        lines = [f"{head} ({self.outcome})" if self.outcome else head]
        # A file that was not imported: only why, not what it would have become.
        shown = [e for e in self.entries if e.kind == ERROR] if self.failed else self.entries
        for entry in sorted(shown, key=lambda e: e.line):
            where = f"{self.source}:{entry.line}" if entry.line else f"{self.source}"
            lines.append(f"  {where}: {entry.kind}: {entry.message}")
        return "\n".join(lines)
