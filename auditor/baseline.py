"""Baselines: accepted findings recorded by rule and a fingerprint of the text around them (not by line)."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from auditor.engine import Finding
from auditor.errors import UsageError
from auditor.report import FileResult
from auditor.report.ci_formats import fingerprints

VERSION = 2
# version 1 (still read): paths relative to the working directory, fingerprints of the finding's whole line


def _folder(baseline: str) -> str:
    """The folder a baseline's paths are relative to: its own (the working directory for a device or pipe)."""
    if os.path.exists(baseline) and not os.path.isfile(baseline):
        return os.path.realpath(os.getcwd())
    return os.path.realpath(os.path.dirname(os.path.abspath(baseline)))


def _key(path: str, folder: str) -> str:
    """A report's path relative to ``folder``, with / separators (the report's own name kept if it is a link)."""
    full = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.basename(path))
    try:
        rel = os.path.relpath(full, folder)
    except ValueError:      # another drive (Windows)
        rel = full
    return rel.replace(os.sep, "/")


def build(results: list[FileResult], baseline: str) -> str:
    """The baseline document for the current findings (stable order), to be written at ``baseline``."""
    folder = _folder(baseline)
    entries = []
    for r in results:
        if r.report is None:
            continue
        for f, fp in zip(r.findings, fingerprints(r), strict=True):
            entries.append({"path": _key(r.path, folder), "rule": f.rule, "fingerprint": fp, "message": f.message})
    entries.sort(key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    return json.dumps({"version": VERSION, "entries": entries}, ensure_ascii=False, indent=2) + "\n"


@dataclass(slots=True)
class Applied:
    """What a baseline did to a run."""

    suppressed: int = 0
    stale: list[dict[str, Any]] = field(default_factory=list)


def apply(results: list[FileResult], path: str) -> Applied:
    """Move the findings the baseline accepts to ``FileResult.suppressed`` (only SARIF shows them); report the
    baseline entries no finding matched (stale)."""
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
    version = doc.get("version") if isinstance(doc, dict) else None
    if type(version) is not int or version not in (1, VERSION) or not isinstance(doc.get("entries"), list):
        raise UsageError(f"{path}: not an auditor baseline (version 1 or {VERSION})")
    for n, e in enumerate(doc["entries"], start=1):
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("path", "rule", "fingerprint")):
            raise UsageError(f"{path}: entry {n} is not an object with string path, rule and fingerprint")
    key: Callable[[str], str]
    prints: Callable[[FileResult], list[str]]
    if version == 1:
        key, prints = _key_v1, _fingerprints_v1
    else:
        folder = _folder(path)
        key, prints = (lambda p: _key(p, folder)), fingerprints
    remaining: Counter[tuple[str, str, str]] = Counter((e["path"], e["rule"], e["fingerprint"]) for e in doc["entries"])
    out = Applied()
    linted = {key(r.path) for r in results}
    for r in results:
        if r.report is None:
            continue
        kept, accepted = [], []
        for f, fp, fp2 in zip(r.findings, prints(r), fingerprints(r), strict=True):
            k = (key(r.path), f.rule, fp)
            if remaining[k] > 0:
                remaining[k] -= 1
                out.suppressed += 1
                accepted.append((f, fp2))
            else:
                kept.append((f, fp2))
        r.findings = [f for f, _ in kept]
        r.fingerprints = [fp for _, fp in kept]     # the others keep theirs (SARIF)
        r.suppressed = [f for f, _ in accepted]     # SARIF lists them as suppressed
        r.suppressed_fingerprints = [fp for _, fp in accepted]
    out.stale = [{"path": p, "rule": rule, "fingerprint": fp} for (p, rule, fp), n in sorted(remaining.items())
                 for _ in range(n) if p in linted]
    return out


def _key_v1(path: str) -> str:
    return os.path.relpath(path).replace("\\", "/")


def _fingerprints_v1(result: FileResult) -> list[str]:
    """Version 1 fingerprints: the rule, the text a finding marks and the text of its whole line (whitespace
    ignored)."""
    assert result.report is not None
    return [_fingerprint_v1(result.report.original, f) for f in result.findings]


def _fingerprint_v1(text: str, f: Finding) -> str:
    start = text.rfind("\n", 0, f.span.start) + 1
    end = text.find("\n", f.span.end)
    line = "".join(text[start:end if end >= 0 else len(text)].split())
    marked = text[f.span.start:f.span.end]
    return hashlib.sha256(f"{f.rule}\0{marked}\0{line}".encode()).hexdigest()[:32]
