"""Employer tools: shortlists, private notes, saved searches with alerts, scorecards."""
