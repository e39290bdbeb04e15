"""Derived reference tables built by scripts/build_reference.py (sources and licences: NOTICE)."""
