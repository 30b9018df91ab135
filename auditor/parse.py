"""The lark parser for the document grammar, compiled once per process and run with an inline transformer."""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from typing import Any, NamedTuple, cast

from lark import Lark, Token, Transformer
from lark.exceptions import LarkError, LexError
from lark.lexer import BasicLexer, LexerState

from auditor import package_text, rx
from auditor.errors import InputError
from auditor.records import dataclass


class Tok(NamedTuple):
    """A token of the document grammar: terminal name, text and normalized offsets (a named tuple: a report has tens
    of thousands, and a tuple is cheaper to make than a frozen dataclass)."""

    type: str
    text: str
    start: int
    end: int

    def __str__(self) -> str:
        return self.text


def _tok(t: Token) -> Tok:
    start = t.start_pos if t.start_pos is not None else 0
    return Tok(t.type, str(t), start, start + len(t))


@dataclass(frozen=True, slots=True)
class RawLine:
    """One line of normalized text as the grammar sees it."""

    start: int                 # offset of the first character of the line
    end: int                   # offset of the line's newline (exclusive end of its text)
    line: int                  # 1-based line number
    marker: Tok | None         # MARKER (一、 （一） 1. …), PART (第二部分) or APPENDIX (附件2)
    items: tuple[Tok, ...]     # quantity tokens, in order


_Row = tuple[Tok | None, tuple[Tok, ...], Tok]
_MARKERS = frozenset({"MARKER", "PART", "APPENDIX"})   # a line's leading marker: a heading's, a part's, an appendix's

# What one report may hold. The model keeps a few hundred bytes per line and one to two kilobytes per figure;
# building and linting take some 30 µs per line and 60 µs per figure on one core. These limits keep any
# report under them within about 8 s and 250 MB (benchmarks/hostile_cases/scale.py); a budget report has a
# few thousand lines and figures, so they are some fifty times what a real one needs, and a 2 MB report of
# dense figures (benchmarks/scaling.py: 96,000 figures) is linted.
MAX_LINES = 150_000
MAX_QUANTITIES = 120_000      # figures: the grammar's quantity tokens
MAX_NUMBERS = 200_000         # runs of digits, counted before parsing: a figure has one to a few (1,234.50)
_DIGITS = rx.compile(r"\d+")
MAX_SENTENCES = 1_000_000     # sentence ends (。！？；!?;): the model keeps 16 bytes a sentence
_LEFT: ContextVar[list[int]] = ContextVar("quantities_left")   # per parse: how many more figures may come


class _Lines(Transformer[Token, list[_Row]]):
    """Callbacks: each ``line`` becomes (marker, items, newline offset); they stop at MAX_QUANTITIES figures."""

    def line(self, children: list[Token]) -> _Row:
        marker = _tok(children[0]) if children[0].type in _MARKERS else None
        items = tuple(_tok(t) for t in children[1 if marker else 0:-1])
        if items:
            left = _LEFT.get()
            left[0] -= len(items)
            if left[0] < 0:
                raise InputError(f"refused: more than {MAX_QUANTITIES:,} figures, more than a report can hold "
                                 "(a budget report has a few thousand)")
        return marker, items, _tok(children[-1])

    def start(self, children: list[_Row]) -> list[_Row]:
        return children


def grammar_text(name: str) -> str:
    """The text of a grammar file shipped in ``auditor/grammar``."""
    return package_text("grammar", f"{name}.lark")


def compile_grammar(text: str, **options: Any) -> Lark:
    """Compile an LALR grammar in this process (once per process: callers cache the result).

    There is deliberately no disk cache: lark's cache is a pickle, and unpickling a file from a shared or
    restored cache folder runs whatever code it names. Without it, startup costs about 20-35 ms for the
    document grammar. The expression grammar is loaded from tables shipped as plain Python data
    (auditor/dsl/expr_tables.py, scripts/gen_tables.py) when they match it, else compiled here (40-55 ms).
    """
    return Lark(text, parser="lalr", **options)


def _cached_match(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
    return rx.compile(pattern, flags).match(text)


# What lark's lexer asks of its regex module (compile, match, error), with compile from auditor/rx.py
_CACHED_RE: Any = types.SimpleNamespace(compile=rx.compile, match=_cached_match, error=re.error)


class TablesLark(Lark):
    """A parser loaded from shipped tables (``TablesLark._load_from_dict``) whose lexers compile their terminals'
    patterns through auditor/rx.py, once per installation: lark's own lexers compiled them on every start (8 ms
    for the expression grammar's contextual lexer)."""

    def _deserialize_lexer_conf(self, data: Any, memo: Any, options: Any) -> Any:
        conf = super()._deserialize_lexer_conf(data, memo, options)
        conf.re_module = _CACHED_RE
        return conf


class _Lexer(BasicLexer):
    """lark's basic lexer for the document grammar, its terminals tried in lark's order by its own compiled
    alternation, that keeps what the parser reads and nothing more: the tokens' offsets (no line and column
    counting, which the model does from the offsets) and no token at all for the ignored prose between figures.
    With one reduction per figure in the grammar, a 1 MB report of dense figures parses in 0.37 s instead of 0.53 s
    (benchmarks/scaling.py). ``_mres`` is lark's compiled alternation of the terminals (one pattern for a grammar
    of fewer than a hundred terminals): the assertion stops the parser if a later lark builds it otherwise."""

    __future_interface__ = 2

    def lex(self, state: LexerState, parser_state: Any) -> Iterator[Token]:
        text = state.text.text
        assert isinstance(text, str) and len(self.scanner._mres) == 1 and not self.callback
        ignore = self.ignore_types
        pos = 0
        for m in self.scanner._mres[0].finditer(text):
            if m.start() != pos:     # the grammar covers every character; lark's own lexer would raise here
                raise LexError(f"no terminal matches the text at offset {pos}")
            kind = m.lastgroup
            pos = m.end()
            if kind not in ignore:
                yield Token(kind, m.group(), m.start())
        if pos != len(text):
            raise LexError(f"no terminal matches the text at offset {pos}")


def _compile_document() -> Lark:
    return compile_grammar(grammar_text("document"), lexer=_Lexer, g_regex_flags=re.MULTILINE, transformer=_Lines())


def document_key() -> str:
    """What the shipped document tables must have been made from: the grammar's hash and the lark version."""
    import hashlib

    import lark
    return f"{hashlib.sha256(grammar_text('document').encode('utf-8')).hexdigest()[:16]} lark {lark.__version__}"


@cache
def document_parser() -> Lark:
    """The document parser (built once per process): from the shipped tables (auditor/document_tables.py, plain
    data written by scripts/gen_tables.py; about 1 ms) when they were made from this grammar and lark version, else
    compiled (20-35 ms). The lexer and the transformer are this module's own, given again on loading."""
    try:
        from auditor import document_tables
    except ImportError:
        document_tables = None      # type: ignore[assignment]
    if document_tables is not None and document_tables.KEY == document_key():
        data: dict[str, Any] = dict(document_tables.DATA)
        data["options"] = {**data["options"], "lexer": _Lexer}
        conf = data["parser"]["lexer_conf"]
        data["parser"] = {**data["parser"], "lexer_conf": {**conf, "lexer_type": _Lexer}}
        return TablesLark._load_from_dict(data, document_tables.MEMO, transformer=_Lines(),  # type: ignore[no-any-return]
                                    g_regex_flags=re.MULTILINE)
    return _compile_document()


def document_tables_source() -> str:
    """The text of auditor/document_tables.py for the grammar as it is (scripts/gen_tables.py)."""
    from lark.grammar import Rule
    from lark.lexer import TerminalDef
    data, memo = _compile_document().memo_serialize([TerminalDef, Rule])
    data["options"] = {**data["options"], "lexer": "auditor.parse._Lexer", "transformer": None,
                       "g_regex_flags": int(re.MULTILINE)}
    conf = data["parser"]["lexer_conf"]
    data["parser"] = {**data["parser"], "lexer_conf": {**conf, "lexer_type": "auditor.parse._Lexer",
                                                       "g_regex_flags": int(re.MULTILINE)}}
    return ('"""The document grammar\'s LALR tables (auditor/grammar/document.lark), as lark serializes them: plain data.\n\n'
            'Generated by scripts/gen_tables.py; do not edit. auditor/parse.py uses them only when KEY matches the\n'
            'grammar and the lark version in use (the lexer and transformer are given on loading)."""\n\n'
            f"KEY = {document_key()!r}\n"
            f"DATA = {data!r}\n"
            f"MEMO = {memo!r}\n")


def parse_lines(text: str) -> list[RawLine]:
    """Parse normalized text into its non-blank lines with their heading markers and quantity tokens.

    Blank lines are not returned; each line carries its 1-based number. A text of more than MAX_LINES lines
    or MAX_QUANTITIES figures is refused (InputError) before the model grows past them.
    """
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_LINES:
        raise InputError(f"refused: {lines:,} lines, more than a report can hold (limit {MAX_LINES:,}; "
                         "a budget report has a few thousand)")
    ends = sum(text.count(c) for c in "。！？；!?;")
    if ends > MAX_SENTENCES:
        raise InputError(f"refused: {ends:,} sentences, more than a report can hold (limit {MAX_SENTENCES:,})")
    for count, _run in enumerate(_DIGITS.finditer(text), start=1):   # stops at the limit, holds nothing
        if count > MAX_NUMBERS:
            raise InputError(f"refused: more than {MAX_NUMBERS:,} numbers, more than a report can hold "
                             "(a budget report has a few thousand)")
    if not text.endswith("\n"):
        text += "\n"
    token = _LEFT.set([MAX_QUANTITIES])
    try:
        rows = cast(list[_Row], document_parser().parse(text))   # the inline transformer's result
    except LarkError as exc:   # the grammar accepts any text; this is a bug, not bad input
        raise InputError(f"cannot parse the report: {exc}".splitlines()[0]) from exc
    finally:
        _LEFT.reset(token)
    out: list[RawLine] = []
    start, line = 0, 1
    for marker, items, nl in rows:
        out.append(RawLine(start, nl.start, line, marker, items))
        start = nl.end
        line += nl.text.count("\n")   # blank lines ride along with the newline that ends this line
    return out
