"""What carriers and companies are classified by: fixed choices, and the lists editors maintain."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from core.models import Taxonomy


class CarrierType(models.TextChoices):
    INCUBATOR = "incubator", _("孵化器")
    ACCELERATOR = "accelerator", _("加速器")
    MAKERSPACE = "makerspace", _("众创空间")
    GOI = "goi", _("大企业开放创新中心")
    POC = "poc", _("概念验证中心")
    PILOT = "pilot", _("中试平台")
    TRANSFER = "transfer", _("高校院所成果转移工作站")
    SPECIALISED = "specialised", _("专业孵化器")


class CompanyStage(models.TextChoices):
    ENTERING = "entering", _("入孵")
    INCUBATING = "incubating", _("在孵")
    GRADUATED = "graduated", _("毕业")
    ACCELERATING = "accelerating", _("加速")


class Honour(models.TextChoices):
    HIGHTECH = "hightech", _("高新技术企业")
    SPECIALISED = "specialised", _("专精特新")
    LITTLE_GIANT = "little_giant", _("小巨人")


HONOUR_FIELDS = {
    Honour.HIGHTECH: "is_hightech",
    Honour.SPECIALISED: "is_specialised",
    Honour.LITTLE_GIANT: "is_little_giant",
}


class CarrierLevel(Taxonomy):
    """高峰 / 高原 / 市级 / 国家级: a carrier may hold several."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("载体级别")
        verbose_name_plural = _("载体级别")


class Industry(Taxonomy):
    is_future = models.BooleanField(_("未来产业"), default=False)

    panels = [*Taxonomy.panels, FieldPanel("is_future")]

    class Meta(Taxonomy.Meta):
        verbose_name = _("产业领域")
        verbose_name_plural = _("产业领域")


class PlatformKind(models.TextChoices):
    TESTING = "testing", _("检验检测")
    RND = "rnd", _("研发设计")
    PILOT = "pilot", _("中试验证")
    COMPUTE = "compute", _("算力与数据")
    EQUIPMENT = "equipment", _("仪器设备共享")
    OTHER = "other", _("其他")


class LeftReason(models.TextChoices):
    GRADUATED = "graduated", _("毕业")
    MOVED = "moved", _("迁出")
