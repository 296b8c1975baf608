from huey.contrib.djhuey import db_task

from . import jobs


@db_task()
def validate_import(job_id: int):
    """Check a large sheet (queued by services.start after commit)."""
    jobs.validate(job_id=job_id)


@db_task()
def apply_import(job_id: int):
    """Write a checked sheet, all or nothing (queued by services.request_apply after commit)."""
    jobs.apply(job_id=job_id)
