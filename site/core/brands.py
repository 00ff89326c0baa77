"""The five services of the 创孵 brand (seed policy, task 21): a site-wide taxonomy every app may tag with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Brand(models.TextChoices):
    ZHIXUN = "zhixun", _("创孵智询")
    XUETANG = "xuetang", _("创孵学堂")
    SHALONG = "shalong", _("创孵沙龙")
    YIZHAN = "yizhan", _("创孵驿站")
    YUNCHAO = "yunchao", _("双创云超")
