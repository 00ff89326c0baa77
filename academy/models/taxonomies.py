"""The academy's tracks (方向), a list editors maintain (seeded by migration with the seven of issue 10)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from core.models import Taxonomy


class Track(Taxonomy):
    """成果转化, 资本投资, 孵化运营, …: what a course trains for and what a mentor guides in."""

    description = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [*Taxonomy.panels, FieldPanel("description")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("学堂方向")
        verbose_name_plural = _("学堂方向")
