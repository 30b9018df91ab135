"""The YAML rule packs shipped with auditor (installed as the package ``auditor.packs``)."""
