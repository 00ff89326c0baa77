"""CSV and XLSX exports of a target's registrations. Mobile and email only for holders of
`registrations.view_registration_contact`; every export is recorded in RegistrationExport."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.models import EXPORT_FORMATS

from .models import RegistrationExport
from .owners import describe

CONTACT_PERMISSION = "registrations.view_registration_contact"


def can_see_contact(user):
    return user.has_perm(CONTACT_PERMISSION)


def _safe(value):
    """Spreadsheet apps run cells starting with = + - @ as formulas; prefix them with a quote. XLSX cannot
    hold control characters, which a person may have typed into the form: they are dropped."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


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
        rows.append([_safe(v) for v in row])
    return rows


def export_response(target, registrations, user, file_format):
    if file_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    include_contact = can_see_contact(user)
    registrations = list(registrations)
    rows = export_rows(target, registrations, include_contact)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"registrations-{target.pk}-{stamp}.{file_format}"
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
        csv.writer(buffer).writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type=EXPORT_FORMATS["csv"])
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "报名名单"
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=EXPORT_FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    RegistrationExport.objects.create(
        target=target,
        user=user,
        file_format=file_format,
        row_count=len(registrations),
        included_contact=include_contact,
    )
    return response
