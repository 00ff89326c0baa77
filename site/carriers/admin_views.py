"""Admin screens for XLSX import and export of the carrier and company library."""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import EXPORT_FORMATS, ExportRecord

from .models import CarrierIndexPage, ImportJob
from .spreadsheet import ImportResult, export_workbook
from .tasks import import_library

PERMISSION = "carriers.change_company"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class ImportForm(forms.Form):
    index_page = forms.ModelChoiceField(
        queryset=CarrierIndexPage.objects.all(), label=_("导入到"), empty_label=None
    )
    file = forms.FileField(
        label=_("XLSX 文件"), help_text=_("工作表：载体、企业、入驻记录（可只含其中部分）。")
    )
    overwrite_drafts = forms.BooleanField(
        label=_("覆盖草稿"),
        required=False,
        help_text=_(
            "不勾选时，有编辑中草稿或未发布的载体不会被导入修改（结果中列出）。勾选后保存为新版本：已发布的载体直接发布，"
            "未发布的仍保持未发布。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件不能超过 10 MB。"))
        return upload


def _can_publish_in(index_page, user):
    """Importing creates and publishes carrier pages: it needs the same rights as doing it by hand."""
    return index_page.permissions_for_user(user).can_publish_subpage()


@permission_required(PERMISSION, raise_exception=True)
def import_view(request):
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid() and not _can_publish_in(form.cleaned_data["index_page"], request.user):
            form.add_error(
                "index_page", _("您没有在该栏目下发布载体页面的权限，无法导入。请联系站点管理员开通。")
            )
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            job = ImportJob.objects.create(
                index_page=form.cleaned_data["index_page"],
                file=upload,
                file_name=upload.name[:200],
                overwrite_drafts=form.cleaned_data["overwrite_drafts"],
                user=request.user,
            )
            transaction.on_commit(lambda: import_library.enqueue(job.pk))
            return redirect("carriers_import_job", job.pk)
    else:
        form = ImportForm()
    return _page(request, form)


def _page(request, form, job=None, result=None, status=200):
    return render(
        request,
        "carriers/admin/import.html",
        {
            "form": form,
            "job": job,
            "result": result,
            "index_pages": CarrierIndexPage.objects.all(),
            "jobs": ImportJob.objects.select_related("user")[:5],
            "page_title": "导入导出 XLSX",
            "header_title": "一图一库 · 导入导出 XLSX",
        },
        status=status,
    )


@permission_required(PERMISSION, raise_exception=True)
def import_job_view(request, job_id):
    """One import's progress (the page refreshes itself until the worker is done) and its result."""
    job = get_object_or_404(ImportJob, pk=job_id)
    result = ImportResult.from_dict(job.result) if job.is_finished else None
    status = 400 if result and result.errors else 200
    return _page(request, ImportForm(initial={"index_page": job.index_page_id}), job, result, status)


@permission_required(PERMISSION, raise_exception=True)
def export_view(request, index_page_id):
    """The staff workbook: it carries the internal company columns, so every download is audited."""
    index_page = get_object_or_404(CarrierIndexPage, pk=index_page_id)
    content, rows = export_workbook(index_page)
    ExportRecord.objects.create(
        what=f"一图一库 XLSX：{index_page.title}"[:120], file_format="xlsx", row_count=rows, user=request.user
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=EXPORT_FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="chuangfu-carriers-{stamp}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
