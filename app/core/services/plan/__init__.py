"""The year's plan: plans, tasks, their pools and caps, batches, the item list's publication, the timetable and the year's rules."""
