"""Background work: reading uploaded resumes, delivering the outbox, expiring interview
requests and reminding candidates before they expire.

``work`` holds the task functions, each idempotent (a second run, such as a retry after a
worker died between the effect and its acknowledgement, changes nothing). Two runners call
them: ``inprocess`` (the web app's own thread and timer: the embedded SQLite default, nothing
else to start) and ``queue`` (procrastinate jobs in PostgreSQL, run by ``talentmatch worker``
processes, with retries, locks and periodic schedules).
"""
