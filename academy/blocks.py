"""The syllabus of a course: modules with their hours."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class ModuleBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("模块"), max_length=80)
    hours = blocks.DecimalBlock(label=_("学时"), min_value=0, max_digits=5, decimal_places=1)
    description = blocks.TextBlock(label=_("内容"), required=False)

    class Meta:
        template = "academy/blocks/module.html"
        icon = "list-ol"
        label = _("课程模块")
        description = _("大纲中的一个模块及其学时。")
        preview_value = {"title": "概念验证与中试", "hours": "3", "description": "从实验室成果到可验证样机。"}


class SyllabusBlock(blocks.StreamBlock):
    module = ModuleBlock()

    class Meta:
        label = _("课程大纲")
