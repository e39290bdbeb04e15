"""talentmatch: a self-hostable tech-talent marketplace with explainable matching."""

__version__ = "0.1.0"
