"""Interview requests with a salary, their history, hiring stages and messages."""
