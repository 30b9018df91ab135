"""Baselines: accepted findings recorded by rule and a fingerprint of the text around them (not by line)."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import UsageError
from auditor.report import FileResult
from auditor.report.ci_formats import fingerprint

VERSION = 1


def _key(path: str) -> str:
    return os.path.relpath(path).replace("\\", "/")


def build(results: list[FileResult]) -> str:
    """The baseline document for the current findings (stable order)."""
    entries = []
    for r in results:
        if r.report is None:
            continue
        for f in r.findings:
            entries.append({"path": _key(r.path), "rule": f.rule, "fingerprint": fingerprint(r, f),
                            "message": f.message})
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    return json.dumps({"version": VERSION, "entries": entries}, ensure_ascii=False, indent=2) + "\n"


@dataclass(slots=True)
class Applied:
    """What a baseline did to a run."""

    suppressed: int = 0
    stale: list[dict[str, Any]] = field(default_factory=list)


def apply(results: list[FileResult], path: str) -> Applied:
    """Drop the findings the baseline accepts; report the baseline entries no finding matched (stale)."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the baseline ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: the baseline is not UTF-8 text") from None
    except RecursionError:
        raise UsageError(f"{path}: the baseline is nested too deeply to be an auditor baseline") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path}:{exc.lineno}:{exc.colno}: the baseline is not valid JSON") from None
    if not isinstance(doc, dict) or doc.get("version") != VERSION or not isinstance(doc.get("entries"), list):
        raise UsageError(f"{path}: not an auditor baseline (version {VERSION})")
    for n, e in enumerate(doc["entries"], start=1):
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("path", "rule", "fingerprint")):
            raise UsageError(f"{path}: entry {n} is not an object with string path, rule and fingerprint")
    remaining: Counter[tuple[str, str, str]] = Counter(
        (e.get("path", ""), e.get("rule", ""), e.get("fingerprint", "")) for e in doc["entries"])
    out = Applied()
    linted = {_key(r.path) for r in results}
    for r in results:
        if r.report is None:
            continue
        kept = []
        for f in r.findings:
            key = (_key(r.path), f.rule, fingerprint(r, f))
            if remaining[key] > 0:
                remaining[key] -= 1
                out.suppressed += 1
            else:
                kept.append(f)
        r.findings = kept
    out.stale = [{"path": p, "rule": rule, "fingerprint": fp} for (p, rule, fp), n in sorted(remaining.items())
                 for _ in range(n) if p in linted]
    return out
