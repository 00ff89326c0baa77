"""The starting lists editors then maintain: 专业领域 for experts, 服务类别 for service products."""

from django.db import migrations

EXPERTISE = [
    ("投融资", "finance"),
    ("知识产权", "ip"),
    ("财税", "tax"),
    ("法律", "legal"),
    ("技术转移", "tech-transfer"),
    ("市场拓展", "market"),
    ("政策申报", "policy"),
    ("战略管理", "strategy"),
    ("研发管理", "rnd"),
]
CATEGORIES = [
    ("知识产权", "ip"),
    ("财税服务", "tax"),
    ("法律服务", "legal"),
    ("检验检测", "testing"),
    ("人力资源", "hr"),
    ("投融资", "finance"),
    ("技术开发", "rnd"),
    ("市场推广", "marketing"),
    ("管理咨询", "consulting"),
]


def create(apps, schema_editor):
    ExpertiseField = apps.get_model("brand", "ExpertiseField")
    ServiceCategory = apps.get_model("brand", "ServiceCategory")
    for order, (name, slug) in enumerate(EXPERTISE):
        ExpertiseField.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order * 10})
    for order, (name, slug) in enumerate(CATEGORIES):
        ServiceCategory.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("brand", "0002_catalog_pages")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
