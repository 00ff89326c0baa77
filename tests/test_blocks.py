"""Every StreamField block has a template, a description and a preview that renders with the theme."""

from wagtail import blocks

import pytest

from core.blocks import BodyStreamBlock
from home.blocks import HomeStreamBlock
from home.models import SiteSettings

STREAMS = [BodyStreamBlock(), HomeStreamBlock()]
CHILD_BLOCKS = {name: block for stream in STREAMS for name, block in stream.child_blocks.items()}


@pytest.mark.parametrize("name", sorted(CHILD_BLOCKS))
def test_block_has_template_and_description(name):
    block = CHILD_BLOCKS[name]
    assert block.meta.template, name
    assert block.get_description(), name


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CHILD_BLOCKS))
def test_block_preview_renders_with_theme_css(admin_client, home_page, name):
    block = CHILD_BLOCKS[name]
    assert block.is_previewable, name
    response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
    assert response.status_code == 200, name
    html = response.content.decode()
    assert "theme/css/site.css" in html


def test_footer_links_are_struct_blocks():
    field = SiteSettings._meta.get_field("footer_links")
    assert isinstance(field.stream_block.child_blocks["link"], blocks.StructBlock)
