"""What site search indexes of 一图一库: carrier pages and public companies, public fields only."""

from django.utils.http import urlencode

from search.registry import Searchable, SearchDocument, register

from .models import CarrierPage, Company


def carrier_document(page):
    return SearchDocument(
        title=page.title,
        url=page.url,
        summary=page.summary,
        body="\n".join(
            [page.operator, page.address, *page.service_list(), *(p.name for p in page.platforms.all())]
        ),
        date=page.first_published_at,
        category=page.get_carrier_type_display(),
        areas=[page.area.name] if page.area_id else [],
        industries=[i.name for i in page.industries.all()],
        keywords=[k for k in [page.short_name, *(lv.name for lv in page.levels.all())] if k],
    )


def company_document(company):
    """Only the public profile: staff_* fields (financing, contacts, notes) never reach the index."""
    current = next((r for r in company.residencies.all() if r.left_on is None and r.carrier.live), None)
    url = f"{current.carrier.url}#companies" if current else ""
    if not url:
        from .models import CarrierIndexPage

        index = CarrierIndexPage.objects.live().public().first()
        url = f"{index.url}companies/?{urlencode({'q': company.name})}" if index else ""
    return SearchDocument(
        title=company.name,
        url=url,
        summary=company.profile,
        category="企业库",
        areas=[current.carrier.area.name] if current else [],
        industries=[company.industry.name],
        keywords=[*company.honours(), company.get_stage_display()],
    )


register(
    Searchable(
        key="carrier",
        label="孵化载体",
        model=CarrierPage,
        queryset=lambda: (
            CarrierPage.objects.live()
            .public()
            .select_related("area")
            .prefetch_related("industries", "levels", "platforms")
        ),
        to_document=carrier_document,
    )
)
register(
    Searchable(
        key="company",
        label="企业",
        model=Company,
        queryset=lambda: (
            Company.objects.public().select_related("industry").prefetch_related("residencies__carrier__area")
        ),
        to_document=company_document,
        is_public=lambda company: company.is_public,
    )
)
