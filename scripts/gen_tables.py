#!/usr/bin/env python3
"""Write auditor/dsl/expr_tables.py and auditor/document_tables.py: the LALR tables of the expression and the
document grammars as Python literals.

Compiling auditor/dsl/expr.lark costs 40-55 ms at every start, the document grammar 20-35 ms; loading these tables
costs 1-2 ms each. They are
plain data (lark's own serialization, written with repr), never a pickle. auditor/dsl/expr.py uses them only when
they were made from the grammar text and the lark version in use (else it compiles the grammar; auditor/parse.py
likewise for the document grammar), and tests/test_speed.py fails when they are stale. Run after editing a grammar
or upgrading lark:

    python scripts/gen_tables.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from auditor.dsl.expr import grammar_key, tables_source
    from auditor.parse import document_key, document_tables_source
    for name, source, key in (("auditor/dsl/expr_tables.py", tables_source, grammar_key),
                              ("auditor/document_tables.py", document_tables_source, document_key)):
        (ROOT / name).write_text(source(), encoding="utf-8")
        print(f"wrote {name} ({key()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
