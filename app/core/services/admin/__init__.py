"""The office itself: its name, the window's key counts, backups, and the joint-meeting office's statistics."""
