"""CSV and XLSX exports of a target's registrations. Mobile and email only for holders of
`registrations.view_registration_contact`; every export is recorded in RegistrationExport."""

from django.utils import timezone

from core.exports import safe_cell, table_response
from core.models import EXPORT_FORMATS

from .models import RegistrationExport
from .owners import describe

CONTACT_PERMISSION = "registrations.view_registration_contact"


def can_see_contact(user):
    return user.has_perm(CONTACT_PERMISSION)


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_rows(target, registrations, include_contact):
    questions = [q["label"] for q in describe(target).questions]
    extra = []
    for registration in registrations:
        for label in registration.answers:
            if label not in questions and label not in extra:
                extra.append(label)
    labels = questions + extra
    header = ["票码", "状态", "姓名"]
    if include_contact:
        header += ["手机号", "邮箱"]
    header += ["单位", "职务", "人数", "报名时间", "签到时间", "工作人员代报", *labels]
    rows = [header]
    for r in registrations:
        row = [r.ticket_code, r.get_status_display(), r.name]
        if include_contact:
            row += [r.mobile, r.email]
        row += [r.organisation, r.job_title, r.party_size, _local(r.created_at), _local(r.attended_at)]
        row.append("是" if r.added_by_staff else "")
        for label in labels:
            answer = r.answers.get(label, "")
            row.append("、".join(map(str, answer)) if isinstance(answer, list) else answer)
        rows.append([safe_cell(v) for v in row])
    return rows


def export_response(target, registrations, user, file_format):
    if file_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    include_contact = can_see_contact(user)
    registrations = list(registrations)
    rows = export_rows(target, registrations, include_contact)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"registrations-{target.pk}-{stamp}.{file_format}"
    response = table_response(rows, file_format, filename, "报名名单")
    RegistrationExport.objects.create(
        target=target,
        user=user,
        file_format=file_format,
        row_count=len(registrations),
        included_contact=include_contact,
    )
    return response
