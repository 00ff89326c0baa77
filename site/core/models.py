"""Shared data every content app may use: the taxonomy base, Pudong's areas, and a place's coordinates."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

# Pudong New Area's extent (WGS-84); coordinates outside it are almost always typos or swapped lat/lng.
PUDONG_BOUNDS = {"south": 30.84, "north": 31.42, "west": 121.46, "east": 122.02}


def in_pudong(latitude, longitude):
    b = PUDONG_BOUNDS
    return b["south"] <= float(latitude) <= b["north"] and b["west"] <= float(longitude) <= b["east"]


class Taxonomy(models.Model):
    """An editor-maintained list that listings filter by: a name, a URL slug, an order."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    slug = models.SlugField(_("标识"), max_length=40, unique=True, allow_unicode=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Area(Taxonomy):
    """Pudong's development zones (管理局) and towns/streets (街镇): where a carrier, station or expert is."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("区域")
        verbose_name_plural = _("区域")


class PudongLocation(models.Model):
    """Optional WGS-84 coordinates of a place in Pudong (carriers, 创孵驿站): both or neither, inside the
    district's bounds."""

    latitude = models.DecimalField(
        _("纬度（WGS-84）"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("WGS-84 坐标（GPS、天地图）。高德/百度地图上取的点有偏移，请先转换。"),
    )
    longitude = models.DecimalField(
        _("经度（WGS-84）"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("经纬度须同时填写或同时留空。")})
        if self.latitude is not None and not in_pudong(self.latitude, self.longitude):
            raise ValidationError({"latitude": _("坐标不在浦东新区范围内，请检查是否填反了经纬度。")})


# The one list of file formats any export offers; anything else in a URL is a 404, never a guess.
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExportRecord(models.Model):
    """An audit row for every export of personal or internal data (PIPL: who took what, when).
    Registrations keep their own per-target record (registrations.RegistrationExport)."""

    what = models.CharField(_("内容"), max_length=120)
    file_format = models.CharField(_("格式"), max_length=8)
    row_count = models.PositiveIntegerField(_("行数"))
    included_internal = models.BooleanField(_("含内部或个人信息"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("导出人"),
    )
    created_at = models.DateTimeField(_("导出时间"), default=timezone.now)

    class Meta:
        default_permissions = ("view",)  # an audit trail is read, never edited
        verbose_name = _("数据导出记录")
        verbose_name_plural = _("数据导出记录")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.what} · {self.file_format} · {self.row_count}"
