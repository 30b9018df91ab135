"""What the speed-ups rest on (the speed itself is measured by benchmarks/cli.py, not by timed tests)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from auditor.data import load_data

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["labels.yaml", "partitions.yaml", "profiles.yaml", "tables.yaml"])
def test_shipped_data_reads_the_same_with_libyaml(name: str) -> None:
    text = resources.files("auditor.data").joinpath(name).read_text(encoding="utf-8")
    assert load_data(name) == yaml.safe_load(text)


def test_the_shipped_expression_tables_are_those_of_the_grammar() -> None:
    # stale tables would be ignored (compiled instead: slower, still right); CI says to regenerate them
    # (lark numbers the LALR states differently from one process to the next, so the tables are compared by what
    # they parse, below, not byte for byte)
    from auditor.dsl import expr, expr_tables
    assert expr_tables.KEY == expr.grammar_key(), "run python scripts/gen_tables.py"


def test_the_tables_parse_as_the_compiled_grammar() -> None:
    from lark.exceptions import UnexpectedInput

    from auditor.dsl import expr
    from auditor.dsl.loader import pack_files
    from auditor.parse import compile_grammar
    loaded = expr._parser()
    compiled = compile_grammar(expr._grammar())
    assert loaded is not compiled and loaded.source_path == "<deserialized>"
    texts = ["a == b + c", "x.value >= sum(a, b) * 2 - 1.5", 'd == "增加"', "(a + b) / c != 3%", "a ==", "== b", "a + * b"]
    texts += [line.split("assert:", 1)[1].strip().strip('"') for f in pack_files([str(ROOT / "rules")])
              for line in Path(f).read_text(encoding="utf-8").splitlines() if line.strip().startswith("assert:")]
    assert len(texts) > 10
    for text in texts:
        results = []
        for parser in (loaded, compiled):
            try:
                results.append(parser.parse(text))
            except UnexpectedInput as exc:
                results.append((type(exc).__name__, exc.column))
        assert results[0] == results[1], text


def test_the_document_tables_read_reports_as_the_compiled_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor import document_tables, parse
    from auditor.sources import load
    assert document_tables.KEY == parse.document_key(), "run python scripts/gen_tables.py"
    assert parse.document_parser().source_path == "<deserialized>"
    texts = [load(f).text for f in sorted((ROOT / "fixtures").glob("*.txt"))]
    texts += ["一、总体情况\n（一）收入1,234.5万元，占比12.3%。\n1.其中：①人员经费\n", "", "\n\n  \t", "2024年" * 50]
    loaded = [parse.parse_lines(t) for t in texts]
    monkeypatch.setattr(parse, "document_parser", parse._compile_document)
    assert [parse.parse_lines(t) for t in texts] == loaded
