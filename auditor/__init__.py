"""auditor: a consistency and arithmetic audit linter for Chinese budget-performance reports."""

__version__ = "0.1.0"


def package_text(*parts: str) -> str:
    """A text file shipped inside this package (UTF-8), e.g. ``package_text("data", "labels.yaml")``: read by path,
    not with importlib.resources, whose imports cost 5 ms at every start (auditor is never run from a zip)."""
    import os
    with open(os.path.join(os.path.dirname(__file__), *parts), encoding="utf-8") as fh:
        return fh.read()
