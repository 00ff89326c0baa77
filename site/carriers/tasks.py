"""Background work of the carriers app (django-tasks): XLSX imports, so a web worker never waits on one."""

from django_tasks import task

from .models import ImportJob
from .spreadsheet import run_import_job


@task()
def import_library(job_id):
    job = ImportJob.objects.select_related("index_page", "user").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None
    return run_import_job(job).status
