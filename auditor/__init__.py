"""auditor: a consistency and arithmetic audit linter for Chinese budget-performance reports."""

__version__ = "0.1.0"
