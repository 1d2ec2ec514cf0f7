"""Running Grip in production: health endpoints, request and task logs, background tasks
(docs/deploy.md; ADRs 0080-0082). Imports no case app except through the tasks it runs."""
