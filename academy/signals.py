"""Keep each session's registration target in step with its course (the approval switch lives on the course
page, and the engine reads it from the target), and give 学堂管理员 their page permissions on the
academy's index pages when one is published."""

from wagtail.signals import page_published


def sync_session_targets(sender, instance, **kwargs):
    for session in instance.sessions.select_related("course").prefetch_related("meetings"):
        session.course = instance
        session.sync_registration_target()


def grant_academy_admins(sender, instance, **kwargs):
    from .permissions import grant_index_page

    grant_index_page(instance)


def connect():
    from .models import CourseIndexPage, CoursePage, MentorIndexPage

    page_published.connect(
        sync_session_targets, sender=CoursePage, dispatch_uid="academy_sync_session_targets"
    )
    for model in (CourseIndexPage, MentorIndexPage):
        page_published.connect(
            grant_academy_admins, sender=model, dispatch_uid=f"academy_grant_{model.__name__}"
        )
