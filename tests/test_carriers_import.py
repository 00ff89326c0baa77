"""XLSX import/export: row/column errors in Chinese, all-or-nothing, idempotent re-import, round-trip."""

import io
import re
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import CharField

from wagtail.models import Revision

import pytest
from openpyxl import Workbook, load_workbook

from carriers.models import CarrierPage, Company, ImportJob, Residency, TechnologyPlatform
from carriers.spreadsheet import (
    MAX_UNPACKED_BYTES,
    SHEETS,
    CellError,
    Lookups,
    export_workbook,
    import_workbook,
)
from core.models import ExportRecord
from tests.factories import CarrierIndexPageFactory, UserFactory

pytestmark = pytest.mark.django_db

CARRIER = {
    "载体标识": "zj-chip",
    "名称": "张江芯片孵化器",
    "简称": "芯片孵化器",
    "类型": "孵化器",
    "级别": "高峰、市级",
    "区域": "张江",
    "产业领域": "集成电路、人工智能",
    "简介": "专注集成电路设计企业孵化。",
    "孵化面积（平方米）": 12000,
    "成立年份": 2016,
    "运营主体": "上海张江孵化器有限公司",
    "服务内容": "投融资对接\n政策申报辅导",
    "技术平台": "EDA设计平台|研发设计|开放\n洁净实验室|中试验证|不开放",
    "联系人": "王老师",
    "联系电话": "021-5000 1234",
    "联系邮箱": "zj@example.cn",
    "地址": "上海市浦东新区张江路1号",
    "纬度": 31.204,
    "经度": 121.601,
    "首页推荐": "是",
}
COMPANY = {
    "统一社会信用代码": "91310115MA1T000001",
    "企业名称": "上海芯原科技有限公司",
    "产业领域": "集成电路",
    "阶段": "在孵",
    "高新技术企业": "是",
    "专精特新": "否",
    "小巨人": "否",
    "成立年份": 2019,
    "企业简介": "芯片设计。",
    "公开展示": "是",
    "融资情况（内部）": "A轮",
}
RESIDENCIES = [
    {
        "统一社会信用代码": "91310115MA1T000001",
        "载体标识": "zj-chip",
        "入驻日期": "2020-03-01",
        "毕业/迁出日期": "2022-06-30",
        "离开原因": "迁出",
    },
    {"统一社会信用代码": "91310115MA1T000001", "载体标识": "jq-ai", "入驻日期": "2022-07-01"},
]


# The header rows of the files staff already have: these must keep importing.
HEADERS = [
    [
        "载体标识",
        "名称",
        "简称",
        "类型",
        "级别",
        "区域",
        "产业领域",
        "简介",
        "孵化面积（平方米）",
        "成立年份",
        "运营主体",
        "服务内容",
        "技术平台",
        "联系人",
        "联系电话",
        "联系邮箱",
        "地址",
        "纬度",
        "经度",
        "首页推荐",
        "在孵企业数（上报）",
        "毕业企业数（上报）",
        "高新技术企业数（上报）",
    ],
    [
        "统一社会信用代码",
        "企业名称",
        "产业领域",
        "阶段",
        "高新技术企业",
        "专精特新",
        "小巨人",
        "成立年份",
        "企业简介",
        "网站",
        "公开展示",
        "融资情况（内部）",
        "企业联系人（内部）",
        "联系电话（内部）",
        "备注（内部）",
    ],
    ["统一社会信用代码", "载体标识", "入驻日期", "毕业/迁出日期", "离开原因"],
]


def workbook(carriers=(), companies=(), residencies=()):
    book = Workbook()
    book.remove(book.active)
    for table, rows in zip(SHEETS, (carriers, companies, residencies), strict=True):
        sheet = book.create_sheet(table.name)
        headers = table.headers
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def full_file():
    second = {
        **CARRIER,
        "载体标识": "jq-ai",
        "名称": "金桥智能加速器",
        "类型": "加速器",
        "区域": "金桥",
        "级别": "高原",
        "纬度": 31.26,
        "经度": 121.615,
        "技术平台": "",
        "首页推荐": "否",
    }
    return workbook([CARRIER, second], [COMPANY], RESIDENCIES)


@pytest.fixture
def index(home_page):
    return CarrierIndexPageFactory(parent=home_page, slug="carriers")


def test_import_creates_carriers_companies_and_history(index):
    result = import_workbook(full_file(), index)
    assert result.ok, [str(e) for e in result.errors]
    assert result.stats["carriers"]["created"] == 2
    chip = CarrierPage.objects.get(slug="zj-chip")
    assert chip.live and chip.get_parent().pk == index.pk
    assert chip.carrier_type == "incubator" and chip.area.name == "张江"
    assert sorted(chip.levels.values_list("name", flat=True)) == ["市级", "高峰"]
    assert [(p.name, p.kind, p.is_open) for p in chip.platforms.all()] == [
        ("EDA设计平台", "rnd", True),
        ("洁净实验室", "pilot", False),
    ]
    assert chip.has_open_platform and chip.featured
    company = Company.objects.get(credit_code="91310115MA1T000001")
    assert company.is_hightech and company.staff_financing == "A轮"
    stays = list(Residency.objects.filter(company=company).order_by("entered_on"))
    assert [(s.carrier.slug, s.left_reason) for s in stays] == [("zj-chip", "moved"), ("jq-ai", "")]


def test_errors_are_reported_per_row_and_column_in_chinese_and_nothing_is_imported(index):
    bad_carrier = {
        **CARRIER,
        "载体标识": "bad",
        "类型": "孵化中心",
        "区域": "火星",
        "纬度": 121.6,
        "经度": 31.2,
    }
    bad_company = {**COMPANY, "统一社会信用代码": "123", "阶段": ""}
    result = import_workbook(workbook([CARRIER, bad_carrier], [bad_company], []), index)
    assert not result.ok
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("「载体」表第 3 行「类型」列：“孵化中心”不是有效的载体类型") for m in messages), (
        messages
    )
    assert any("「载体」表第 3 行「区域」列：“火星”不在区域列表中" in m for m in messages), messages
    assert any("「企业」表第 2 行「统一社会信用代码」列" in m for m in messages), messages
    assert any("「企业」表第 2 行「阶段」列：必填，不能为空" in m for m in messages), messages
    # The valid first row was not imported either: all or nothing.
    assert not CarrierPage.objects.exists() and not Company.objects.exists()


def test_cross_sheet_errors(index):
    swapped = {**CARRIER, "纬度": 121.601, "经度": 31.204}
    orphan = {"统一社会信用代码": "91310115MA1T000009", "载体标识": "nowhere", "入驻日期": "2020-01-01"}
    result = import_workbook(workbook([swapped, CARRIER], [], [orphan]), index)
    messages = [str(e) for e in result.errors]
    assert any("不在浦东新区范围内" in m for m in messages)
    assert any("「载体」表第 3 行「载体标识」列：与第 2 行重复" in m for m in messages)
    assert any("找不到载体“nowhere”" in m for m in messages)
    assert any("企业不在“企业”表或企业库中" in m for m in messages)


def test_failure_midway_rolls_back_everything(index, monkeypatch):
    from carriers import spreadsheet

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(spreadsheet.Residency.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        import_workbook(full_file(), index)
    assert not CarrierPage.objects.exists() and not Company.objects.exists()


def test_reimporting_the_same_file_changes_nothing(index):
    assert import_workbook(full_file(), index).ok
    revisions = Revision.objects.count()
    result = import_workbook(full_file(), index)
    assert result.ok and not result.changed
    assert result.stats["carriers"] == {"created": 0, "updated": 0, "unchanged": 2}
    assert result.stats["companies"] == {"created": 0, "updated": 0, "unchanged": 1}
    assert Revision.objects.count() == revisions


def test_export_then_import_round_trips(index):
    assert import_workbook(full_file(), index).ok
    exported, _rows = export_workbook(index)
    book = load_workbook(io.BytesIO(exported))
    assert book.sheetnames == ["载体", "企业", "入驻记录"]
    assert [[c.value for c in book[name][1]] for name in book.sheetnames] == HEADERS
    result = import_workbook(io.BytesIO(exported), index)
    assert result.ok, [str(e) for e in result.errors]
    assert not result.changed
    # A changed cell in the export is picked up as an update of that one carrier.
    book["载体"]["C2"] = "新简称"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    result = import_workbook(buffer, index)
    assert result.stats["carriers"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert CarrierPage.objects.get(slug=book["载体"]["A2"].value).short_name == "新简称"


def test_admin_import_view_reports_errors_and_imports(client, index, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/carriers/import/").status_code == 200
    bad = SimpleUploadedFile("载体.xlsx", workbook([{**CARRIER, "类型": "孵化中心"}]).getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/carriers/import/", {"index_page": index.pk, "file": bad})
    # The upload becomes a job for the task worker (immediate in tests); its page shows the result.
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/carriers/import/{job.pk}/"
    response = client.get(response["Location"])
    assert response.status_code == 400
    html = response.content.decode()
    assert "未导入任何数据" in html and "孵化中心" in html and "第 2 行" in html
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.result["errors"]
    assert not job.file  # the upload (internal contact data) is deleted once the job ran
    good = SimpleUploadedFile("载体.xlsx", full_file().getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/carriers/import/", {"index_page": index.pk, "file": good})
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "载体：新建 2" in response.content.decode()
    export = client.get(f"/admin/carriers/export/{index.pk}/")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in export["Cache-Control"]
    assert load_workbook(io.BytesIO(export.content))["企业"]["B2"].value == "上海芯原科技有限公司"
    # The workbook carries internal company columns: every download leaves an audit row.
    [record] = ExportRecord.objects.all()
    assert record.file_format == "xlsx" and record.user.is_superuser and record.row_count > 0
    assert client.get("/admin/carriers/export/999999/").status_code == 404
    assert ExportRecord.objects.count() == 1


def test_not_an_xlsx_file(index):
    result = import_workbook(io.BytesIO(b"not a spreadsheet"), index)
    assert "无法读取文件" in str(result.errors[0])


def _over_long(model, attr, make=lambda n: "字" * n):
    """A value 30 characters over the model field's limit, and the row error it must give."""
    limit = model._meta.get_field(attr).max_length
    value = make(limit + 30)
    return value, f"最多 {limit} 个字符（现有 {len(value)} 个）"


def long_email(n):
    """A valid address of at least n characters (domain labels stay under 64)."""
    return "a@" + ".".join(["b" * 59] * (n // 60 + 1)) + ".cn"


@pytest.mark.parametrize(
    ("sheet", "header", "model", "attr", "make"),
    [
        ("载体", "地址", CarrierPage, "address", lambda n: "路" * n),
        ("载体", "联系邮箱", CarrierPage, "contact_email", long_email),
        ("载体", "载体标识", CarrierPage, "slug", lambda n: "z" * n),
        ("企业", "企业联系人（内部）", Company, "staff_contact_name", lambda n: "联" * n),
        ("企业", "联系电话（内部）", Company, "staff_contact_phone", lambda n: "1" * n),
        ("企业", "网站", Company, "website", lambda n: "https://example.cn/" + "p" * (n - 19)),
    ],
)
def test_over_long_text_is_a_row_error_and_nothing_is_written(index, sheet, header, model, attr, make):
    value, message = _over_long(model, attr, make)
    carrier, company = dict(CARRIER), dict(COMPANY)
    (carrier if sheet == "载体" else company)[header] = value
    result = import_workbook(workbook([carrier], [company]), index)
    assert [str(e) for e in result.errors] == [f"「{sheet}」表第 2 行「{header}」列：{message}"]
    assert not CarrierPage.objects.exists() and not Company.objects.exists()


def _model_field(model, path):
    for name in path.split("__"):
        found = model._meta.get_field(name)
        model = found.related_model
    return found


def test_every_column_is_a_model_field_and_takes_its_length_limit_from_it():
    assert [s.name for s in SHEETS] == ["载体", "企业", "入驻记录"]
    assert [s.headers for s in SHEETS] == HEADERS
    checked = 0
    for sheet in SHEETS:
        for column in sheet.columns:
            field = _model_field(sheet.model, column.path or column.attr)  # FieldDoesNotExist otherwise
            assert column.field is field
            assert column.max_length == getattr(field, "max_length", None)
            if isinstance(field, CharField) and not field.choices:
                # Over the model's limit is a cell error, never a value handed to the database.
                with pytest.raises(CellError):
                    column.parse("a" * (field.max_length + 1), Lookups())
                checked += 1
    assert checked >= 15  # the plain, slug, e-mail, URL and credit-code text columns


def test_text_field_and_platform_name_limits_are_checked(index):
    """TextFields with a max_length (简介, 企业简介) are checked like the admin form does, and a platform
    name over its model's limit is an error rather than silently cut."""
    value, message = _over_long(CarrierPage, "summary")
    limit = TechnologyPlatform._meta.get_field("name").max_length
    platform = "平" * (limit + 1)
    result = import_workbook(
        workbook([{**CARRIER, "简介": value, "技术平台": f"{platform}|研发设计|开放"}]), index
    )
    assert [str(e) for e in result.errors] == [
        f"「载体」表第 2 行「简介」列：{message}",
        f"「载体」表第 2 行「技术平台」列：技术平台“{platform}”的名称最多 {limit} 个字符（现有 {limit + 1} 个）",
    ]
    assert not CarrierPage.objects.exists()


def test_reimport_never_changes_live_state_or_overtakes_a_draft(index):
    """Re-importing an unchanged export leaves an unpublished carrier unpublished and an editor's pending
    draft the latest revision; changed rows of such pages are reported, not applied, unless chosen."""
    assert import_workbook(full_file(), index).ok
    hidden, drafted = CarrierPage.objects.child_of(index).order_by("path")[:2]
    hidden.unpublish()
    drafted.short_name = "编辑草稿中的简称"
    draft = drafted.save_revision()
    exported, _rows = export_workbook(index)

    unchanged = import_workbook(io.BytesIO(exported), index)
    assert unchanged.ok and not unchanged.changed and unchanged.skipped == []
    hidden.refresh_from_db()
    drafted.refresh_from_db()
    assert not hidden.live
    assert drafted.latest_revision_id == draft.pk and drafted.has_unpublished_changes

    book = load_workbook(io.BytesIO(exported))
    for row in book["载体"].iter_rows(min_row=2):
        row[2].value = "文件里改过的简称"  # 简称
    changed = io.BytesIO()
    book.save(changed)
    result = import_workbook(io.BytesIO(changed.getvalue()), index)
    assert result.ok
    assert {title for title, _ in result.skipped} == {hidden.title, drafted.title}
    hidden.refresh_from_db()
    drafted.refresh_from_db()
    assert not hidden.live and drafted.latest_revision_id == draft.pk

    forced = import_workbook(io.BytesIO(changed.getvalue()), index, overwrite_drafts=True)
    assert forced.ok and forced.skipped == []
    hidden.refresh_from_db()
    drafted.refresh_from_db()
    assert not hidden.live  # a new draft revision, still unpublished
    assert hidden.get_latest_revision_as_object().short_name == "文件里改过的简称"
    assert drafted.live and drafted.short_name == "文件里改过的简称"


def test_importer_without_publish_rights_gets_a_clear_message(client, index):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="只能改企业库")
    group.permissions.add(
        Permission.objects.get(codename="change_company"), Permission.objects.get(codename="access_admin")
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    upload = SimpleUploadedFile("载体.xlsx", full_file().getvalue())
    response = client.post("/admin/carriers/import/", {"index_page": index.pk, "file": upload})
    assert response.status_code == 200
    assert "没有在该栏目下发布载体页面的权限" in response.content.decode()
    assert not CarrierPage.objects.exists()


def _patched(book_bytes, part, old, new):
    """The workbook with one XML part edited, as a hand-made hostile file would be."""
    source = zipfile.ZipFile(io.BytesIO(book_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data = re.sub(old, new, data)
            target.writestr(item, data)
    return out.getvalue()


def test_a_sheet_claiming_the_whole_grid_is_refused_quickly(index):
    claimed = _patched(
        workbook([CARRIER]).getvalue(),
        "xl/worksheets/sheet1.xml",
        rb'<dimension ref="[^"]+"',
        b'<dimension ref="A1:XFD1048576"',
    )
    assert len(claimed) < 10_000
    started = time.monotonic()
    result = import_workbook(io.BytesIO(claimed), index)
    assert time.monotonic() - started < 2
    assert not result.ok and "超过 20000 行" in result.errors[0].message
    assert not CarrierPage.objects.exists()


def test_a_file_that_unpacks_to_too_much_is_refused_before_parsing(index):
    bomb = io.BytesIO(workbook([CARRIER]).getvalue())
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (MAX_UNPACKED_BYTES + 1))
    assert len(bomb.getvalue()) < 200_000
    result = import_workbook(io.BytesIO(bomb.getvalue()), index)
    assert not result.ok and "解压后超过 50 MB" in result.errors[0].message


def test_too_many_rows_are_refused_with_a_clear_message(index, monkeypatch):
    from carriers import spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 30)  # the check, not 20,000 generated rows
    rows = [{**CARRIER, "载体标识": f"c-{n}", "名称": f"载体{n}"} for n in range(31)]
    result = import_workbook(workbook(rows), index)
    assert not result.ok and "请拆分后分批导入" in result.errors[0].message
    assert not CarrierPage.objects.exists()


def test_a_queued_import_shows_its_progress_and_refreshes(client, index):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    job = ImportJob.objects.create(
        index_page=index, file_name="大文件.xlsx", status=ImportJob.Status.VALIDATING, rows=12000
    )
    html = client.get(f"/admin/carriers/import/{job.pk}/").content.decode()
    assert "大文件.xlsx”：校验中（12000 行）" in html
    assert '<meta http-equiv="refresh" content="2">' in html
