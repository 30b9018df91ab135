"""Baselines: accepted findings recorded by rule and a fingerprint of the text around them (not by line)."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import field, replace
from typing import Any

from auditor.engine import Finding
from auditor.errors import UsageError
from auditor.records import dataclass
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


@dataclass(slots=True)
class Loaded:
    """A baseline read and checked: its version, the folder its paths are relative to, and its entries as counts
    of (path, rule, fingerprint). Picklable: a batch's workers accept findings with it."""

    path: str
    version: int
    folder: str
    entries: Counter[tuple[str, str, str]]

    def key(self, path: str) -> str:
        return _key_v1(path) if self.version == 1 else _key(path, self.folder)


def load(path: str) -> Loaded:
    """Read a baseline file (UsageError with its place when it is not one)."""
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
    return Loaded(path, version, _folder(path) if version != 1 else "",
                  Counter((e["path"], e["rule"], e["fingerprint"]) for e in doc["entries"]))


def accept(r: FileResult, loaded: Loaded) -> tuple[FileResult, list[tuple[str, str, str]]]:
    """The report with the findings the baseline accepts moved to ``suppressed`` (only SARIF shows them), and the
    entries they used. A report is linted once in a run, so reports never compete for entries."""
    if r.report is None:
        return r, []
    own = fingerprints(r)
    prints = _fingerprints_v1(r) if loaded.version == 1 else own     # what the entries were written with
    path = loaded.key(r.path)
    left = {k: n for k, n in loaded.entries.items() if k[0] == path}
    used: list[tuple[str, str, str]] = []
    kept, accepted = [], []
    for f, fp, fp2 in zip(r.findings, prints, own, strict=True):
        k = (path, f.rule, fp)
        if left.get(k, 0) > 0:
            left[k] -= 1
            used.append(k)
            accepted.append((f, fp2))
        else:
            kept.append((f, fp2))
    return replace(r, findings=[f for f, _ in kept], fingerprints=[fp for _, fp in kept],   # the others keep theirs
                   suppressed=[f for f, _ in accepted], suppressed_fingerprints=[fp for _, fp in accepted]), used


def stale(loaded: Loaded, used: Counter[tuple[str, str, str]], linted: set[str],
          rules: set[str] | None = None) -> list[dict[str, Any]]:
    """The entries no finding used, of the reports linted (``linted``: their keys) and of the rules that ran
    (``rules``: their codes; None: all). An entry of a rule --select left out is not stale: it was not checked."""
    remaining = loaded.entries - used
    return [{"path": p, "rule": rule, "fingerprint": fp} for (p, rule, fp), n in sorted(remaining.items())
            for _ in range(n) if p in linted and (rules is None or rule in rules)]


def apply(results: list[FileResult], path: str, rules: set[str] | None = None) -> tuple[list[FileResult], Applied]:
    """The results with the findings the baseline accepts moved to ``suppressed`` (only SARIF shows them), and
    the baseline entries no finding matched (stale) among ``rules`` (the codes that ran; None: all)."""
    loaded = load(path)
    out = Applied()
    used: Counter[tuple[str, str, str]] = Counter()
    kept = []
    for r in results:
        r, got = accept(r, loaded)
        kept.append(r)
        out.suppressed += len(got)
        used.update(got)
    out.stale = stale(loaded, used, {loaded.key(r.path) for r in results}, rules)
    return kept, out


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
