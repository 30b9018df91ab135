"""The relation expression language of YAML rules: parsed by lark, evaluated over intervals (never eval)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from auditor.arith import Interval, exact, sum_intervals
from auditor.parse import compile_grammar

Node = tuple  # ("num", Interval, dim) | ("ref", name, attr) | ("op", sym, left, right) | ("call", f, args) …

# An assertion is a line of arithmetic: these bounds are far above any real rule, and keep the recursive
# evaluation of a hostile one (`- - - … 1`, `((((…))))`, `1+1+…+1`) well inside Python's stack.
MAX_EXPR_CHARS = 1000
MAX_EXPR_DEPTH = 50


class ExprError(ValueError):
    """An expression that does not parse or names something unknown; ``column`` is 1-based in the text."""

    def __init__(self, message: str, column: int = 1) -> None:
        super().__init__(message)
        self.column = column


@dataclass(frozen=True, slots=True)
class Val:
    """A value during evaluation: an interval and its dimension (money in 元, ratio, count, score, number), or words
    (dimension ``text``: a change's direction 增加/减少, a string in the assertion) held in ``text``."""

    iv: Interval
    dim: str
    text: str = ""


_NO_INTERVAL = Interval(Decimal(0), Decimal(0))


def words(text: str) -> Val:
    """Words as a value: compared with == and != only."""
    return Val(_NO_INTERVAL, "text", text)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A parsed relation: ``left op right``, plus the names it refers to."""

    left: Node
    op: str
    right: Node
    refs: tuple[tuple[str, str | None], ...]
    text: str


@cache
def _parser() -> Lark:
    grammar = resources.files("auditor.dsl").joinpath("expr.lark").read_text(encoding="utf-8")
    return compile_grammar(grammar)


def parse_expr(text: str) -> Comparison:
    """Parse ``total == a + b``; raise ExprError with the column of the problem."""
    if len(text) > MAX_EXPR_CHARS:
        raise ExprError(f"expression is longer than {MAX_EXPR_CHARS} characters; split the relation into "
                        "several rules", MAX_EXPR_CHARS + 1)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        col = getattr(exc, "column", 1) or 1
        token = getattr(exc, "token", None)
        pos = exc.pos_in_stream
        got = str(token) if token is not None and str(token) else (
            text[pos] if pos is not None and pos < len(text) else "end of text")
        if token is not None and token.type == "$END":
            got = "end of text"
        raise ExprError(f"cannot parse expression at {got!r}: expected an operand, an operator or a "
                        f"comparison (== != < <= > >=)", col) from None
    _check_depth(tree)
    if isinstance(tree, Tree) and tree.data == "comparison":
        left, op, right = tree.children
        refs: list[tuple[str, str | None]] = []
        return Comparison(_node(left, refs), str(op), _node(right, refs), tuple(refs), text)
    raise ExprError("an assertion must compare two sides, e.g. `total == a + b`")


def _check_depth(tree: Tree | Token) -> None:
    """Refuse a parse tree deeper than MAX_EXPR_DEPTH (walked without recursion)."""
    stack: list[tuple[Tree | Token, int]] = [(tree, 0)]
    while stack:
        t, depth = stack.pop()
        if depth > MAX_EXPR_DEPTH:
            col = next((tok.column for tok in t.scan_values(lambda v: isinstance(v, Token))), None) \
                if isinstance(t, Tree) else t.column
            raise ExprError(f"expression nested more than {MAX_EXPR_DEPTH} deep (operators, parentheses, "
                            "signs and calls); write it flatter, e.g. sum(a, b, c)", col or 1)
        if isinstance(t, Tree):
            stack.extend((c, depth + 1) for c in t.children)


def _node(t: Tree | Token, refs: list[tuple[str, str | None]]) -> Node:
    if isinstance(t, Token):
        if t.type == "REF":
            name, _, attr = str(t).partition(".")
            refs.append((name, attr or None))
            return ("ref", name, attr or None, t.column or 1)
        if t.type == "NUMBER":
            return ("num", exact(Decimal(str(t))), "number")
        if t.type == "STRING":
            return ("str", str(t)[1:-1])
        raise ExprError(f"unexpected {t!r}", t.column or 1)
    kind = t.data
    if kind == "string":
        return ("str", str(t.children[0])[1:-1])
    if kind == "number":
        return ("num", exact(Decimal(str(t.children[0]))), "number")
    if kind == "percent":
        return ("num", exact(Decimal(str(t.children[0])) / 100), "ratio")
    if kind == "neg":
        return ("neg", _node(t.children[0], refs))
    if kind == "call":
        fn = str(t.children[0])
        return ("call", fn, tuple(_node(c, refs) for c in t.children[1:]))
    sym = {"add": "+", "sub": "-", "mul": "*", "div": "/"}[str(kind)]
    return ("op", sym, _node(t.children[0], refs), _node(t.children[1], refs))


class EvalError(ValueError):
    """The relation cannot be evaluated on these facts (unit mismatch, division by an interval holding 0)."""


Resolver = Callable[[str, "str | None"], Val]


def evaluate(node: Node, resolve: Resolver) -> Val:
    """Evaluate one side of a comparison."""
    tag = node[0]
    if tag == "num":
        return Val(node[1], node[2])
    if tag == "str":
        return words(node[1])
    if tag == "ref":
        return resolve(node[1], node[2])
    if tag == "neg":
        v = _figure(evaluate(node[1], resolve))
        return Val(exact(Decimal(0)) - v.iv, v.dim)
    if tag == "call":
        args = [_figure(evaluate(a, resolve)) for a in node[2]]
        return _call(node[1], args)
    a, b = _figure(evaluate(node[2], resolve)), _figure(evaluate(node[3], resolve))
    sym = node[1]
    if sym in "+-":
        dim = _same(a, b)
        return Val(a.iv + b.iv if sym == "+" else a.iv - b.iv, dim)
    if sym == "*":
        return Val(a.iv * b.iv, _product_dim(a, b))
    try:
        quotient = a.iv / b.iv
    except ZeroDivisionError as exc:
        raise EvalError("division by a figure that may be zero") from exc
    return Val(quotient, "ratio" if a.dim == b.dim and a.dim != "number" else
               (a.dim if b.dim in ("number", "ratio") else "ratio"))


def _figure(v: Val) -> Val:
    """A value arithmetic may use: words cannot be computed with."""
    if v.dim == "text":
        raise EvalError(f"cannot compute with the words {v.text!r}")
    return v


def _same(a: Val, b: Val) -> str:
    if a.dim == b.dim or b.dim == "number":
        return a.dim
    if a.dim == "number":
        return b.dim
    raise EvalError(f"cannot combine {a.dim} with {b.dim}")


def _product_dim(a: Val, b: Val) -> str:
    if a.dim in ("number", "ratio"):
        return b.dim
    if b.dim in ("number", "ratio"):
        return a.dim
    raise EvalError(f"cannot multiply {a.dim} by {b.dim}")


def _call(fn: str, args: list[Val]) -> Val:
    if fn == "sum":
        dim = args[0].dim
        for a in args[1:]:
            dim = _same(Val(a.iv, dim), a)
        return Val(sum_intervals(a.iv for a in args), dim)
    if fn == "abs":
        iv = args[0].iv
        lo, hi = (iv.lo, iv.hi) if iv.lo >= 0 else ((-iv.hi, -iv.lo) if iv.hi <= 0 else (Decimal(0), max(-iv.lo, iv.hi)))
        return Val(Interval(lo, hi), args[0].dim)
    ivs = [a.iv for a in args]
    if fn == "min":
        return Val(Interval(min(i.lo for i in ivs), min(i.hi for i in ivs)), args[0].dim)
    return Val(Interval(max(i.lo for i in ivs), max(i.hi for i in ivs)), args[0].dim)


def compare(op: str, left: Val, right: Val) -> bool:
    """Whether ``left op right`` holds within printed precision (interval semantics); words are equal or not."""
    if left.dim == "text" or right.dim == "text":
        if left.dim != right.dim or op not in ("==", "!="):
            raise EvalError("words compare with words, by == or != only")
        return (left.text == right.text) == (op == "==")
    _same(left, right)
    a, b = left.iv, right.iv
    if op == "==":
        return a.overlaps(b)
    if op == "!=":
        return not a.overlaps(b)
    if op == "<=":
        return a.lo <= b.hi
    if op == "<":
        return a.lo < b.hi
    if op == ">=":
        return a.hi >= b.lo
    return a.hi > b.lo
