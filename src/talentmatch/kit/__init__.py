"""Small shared pieces: errors, pagination, security helpers, time."""
