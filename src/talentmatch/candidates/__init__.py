"""Candidate profiles, resumes, wish lists, hidden companies and the review workflow."""
