"""Bulk imports: resumes (a folder or a zip) and jobs (JSON lines), resumable after a crash."""
