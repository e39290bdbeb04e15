"""Candidates' and users' data rights: export, erasure and who viewed a profile."""
