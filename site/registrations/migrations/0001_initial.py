"""The registration engine leaves the events app: its three models become this app's, on the same tables
(events_registrationtarget, events_registration, events_registrationexport), so every row, status, ticket
code and export audit entry stays exactly where it is. Only Django's state moves, plus the content types,
so permissions already given to groups (e.g. view_registration_contact) keep working."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import registrations.models

MODELS = ["registrationtarget", "registration", "registrationexport"]


def move_content_types(apps, schema_editor, old="events", new="registrations"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="registrations", new="events")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("events", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RegistrationTarget",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                default="event",
                                help_text="例如 event、course_session",
                                max_length=40,
                                verbose_name="类型",
                            ),
                        ),
                        ("title", models.CharField(blank=True, max_length=255, verbose_name="名称")),
                        (
                            "capacity",
                            models.PositiveIntegerField(
                                default=0, help_text="0 表示不限名额。", verbose_name="名额（人）"
                            ),
                        ),
                        ("opens_at", models.DateTimeField(blank=True, null=True, verbose_name="报名开始")),
                        ("closes_at", models.DateTimeField(blank=True, null=True, verbose_name="报名截止")),
                        ("requires_approval", models.BooleanField(default=False, verbose_name="需要审核")),
                        (
                            "waitlist_enabled",
                            models.BooleanField(default=True, verbose_name="满员后允许候补"),
                        ),
                        (
                            "max_party_size",
                            models.PositiveSmallIntegerField(default=1, verbose_name="每份报名最多人数"),
                        ),
                        (
                            "offer_hours",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="留空则使用系统默认值。",
                                null=True,
                                verbose_name="候补确认时限（小时）",
                            ),
                        ),
                        ("starts_at", models.DateTimeField(blank=True, null=True, verbose_name="开始时间")),
                        ("ends_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "db_table": "events_registrationtarget",
                        "verbose_name": "报名对象",
                        "verbose_name_plural": "报名对象",
                    },
                ),
                migrations.CreateModel(
                    name="Registration",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "待审核"),
                                    ("confirmed", "已确认"),
                                    ("waitlisted", "候补中"),
                                    ("offered", "候补递补待确认"),
                                    ("cancelled", "已取消"),
                                    ("rejected", "未通过审核"),
                                    ("attended", "已签到"),
                                    ("no_show", "未到场"),
                                ],
                                default="confirmed",
                                max_length=20,
                                verbose_name="状态",
                            ),
                        ),
                        (
                            "ticket_code",
                            models.CharField(
                                default=registrations.models.new_ticket_code,
                                max_length=16,
                                unique=True,
                                verbose_name="票码",
                            ),
                        ),
                        ("submission_key", models.CharField(blank=True, editable=False, max_length=64)),
                        ("name", models.CharField(max_length=50, verbose_name="姓名")),
                        ("mobile", models.CharField(max_length=11, verbose_name="手机号")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="邮箱")),
                        ("organisation", models.CharField(blank=True, max_length=100, verbose_name="单位")),
                        ("job_title", models.CharField(blank=True, max_length=50, verbose_name="职务")),
                        (
                            "party_size",
                            models.PositiveSmallIntegerField(
                                default=1, help_text="本人加随行人员。", verbose_name="人数"
                            ),
                        ),
                        ("answers", models.JSONField(blank=True, default=dict, verbose_name="附加问题回答")),
                        (
                            "staff_note",
                            models.CharField(blank=True, max_length=200, verbose_name="工作人员备注"),
                        ),
                        ("added_by_staff", models.BooleanField(default=False, verbose_name="工作人员代报")),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="报名时间"),
                        ),
                        (
                            "status_changed_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="状态变更时间"
                            ),
                        ),
                        (
                            "offer_expires_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="递补确认截止"),
                        ),
                        ("attended_at", models.DateTimeField(blank=True, null=True, verbose_name="签到时间")),
                        ("reminder_sent_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        (
                            "cancel_reason",
                            models.CharField(blank=True, max_length=40, verbose_name="取消原因"),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="registrations",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="账号",
                            ),
                        ),
                        (
                            "target",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="registrations",
                                to="registrations.registrationtarget",
                                verbose_name="报名对象",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "events_registration",
                        "verbose_name": "报名",
                        "verbose_name_plural": "报名",
                        "ordering": ["pk"],
                        "permissions": [("view_registration_contact", "可查看并导出报名者手机号与邮箱")],
                        "indexes": [
                            models.Index(fields=["target", "status"], name="events_regi_target__690e22_idx")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(
                                    (
                                        "status__in",
                                        [
                                            "pending",
                                            "confirmed",
                                            "offered",
                                            "attended",
                                            "no_show",
                                            "waitlisted",
                                        ],
                                    )
                                ),
                                fields=("target", "mobile"),
                                name="events_reg_one_active_per_mobile",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(
                                    (
                                        "status__in",
                                        [
                                            "pending",
                                            "confirmed",
                                            "offered",
                                            "attended",
                                            "no_show",
                                            "waitlisted",
                                        ],
                                    ),
                                    models.Q(("email", ""), _negated=True),
                                ),
                                fields=("target", "email"),
                                name="events_reg_one_active_per_email",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(
                                    (
                                        "status__in",
                                        [
                                            "pending",
                                            "confirmed",
                                            "offered",
                                            "attended",
                                            "no_show",
                                            "waitlisted",
                                        ],
                                    ),
                                    ("user__isnull", False),
                                ),
                                fields=("target", "user"),
                                name="events_reg_one_active_per_user",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("submission_key", ""), _negated=True),
                                fields=("target", "submission_key"),
                                name="events_reg_one_per_submission",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("party_size__gte", 1)),
                                name="events_reg_party_size_positive",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="RegistrationExport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="导出时间"),
                        ),
                        ("file_format", models.CharField(max_length=8, verbose_name="格式")),
                        ("row_count", models.PositiveIntegerField(verbose_name="行数")),
                        (
                            "included_contact",
                            models.BooleanField(default=False, verbose_name="含手机号与邮箱"),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="导出人",
                            ),
                        ),
                        (
                            "target",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="exports",
                                to="registrations.registrationtarget",
                                verbose_name="报名对象",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "events_registrationexport",
                        "verbose_name": "报名导出记录",
                        "verbose_name_plural": "报名导出记录",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
