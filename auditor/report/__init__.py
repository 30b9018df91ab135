"""Formatters: turn lint results into text for people (rich) or machines (JSON)."""

from __future__ import annotations

from dataclasses import field

from auditor.engine import Finding, Verified
from auditor.model import Report
from auditor.records import dataclass


@dataclass(frozen=True, slots=True)
class FileResult:
    """What linting one file produced: findings, or the one-line reason it could not be read. Never changed in
    place: the post-processors (auditor/pipeline.py: the stdin name, the baseline, per-path settings, the severity
    floor) each give a new one."""

    path: str
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    verified: list[Verified] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    encoding: str = ""          # how the file was decoded (utf-8, gb18030, docx, pdf …)
    rule_errors: list[str] = field(default_factory=list)   # rules that stopped or failed on it (the others ran)
    # the findings' fingerprints (ci_formats.fingerprints), computed once over all the findings of the file: a
    # baseline that drops accepted findings keeps these aligned, so SARIF gives the others the same fingerprints
    fingerprints: list[str] = field(default_factory=list)
    # the findings a baseline accepted (not shown in text or JSON; SARIF keeps them, suppressed) and their fingerprints
    suppressed: list[Finding] = field(default_factory=list)
    suppressed_fingerprints: list[str] = field(default_factory=list)
