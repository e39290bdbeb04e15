"""Jobs that companies post."""
