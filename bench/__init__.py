"""Benchmark harness for Gezinsdossier (``make bench``); not part of ``make test``."""
