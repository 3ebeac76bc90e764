"""What a check found, and how it is printed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CheckResult:
    name: str
    summary: str = ""  # what was checked, e.g. "14 pages"
    problems: list[str] = field(default_factory=list)  # each one fails the check
    notes: list[str] = field(default_factory=list)  # shown, never fail the check

    @property
    def ok(self) -> bool:
        return not self.problems

    def render(self) -> str:
        status = "OK" if self.ok else f"FAILED ({len(self.problems)} problem(s))"
        lines = [f"== {self.name}: {self.summary}: {status}"]
        lines += [f"   note: {note}" for note in self.notes]
        lines += [f"   {problem}" for problem in self.problems]
        return "\n".join(lines)
