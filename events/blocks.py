"""StreamField blocks of the event page: speakers, agenda and the editor's custom registration questions."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("姓名"), max_length=40)
    affiliation = blocks.CharBlock(required=False, label=_("单位与职务"), max_length=100)
    bio = blocks.TextBlock(required=False, label=_("简介"))
    photo = ImageChooserBlock(required=False, label=_("照片"))

    class Meta:
        template = "events/blocks/speaker.html"
        icon = "user"
        label = _("嘉宾")
        description = _("一位演讲嘉宾或主持人：姓名、单位职务、简介和照片。")
        preview_value = {
            "name": "王明",
            "affiliation": "张江某生物医药孵化器 总经理",
            "bio": "从事早期项目孵化十余年。",
        }


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.CharBlock(label=_("时间"), max_length=20, help_text=_("例如 14:00—14:30"))
    title = blocks.CharBlock(label=_("环节"), max_length=100)
    speaker = blocks.CharBlock(required=False, label=_("嘉宾"), max_length=60)

    class Meta:
        template = "events/blocks/agenda_item.html"
        icon = "time"
        label = _("议程")
        description = _("议程中的一个环节：时间、内容和嘉宾。")
        preview_value = {"time": "14:00—14:30", "title": "主题分享：早期项目如何对接投资", "speaker": "王明"}


class BaseQuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("问题"), max_length=100)
    help_text = blocks.CharBlock(required=False, label=_("说明"), max_length=150)
    required = blocks.BooleanBlock(required=False, default=False, label=_("必答"))

    kind = ""

    def to_question(self, value, key):
        return {
            "key": key,
            "kind": self.kind,
            "label": value["label"],
            "help_text": value.get("help_text") or "",
            "required": bool(value.get("required")),
            "choices": [c.strip() for c in (value.get("choices") or "").splitlines() if c.strip()],
        }


class TextQuestionBlock(BaseQuestionBlock):
    kind = "text"

    class Meta:
        template = "events/blocks/question.html"
        icon = "pilcrow"
        label = _("文本题")
        description = _("报名者填写一段文字，例如“希望交流的问题”。")
        preview_value = {"label": "希望在活动中交流的问题", "required": False}


class ChoiceQuestionBlock(BaseQuestionBlock):
    choices = blocks.TextBlock(label=_("选项"), help_text=_("每行一个选项。"))

    kind = "choice"

    class Meta:
        template = "events/blocks/question.html"
        icon = "radio-full"
        label = _("单选题")
        description = _("从几个选项中选一个，例如企业所处阶段。")
        preview_value = {"label": "企业所处阶段", "choices": "种子期\n初创期\n成长期", "required": True}


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    kind = "multiple"

    class Meta:
        template = "events/blocks/question.html"
        icon = "tick-inverse"
        label = _("多选题")
        description = _("可选多个选项，例如关注的领域。")
        preview_value = {"label": "关注的领域", "choices": "集成电路\n生物医药\n人工智能", "required": False}


class NumberQuestionBlock(BaseQuestionBlock):
    min_value = blocks.IntegerBlock(required=False, label=_("最小值"))
    max_value = blocks.IntegerBlock(required=False, label=_("最大值"))

    kind = "number"

    def to_question(self, value, key):
        question = super().to_question(value, key)
        question["min_value"] = value.get("min_value")
        question["max_value"] = value.get("max_value")
        return question

    class Meta:
        template = "events/blocks/question.html"
        icon = "order"
        label = _("数字题")
        description = _("填写一个整数，例如团队人数。")
        preview_value = {"label": "团队人数", "min_value": 1, "max_value": 500, "required": False}


class QuestionStreamBlock(blocks.StreamBlock):
    text = TextQuestionBlock()
    choice = ChoiceQuestionBlock()
    multiple = MultipleChoiceQuestionBlock()
    number = NumberQuestionBlock()

    class Meta:
        label = _("报名附加问题")


class SpeakerStreamBlock(blocks.StreamBlock):
    speaker = SpeakerBlock()


class AgendaStreamBlock(blocks.StreamBlock):
    item = AgendaItemBlock()
