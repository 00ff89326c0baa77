"""Lists editors maintain (admin → 服务品牌) and the catalogue listings filter by."""

from django.utils.translation import gettext_lazy as _

from core.models import Taxonomy


class ExpertiseField(Taxonomy):
    """创孵智询: what an expert advises on (投融资, 知识产权, …); an expert may cover several."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("专业领域")
        verbose_name_plural = _("专业领域")


class ServiceCategory(Taxonomy):
    """双创云超: the kind of service a product is (知识产权, 财税服务, 检验检测, …)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("服务类别")
        verbose_name_plural = _("服务类别")
