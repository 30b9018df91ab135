#!/usr/bin/env python3
"""Write auditor/dsl/expr_tables.py: the expression grammar's LALR tables as Python literals.

Compiling auditor/dsl/expr.lark costs 40-55 ms at every start; loading these tables costs about 2 ms. They are
plain data (lark's own serialization, written with repr), never a pickle. auditor/dsl/expr.py uses them only when
they were made from the grammar text and the lark version in use (else it compiles the grammar), and
tests/test_speed.py fails when they are stale. Run after editing expr.lark or upgrading lark:

    python scripts/gen_tables.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from auditor.dsl.expr import grammar_key, tables_source
    target = ROOT / "auditor" / "dsl" / "expr_tables.py"
    target.write_text(tables_source(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)} ({grammar_key()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
