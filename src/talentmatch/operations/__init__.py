"""Running the service: metrics, structured logs with request ids, health probes, backups."""
