"""The catalogue a brand landing page lists: its live child entries as cards, one filter in the URL, pages.

创孵智询 lists experts (?field=<专业领域>), 双创云超 service products (?category=<服务类别>), 创孵驿站 stations
(?area=<区域>). Each listing runs a fixed number of queries however many entries there are: the filter
options with their counts, the page count, the page of entries, and one prefetch per many-valued card field.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.brands import Brand
from core.models import Area
from core.paging import paginate

from .models import ExpertiseField, ExpertPage, ServiceCategory, ServicePage, StationPage


@dataclass
class FilterOption:
    value: str
    label: str
    count: int


@dataclass
class Listing:
    spec: "Catalog"
    page_obj: object
    options: list[FilterOption]
    active: FilterOption | None
    total: int  # entries in the catalogue, unfiltered

    @property
    def items(self):
        return self.page_obj.object_list

    @property
    def match_count(self):
        return self.page_obj.paginator.count


@dataclass
class Catalog:
    model: type
    param: str  # the URL filter key
    filter_label: str  # what the filter chooses, e.g. 专业领域
    title: str  # the section heading on the landing page
    intro: str
    unit: str  # counts read "共 12 位专家"
    card_template: str
    empty_title: str
    empty_hint: str
    taxonomy: type
    per_page: int = 12
    select: tuple = ()
    prefetch: tuple = ()
    # The path from the entry to the taxonomy: a foreign key (`area`) or a many-to-many (`expertise`).
    taxonomy_field: str = ""

    def entries(self, brand_page):
        """Live, public entries below this landing page, in the order editors gave them in the page tree."""
        return self.model.objects.live().public().child_of(brand_page).order_by("path")

    def counts(self, entries):
        """{taxonomy id: live entries carrying it}, in one query."""
        relation = self.model._meta.get_field(self.taxonomy_field)
        if relation.many_to_many:
            through = relation.remote_field.through
            source = f"{self.model._meta.model_name}_id"
            target = f"{relation.remote_field.model._meta.model_name}_id"
            rows = (
                through.objects.filter(**{f"{source}__in": entries.order_by().values("pk")})
                .values(target)
                .annotate(n=Count("pk"))
                .values_list(target, "n")
            )
        else:
            column = relation.attname
            rows = entries.order_by().values(column).annotate(n=Count("pk")).values_list(column, "n")
        return dict(rows)

    def listing(self, brand_page, request):
        entries = self.entries(brand_page)
        counts = self.counts(entries)
        wanted = request.GET.get(self.param, "")
        terms = self.taxonomy.objects.filter(Q(pk__in=list(counts)) | Q(slug=wanted)).order_by(
            "sort_order", "name"
        )
        options, active = [], None
        for term in terms:
            # A known term with no entries still filters (and shows the empty state); unknown values are ignored.
            option = FilterOption(term.slug, term.name, counts.get(term.pk, 0))
            options.append(option)
            if term.slug == wanted:
                active = option
                matching = entries.filter(**{self.taxonomy_field: term.pk})
        shown = matching if active is not None else entries
        page_obj = paginate(
            shown.select_related(*self.select).prefetch_related(*self.prefetch),
            self.per_page,
            request.GET.get("page", 1),
        )
        total = entries.count() if active is not None else page_obj.paginator.count
        return Listing(self, page_obj, options, active, total)


CATALOGS = {
    Brand.ZHIXUN: Catalog(
        model=ExpertPage,
        param="field",
        filter_label=_("专业领域"),
        title=_("专家库"),
        intro=_("按专业领域查找专家。咨询由创孵智询服务专员统一预约，不公开专家个人联系方式。"),
        unit=_("位专家"),
        card_template="components/expert_card.html",
        empty_title=_("暂无该领域的专家"),
        empty_hint=_("换个专业领域试试，或联系服务专员为您匹配。"),
        taxonomy=ExpertiseField,
        taxonomy_field="expertise",
        select=("area", "photo"),
        prefetch=("expertise", "photo__renditions"),
    ),
    Brand.YUNCHAO: Catalog(
        model=ServicePage,
        param="category",
        filter_label=_("服务类别"),
        title=_("服务产品"),
        intro=_("第三方服务机构提供的创新创业服务，价格与服务内容以服务商说明为准。"),
        unit=_("项服务"),
        card_template="components/service_card.html",
        empty_title=_("暂无该类别的服务产品"),
        empty_hint=_("换个服务类别试试，新的服务上架后会显示在这里。"),
        taxonomy=ServiceCategory,
        taxonomy_field="category",
        select=("category",),
        prefetch=("areas",),
    ),
    Brand.YIZHAN: Catalog(
        model=StationPage,
        param="area",
        filter_label=_("区域"),
        title=_("驿站分布"),
        intro=_("就近到驿站办理政策咨询、载体推荐和企业服务受理。"),
        unit=_("个驿站"),
        card_template="components/station_card.html",
        empty_title=_("该区域暂未设立驿站"),
        empty_hint=_("看看相邻区域的驿站，或拨打服务热线咨询。"),
        taxonomy=Area,
        taxonomy_field="area",
        select=("area",),
    ),
}


def catalog_for(brand):
    return CATALOGS.get(brand)
