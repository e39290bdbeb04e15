"""Keeping stored profiles and jobs parsed with the current parsers."""
