"""Reading the bordered tables rich draws (auditor rules, the statistics table) in tests."""

from __future__ import annotations


def table_cells(out: str) -> dict[str, list[str]]:
    """A bordered table's rows by code, each cell's wrapped lines joined (no spaces: a line break is not one)."""
    rows: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if cells[0]:
            current = rows.setdefault(cells[0], [""] * len(cells))
        assert current is not None
        for i, c in enumerate(cells):
            current[i] += "".join(c.split())
    return rows
