"""The YAML rule language: expressions, validation, loading, run-time checks."""
