"""What readers saw missing: the 联系我们 call to action without a button, a news summary printed twice."""

from wagtail.blocks import StructBlockValidationError

import pytest

from core.blocks import CallToActionBlock
from home.models import StandardPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory


def test_call_to_action_needs_a_link_for_its_button():
    block = CallToActionBlock()
    value = block.to_python({"title": "联系我们", "text": "有疑问？", "link_text": "查看联系方式"})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "link_page" in error.value.block_errors
    assert block.clean(
        block.to_python({"title": "联系我们", "link_url": "https://example.cn/", "link_text": "去看看"})
    )


def test_demo_about_page_has_its_contact_button(demo_site, client):
    about = StandardPage.objects.get(slug="about")
    contact = StandardPage.objects.get(slug="contact")
    [cta] = [block for block in about.body if block.block_type == "call_to_action"]
    assert cta.value["link_page"].specific == contact
    html = client.get(about.url).content.decode()
    assert f'<a class="button" href="{contact.url}">查看联系方式</a>' in html


@pytest.fixture
def news(home_page):
    return NewsIndexPageFactory(parent=home_page, slug="news")


def test_summary_repeating_the_first_paragraph_is_shown_once(client, news):
    lead = "经评审认定，张江科学城两家专业孵化器入选“高峰”孵化器培育名单。"
    page = NewsPageFactory(parent=news, summary=lead, body=[("paragraph", f"<p>{lead}</p><p>下一步……</p>")])
    html = client.get(page.url).content.decode()
    assert html.split("<main", 1)[1].count("两家专业孵化器入选") == 1
    assert 'class="article__summary"' not in html


def test_summary_that_says_something_else_is_shown(client, news):
    page = NewsPageFactory(
        parent=news,
        summary="两家孵化器入选培育名单。",
        body=[("paragraph", "<p>经评审认定，张江科学城……</p>")],
    )
    html = client.get(page.url).content.decode()
    assert '<p class="article__summary">两家孵化器入选培育名单。</p>' in html
