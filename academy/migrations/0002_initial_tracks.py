"""The seven tracks of issue 10 (浦府办〔2023〕27号 task 18: 成果转化, 资本投资 and other directions)."""

from django.db import migrations

TRACKS = [
    ("成果转化", "transfer", "科技成果从实验室走向市场：概念验证、中试、技术许可。"),
    ("资本投资", "investment", "早期投资、估值、投后管理与投孵联动。"),
    ("孵化运营", "operations", "载体运营、入孵评估、企业服务与绩效管理。"),
    ("知识产权", "ip", "专利布局、知识产权运营与保护。"),
    ("财税金融", "finance", "财税合规、政策性金融与科技信贷。"),
    ("国际化", "international", "跨境孵化、海外市场与国际合作。"),
    ("产业研究", "industry", "重点产业赛道研究与产业链服务。"),
]


def create(apps, schema_editor):
    Track = apps.get_model("academy", "Track")
    for order, (name, slug, description) in enumerate(TRACKS):
        Track.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order * 10, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("academy", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
