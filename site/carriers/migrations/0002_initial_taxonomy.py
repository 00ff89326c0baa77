"""The starting lists editors then maintain: levels, Pudong's areas (管理局 and 街镇), industries."""

from django.db import migrations

LEVELS = [("高峰", "gaofeng"), ("高原", "gaoyuan"), ("市级", "shiji"), ("国家级", "guojiaji")]
AREAS = [
    ("张江", "zhangjiang"),
    ("金桥", "jinqiao"),
    ("外高桥", "waigaoqiao"),
    ("陆家嘴", "lujiazui"),
    ("世博", "shibo"),
    ("临港", "lingang"),
    ("川沙", "chuansha"),
    ("周浦", "zhoupu"),
    ("惠南", "huinan"),
    ("高桥", "gaoqiao"),
    ("花木", "huamu"),
    ("康桥", "kangqiao"),
    ("唐镇", "tangzhen"),
    ("曹路", "caolu"),
    ("祝桥", "zhuqiao"),
    ("航头", "hangtou"),
]
INDUSTRIES = [
    ("集成电路", "ic", False),
    ("生物医药", "biomed", False),
    ("人工智能", "ai", False),
    ("脑科学", "brain", True),
    ("合成生物", "synbio", True),
    ("数字孪生", "digital-twin", True),
    ("量子科技", "quantum", True),
    ("纳米材料", "nano", True),
    ("空天技术", "aerospace", True),
]


def create(apps, schema_editor):
    CarrierLevel = apps.get_model("carriers", "CarrierLevel")
    Area = apps.get_model("carriers", "Area")
    Industry = apps.get_model("carriers", "Industry")
    for order, (name, slug) in enumerate(LEVELS):
        CarrierLevel.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order * 10})
    for order, (name, slug) in enumerate(AREAS):
        Area.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order * 10})
    for order, (name, slug, future) in enumerate(INDUSTRIES):
        Industry.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order * 10, "is_future": future}
        )


class Migration(migrations.Migration):
    dependencies = [("carriers", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
