"""Imported only if an include ``:parser:`` could name any module (it must not)."""

from pathlib import Path

Path(__file__).with_name("PWNED-BY-IMPORT").write_text("imported", encoding="utf-8")


class Parser:
    pass
