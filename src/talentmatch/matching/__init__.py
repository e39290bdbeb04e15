"""Ranked, explained matches in the marketplace: candidates for a job, jobs for a candidate."""
