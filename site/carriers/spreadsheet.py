"""XLSX import and export of carriers, companies and residencies, in the format district staff use.

One workbook, three sheets (载体, 企业, 入驻记录), a header row each. Import validates every row of every
sheet first and reports errors by sheet, row and column in Chinese; only a file without errors is applied,
in one transaction. Rows are matched by key (载体标识 / 统一社会信用代码) and only written where a value
differs, so importing the same file twice changes nothing and export → import round-trips.

The export is for staff (it includes the internal company columns); it is only reachable from the admin.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.text import slugify

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from pypinyin import lazy_pinyin

from core.models import Area, in_pudong

from .models import (
    CarrierLevel,
    CarrierPage,
    CarrierType,
    Company,
    CompanyStage,
    Industry,
    LeftReason,
    PlatformKind,
    Residency,
    TechnologyPlatform,
)

CARRIER_SHEET, COMPANY_SHEET, RESIDENCY_SHEET = "载体", "企业", "入驻记录"
LIST_SPLIT = re.compile(r"[、,，;；]+")
LINE_SPLIT = re.compile(r"[\n；;]+")
YES, NO = "是", "否"
OPEN_WORDS = {"开放": True, "对外开放": True, "是": True, "不开放": False, "否": False, "仅内部": False}

# (column header, attribute, required)
CARRIER_COLUMNS = [
    ("载体标识", "slug", False),
    ("名称", "title", True),
    ("简称", "short_name", False),
    ("类型", "carrier_type", True),
    ("级别", "levels", False),
    ("区域", "area", True),
    ("产业领域", "industries", False),
    ("简介", "summary", False),
    ("孵化面积（平方米）", "space_sqm", False),
    ("成立年份", "founded_year", False),
    ("运营主体", "operator", False),
    ("服务内容", "services", False),
    ("技术平台", "platforms", False),
    ("联系人", "contact_name", False),
    ("联系电话", "contact_phone", False),
    ("联系邮箱", "contact_email", False),
    ("地址", "address", False),
    ("纬度", "latitude", False),
    ("经度", "longitude", False),
    ("首页推荐", "featured", False),
    ("在孵企业数（上报）", "reported_incubating", False),
    ("毕业企业数（上报）", "reported_graduated", False),
    ("高新技术企业数（上报）", "reported_hightech", False),
]
COMPANY_COLUMNS = [
    ("统一社会信用代码", "credit_code", True),
    ("企业名称", "name", True),
    ("产业领域", "industry", True),
    ("阶段", "stage", True),
    ("高新技术企业", "is_hightech", False),
    ("专精特新", "is_specialised", False),
    ("小巨人", "is_little_giant", False),
    ("成立年份", "founded_year", False),
    ("企业简介", "profile", False),
    ("网站", "website", False),
    ("公开展示", "is_public", False),
    ("融资情况（内部）", "staff_financing", False),
    ("企业联系人（内部）", "staff_contact_name", False),
    ("联系电话（内部）", "staff_contact_phone", False),
    ("备注（内部）", "staff_notes", False),
]
RESIDENCY_COLUMNS = [
    ("统一社会信用代码", "credit_code", True),
    ("载体标识", "carrier", True),
    ("入驻日期", "entered_on", True),
    ("毕业/迁出日期", "left_on", False),
    ("离开原因", "left_reason", False),
]
SHEETS = {
    CARRIER_SHEET: CARRIER_COLUMNS,
    COMPANY_SHEET: COMPANY_COLUMNS,
    RESIDENCY_SHEET: RESIDENCY_COLUMNS,
}
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
CARRIER_SCALARS = [
    "title",
    "short_name",
    "carrier_type",
    "area_id",
    "summary",
    "space_sqm",
    "founded_year",
    "operator",
    "services",
    "contact_name",
    "contact_phone",
    "contact_email",
    "address",
    "latitude",
    "longitude",
    "featured",
    "reported_incubating",
    "reported_graduated",
    "reported_hightech",
]
COMPANY_SCALARS = [attr if attr != "industry" else "industry_id" for _, attr, _ in COMPANY_COLUMNS[1:]]


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        where = f"「{self.sheet}」表第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}：{self.message}"


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    stats: dict = field(
        default_factory=lambda: {
            name: {"created": 0, "updated": 0, "unchanged": 0}
            for name in ("carriers", "companies", "residencies")
        }
    )

    @property
    def ok(self):
        return not self.errors

    @property
    def changed(self):
        return any(s["created"] or s["updated"] for s in self.stats.values())


class CellError(Exception):
    pass


# Cell parsing --------------------------------------------------------------------------------------


def text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def integer(value, minimum=0, maximum=None):
    raw = text(value).replace(",", "")
    if not raw:
        return None
    if not re.fullmatch(r"\d+", raw):
        raise CellError(f"“{raw}”不是整数")
    number = int(raw)
    if number < minimum or (maximum is not None and number > maximum):
        raise CellError(
            f"{number} 超出范围（{minimum}–{maximum}）" if maximum else f"{number} 不能小于 {minimum}"
        )
    return number


def boolean(value, default=False):
    raw = text(value)
    if not raw:
        return default
    if raw in (YES, "Y", "y", "1", "TRUE", "True", "true"):
        return True
    if raw in (NO, "N", "n", "0", "FALSE", "False", "false"):
        return False
    raise CellError(f"“{raw}”应填写“是”或“否”")


def coordinate(value):
    raw = text(value)
    if not raw:
        return None
    try:
        return Decimal(raw).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise CellError(f"“{raw}”不是数字") from None


def date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raw = text(value).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise CellError(f"“{text(value)}”不是日期，请按 2024-03-01 的格式填写") from None


def choice(value, choices, what):
    raw = text(value)
    for stored, label in choices:
        if raw in (label, stored):
            return stored
    options = "、".join(str(label) for _, label in choices)
    raise CellError(f"“{raw}”不是有效的{what}，可选：{options}")


def names(value, lookup, what):
    found = []
    for name in LIST_SPLIT.split(text(value)):
        name = name.strip()
        if not name:
            continue
        if name not in lookup:
            raise CellError(f"“{name}”不在{what}列表中（可在后台“一图一库”中维护）")
        found.append(lookup[name])
    return found


def platforms(value):
    """One platform per line: 名称|类别|开放 (类别 and 开放 may be left out)."""
    result = []
    for line in text(value).splitlines():
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in re.split(r"[|｜]", line)]
        name = parts[0]
        if not name:
            raise CellError(f"技术平台“{line}”缺少名称")
        kind = choice(parts[1], PlatformKind.choices, "平台类别") if len(parts) > 1 and parts[1] else "other"
        is_open = False
        if len(parts) > 2 and parts[2]:
            if parts[2] not in OPEN_WORDS:
                raise CellError(f"技术平台“{name}”的开放情况应填“开放”或“不开放”")
            is_open = OPEN_WORDS[parts[2]]
        result.append((name[:80], kind, is_open))
    return result


def carrier_slug(title):
    return slugify("-".join(lazy_pinyin(title)))[:80] or "carrier"


# Reading ------------------------------------------------------------------------------------------


def read_sheets(file):
    """{sheet name: (header → column index, [(row number, values)])} for the sheets present."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a bad file
        raise ValueError(f"无法读取文件，请上传 .xlsx 格式的 Excel 文件（{type(exc).__name__}）") from exc
    sheets = {}
    for name in SHEETS:
        if name not in workbook.sheetnames:
            continue
        rows = workbook[name].iter_rows(values_only=True)
        header = next(rows, None) or ()
        columns = {text(h): i for i, h in enumerate(header) if text(h)}
        body = []
        for number, values in enumerate(rows, start=2):
            if values is None or all(text(v) == "" for v in values):
                continue
            body.append((number, values))
        sheets[name] = (columns, body)
    workbook.close()
    return sheets


def validate_sheet(sheet, columns, body, parse_row, errors):
    spec = SHEETS[sheet]
    missing = [header for header, _, required in spec if required and header not in columns]
    if missing:
        errors.append(RowError(sheet, 1, "", f"缺少必填列：{'、'.join(missing)}"))
        return []
    parsed = []
    for number, values in body:

        def cell(header, values=values):
            index = columns.get(header)
            return values[index] if index is not None and index < len(values) else None

        row_errors = []
        data = {}
        for header, attr, required in spec:
            value = cell(header)
            if required and text(value) == "":
                row_errors.append(RowError(sheet, number, header, "必填，不能为空"))
                continue
            try:
                data[attr] = parse_row(attr, value)
            except CellError as exc:
                row_errors.append(RowError(sheet, number, header, str(exc)))
        errors.extend(row_errors)
        if not row_errors:
            parsed.append((number, data))
    return parsed


def parse_all(sheets):
    errors = []
    levels = {o.name: o for o in CarrierLevel.objects.all()}
    areas = {o.name: o for o in Area.objects.all()}
    industries = {o.name: o for o in Industry.objects.all()}

    def carrier_cell(attr, value):
        if attr in ("title", "short_name", "operator", "contact_name", "contact_phone", "address", "summary"):
            limit = {
                "title": 255,
                "short_name": 40,
                "operator": 120,
                "contact_name": 40,
                "contact_phone": 40,
            }.get(attr)
            raw = text(value)
            if limit and len(raw) > limit:
                raise CellError(f"不能超过 {limit} 个字")
            return raw
        if attr == "slug":
            raw = text(value)
            if raw and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", raw):
                raise CellError(f"“{raw}”只能包含小写字母、数字和连字符")
            return raw
        if attr == "carrier_type":
            return choice(value, CarrierType.choices, "载体类型")
        if attr == "levels":
            return names(value, levels, "级别")
        if attr == "area":
            found = names(value, areas, "区域")
            if len(found) != 1:
                raise CellError("只能填写一个区域")
            return found[0]
        if attr == "industries":
            return names(value, industries, "产业领域")
        if attr == "space_sqm":
            return integer(value)
        if attr == "founded_year":
            return integer(value, 1980, 2100)
        if attr == "services":
            return "\n".join(s.strip() for s in LINE_SPLIT.split(text(value)) if s.strip())
        if attr == "platforms":
            return platforms(value)
        if attr == "contact_email":
            raw = text(value)
            if raw:
                try:
                    validate_email(raw)
                except ValidationError:
                    raise CellError(f"“{raw}”不是有效的邮箱地址") from None
            return raw
        if attr in ("latitude", "longitude"):
            return coordinate(value)
        if attr == "featured":
            return boolean(value)
        if attr.startswith("reported_"):
            return integer(value)
        raise AssertionError(attr)

    def company_cell(attr, value):
        if attr == "credit_code":
            raw = text(value).upper()
            if not CREDIT_CODE.fullmatch(raw):
                raise CellError(f"“{raw}”不是18位统一社会信用代码")
            return raw
        if attr == "industry":
            found = names(value, industries, "产业领域")
            if len(found) != 1:
                raise CellError("只能填写一个产业领域")
            return found[0]
        if attr == "stage":
            return choice(value, CompanyStage.choices, "阶段")
        if attr in ("is_hightech", "is_specialised", "is_little_giant"):
            return boolean(value)
        if attr == "is_public":
            return boolean(value, default=True)
        if attr == "founded_year":
            return integer(value, 1900, 2100)
        if attr == "website":
            raw = text(value)
            if raw:
                try:
                    URLValidator()(raw)
                except ValidationError:
                    raise CellError(f"“{raw}”不是有效的网址（以 http:// 或 https:// 开头）") from None
            return raw
        if attr == "name" and len(text(value)) > 120:
            raise CellError("不能超过 120 个字")
        return text(value)

    def residency_cell(attr, value):
        if attr == "credit_code":
            return text(value).upper()
        if attr == "carrier":
            return text(value)
        if attr in ("entered_on", "left_on"):
            return date(value)
        if attr == "left_reason":
            return choice(value, LeftReason.choices, "离开原因") if text(value) else ""
        raise AssertionError(attr)

    parsed = {}
    for sheet, parse_row in (
        (CARRIER_SHEET, carrier_cell),
        (COMPANY_SHEET, company_cell),
        (RESIDENCY_SHEET, residency_cell),
    ):
        if sheet in sheets:
            parsed[sheet] = validate_sheet(sheet, *sheets[sheet], parse_row, errors)
    return parsed, errors


def cross_check(parsed, index_page, errors):
    """Rules that span rows and sheets: unique keys, coordinates, references between sheets."""
    existing_slugs = set(CarrierPage.objects.child_of(index_page).values_list("slug", flat=True))
    seen = {}
    for number, row in parsed.get(CARRIER_SHEET, []):
        row["slug"] = row["slug"] or carrier_slug(row["title"])
        if row["slug"] in seen:
            errors.append(
                RowError(CARRIER_SHEET, number, "载体标识", f"与第 {seen[row['slug']]} 行重复：{row['slug']}")
            )
        seen[row["slug"]] = number
        lat, lng = row["latitude"], row["longitude"]
        if (lat is None) != (lng is None):
            errors.append(
                RowError(CARRIER_SHEET, number, "经度" if lng is None else "纬度", "经纬度须同时填写")
            )
        elif lat is not None and not in_pudong(lat, lng):
            errors.append(
                RowError(
                    CARRIER_SHEET, number, "纬度", f"坐标（{lat}, {lng}）不在浦东新区范围内，请检查是否填反"
                )
            )
    carrier_slugs = existing_slugs | set(seen)

    codes = {}
    for number, row in parsed.get(COMPANY_SHEET, []):
        if row["credit_code"] in codes:
            errors.append(
                RowError(
                    COMPANY_SHEET, number, "统一社会信用代码", f"与第 {codes[row['credit_code']]} 行重复"
                )
            )
        codes[row["credit_code"]] = number
    known_codes = set(codes) | set(
        Company.objects.filter(
            credit_code__in={r["credit_code"] for _, r in parsed.get(RESIDENCY_SHEET, [])}
        ).values_list("credit_code", flat=True)
    )
    stays = {}
    for number, row in parsed.get(RESIDENCY_SHEET, []):
        if row["credit_code"] not in known_codes:
            errors.append(RowError(RESIDENCY_SHEET, number, "统一社会信用代码", "企业不在“企业”表或企业库中"))
        if row["carrier"] not in carrier_slugs:
            errors.append(RowError(RESIDENCY_SHEET, number, "载体标识", f"找不到载体“{row['carrier']}”"))
        if row["left_on"] and row["left_on"] < row["entered_on"]:
            errors.append(RowError(RESIDENCY_SHEET, number, "毕业/迁出日期", "不能早于入驻日期"))
        if row["left_on"] and not row["left_reason"]:
            errors.append(
                RowError(RESIDENCY_SHEET, number, "离开原因", "填写了离开日期时须填写“毕业”或“迁出”")
            )
        key = (row["credit_code"], row["carrier"], row["entered_on"])
        if key in stays:
            errors.append(RowError(RESIDENCY_SHEET, number, "入驻日期", f"与第 {stays[key]} 行重复"))
        stays[key] = number
    # A company is in at most one carrier at a time.
    current = {}
    for number, row in parsed.get(RESIDENCY_SHEET, []):
        if row["left_on"] is None:
            if row["credit_code"] in current:
                errors.append(
                    RowError(
                        RESIDENCY_SHEET,
                        number,
                        "毕业/迁出日期",
                        f"该企业在第 {current[row['credit_code']]} 行已有未结束的入驻记录",
                    )
                )
            current[row["credit_code"]] = number


# Applying -----------------------------------------------------------------------------------------


def import_workbook(file, index_page, user=None):
    """Validate the whole file; apply it in one transaction only when there are no errors."""
    result = ImportResult()
    try:
        sheets = read_sheets(file)
    except ValueError as exc:
        result.errors.append(RowError("文件", 0, "", str(exc)))
        return result
    if not sheets:
        result.errors.append(
            RowError("文件", 0, "", f"没有找到“{CARRIER_SHEET}”“{COMPANY_SHEET}”或“{RESIDENCY_SHEET}”工作表")
        )
        return result
    parsed, errors = parse_all(sheets)
    if not errors:
        cross_check(parsed, index_page, errors)
    result.errors = sorted(
        errors, key=lambda e: (list(SHEETS).index(e.sheet) if e.sheet in SHEETS else -1, e.row)
    )
    if result.errors:
        return result
    with transaction.atomic():
        apply_rows(
            index_page,
            [row for _, row in parsed.get(CARRIER_SHEET, [])],
            [row for _, row in parsed.get(COMPANY_SHEET, [])],
            [row for _, row in parsed.get(RESIDENCY_SHEET, [])],
            result.stats,
            user=user,
        )
    return result


def apply_rows(index_page, carriers, companies, residencies, stats, user=None):
    """Write parsed rows; only objects whose values differ are saved (pages get a published revision)."""
    existing = {
        p.slug: p
        for p in CarrierPage.objects.child_of(index_page).prefetch_related(
            "levels", "industries", "platforms"
        )
    }
    for row in carriers:
        page = existing.get(row["slug"])
        wanted = {name: row[name] for name in CARRIER_SCALARS if name != "area_id"}
        wanted["area_id"] = row["area"].pk
        level_ids = sorted(o.pk for o in row["levels"])
        industry_ids = sorted(o.pk for o in row["industries"])
        platform_rows = row["platforms"]
        if page is None:
            page = CarrierPage(slug=row["slug"], **wanted)
            page.levels = row["levels"]
            page.industries = row["industries"]
            page.platforms = [TechnologyPlatform(name=n, kind=k, is_open=o) for n, k, o in platform_rows]
            index_page.add_child(instance=page)
            page.save_revision(user=user).publish(user=user)
            existing[page.slug] = page
            stats["carriers"]["created"] += 1
            continue
        changed = [name for name, value in wanted.items() if getattr(page, name) != value]
        current_platforms = [(p.name, p.kind, p.is_open) for p in page.platforms.all()]
        m2m_changed = (
            sorted(page.levels.values_list("pk", flat=True)) != level_ids
            or sorted(page.industries.values_list("pk", flat=True)) != industry_ids
            or current_platforms != platform_rows
        )
        if not changed and not m2m_changed and page.live and not page.has_unpublished_changes:
            stats["carriers"]["unchanged"] += 1
            continue
        for name in changed:
            setattr(page, name, wanted[name])
        page.levels = row["levels"]
        page.industries = row["industries"]
        if current_platforms != platform_rows:
            page.platforms = [TechnologyPlatform(name=n, kind=k, is_open=o) for n, k, o in platform_rows]
        page.save_revision(user=user).publish(user=user)
        stats["carriers"]["updated"] += 1

    by_code = {
        c.credit_code: c
        for c in Company.objects.filter(credit_code__in=[r["credit_code"] for r in companies])
    }
    for row in companies:
        wanted = {name: row[name] for name in COMPANY_SCALARS if name != "industry_id"}
        wanted["industry_id"] = row["industry"].pk
        company = by_code.get(row["credit_code"])
        if company is None:
            Company.objects.create(credit_code=row["credit_code"], **wanted)
            stats["companies"]["created"] += 1
            continue
        changed = [name for name, value in wanted.items() if getattr(company, name) != value]
        if not changed:
            stats["companies"]["unchanged"] += 1
            continue
        for name in changed:
            setattr(company, name, wanted[name])
        company.save(update_fields=changed)
        stats["companies"]["updated"] += 1

    # Residencies: the file lists a company's whole history, which replaces what the library had.
    history = {}
    for row in residencies:
        history.setdefault(row["credit_code"], []).append(row)
    companies_by_code = {c.credit_code: c for c in Company.objects.filter(credit_code__in=history)}
    carrier_ids = {slug: page.pk for slug, page in existing.items()}
    current_rows = {}
    for r in Residency.objects.filter(company__credit_code__in=history).select_related("company"):
        current_rows.setdefault(r.company.credit_code, []).append(r)
    for code, rows in history.items():
        company = companies_by_code[code]
        wanted = sorted(
            (carrier_ids[r["carrier"]], r["entered_on"], r["left_on"], r["left_reason"] or "") for r in rows
        )
        have = sorted(
            (r.carrier_id, r.entered_on, r.left_on, r.left_reason or "") for r in current_rows.get(code, [])
        )
        if wanted == have:
            stats["residencies"]["unchanged"] += len(wanted)
            continue
        Residency.objects.filter(company=company).delete()
        Residency.objects.bulk_create(
            Residency(
                company=company,
                carrier_id=cid,
                entered_on=entered,
                left_on=left,
                left_reason=reason,
                sort_order=i,
            )
            for i, (cid, entered, left, reason) in enumerate(wanted)
        )
        stats["residencies"]["updated" if have else "created"] += len(wanted)


# Export -------------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0A4EA2")


def _yes_no(value):
    return YES if value else NO


def export_workbook(index_page):
    """The library as an .xlsx (bytes), in exactly the format import reads."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    type_labels = {value: str(label) for value, label in CarrierType.choices}
    kind_labels = {value: str(label) for value, label in PlatformKind.choices}
    stage_labels = {value: str(label) for value, label in CompanyStage.choices}
    reason_labels = {value: str(label) for value, label in LeftReason.choices}

    carriers = (
        CarrierPage.objects.child_of(index_page)
        .select_related("area")
        .prefetch_related("levels", "industries", "platforms")
        .order_by("path")
    )
    carrier_rows = []
    for p in carriers:
        carrier_rows.append(
            [
                p.slug,
                p.title,
                p.short_name,
                type_labels[p.carrier_type],
                "、".join(o.name for o in p.levels.all()),
                p.area.name,
                "、".join(o.name for o in p.industries.all()),
                p.summary,
                p.space_sqm,
                p.founded_year,
                p.operator,
                p.services,
                "\n".join(
                    f"{x.name}|{kind_labels[x.kind]}|{'开放' if x.is_open else '不开放'}"
                    for x in p.platforms.all()
                ),
                p.contact_name,
                p.contact_phone,
                p.contact_email,
                p.address,
                float(p.latitude) if p.latitude is not None else None,
                float(p.longitude) if p.longitude is not None else None,
                _yes_no(p.featured),
                p.reported_incubating,
                p.reported_graduated,
                p.reported_hightech,
            ]
        )
    company_rows = [
        [
            c.credit_code,
            c.name,
            c.industry.name,
            stage_labels[c.stage],
            _yes_no(c.is_hightech),
            _yes_no(c.is_specialised),
            _yes_no(c.is_little_giant),
            c.founded_year,
            c.profile,
            c.website,
            _yes_no(c.is_public),
            c.staff_financing,
            c.staff_contact_name,
            c.staff_contact_phone,
            c.staff_notes,
        ]
        for c in Company.objects.select_related("industry").order_by("credit_code")
    ]
    residency_rows = [
        [r.company.credit_code, r.carrier.slug, r.entered_on, r.left_on, reason_labels.get(r.left_reason, "")]
        for r in Residency.objects.filter(carrier__in=carriers)
        .select_related("company", "carrier")
        .order_by("company__credit_code", "entered_on")
    ]
    for name, rows in (
        (CARRIER_SHEET, carrier_rows),
        (COMPANY_SHEET, company_rows),
        (RESIDENCY_SHEET, residency_rows),
    ):
        sheet = workbook.create_sheet(name)
        sheet.append([header for header, _, _ in SHEETS[name]])
        for cell in sheet[1]:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center")
        for row in rows:
            sheet.append(row)
        for column in sheet.iter_cols(min_row=1, max_row=1):
            sheet.column_dimensions[column[0].column_letter].width = max(
                12, len(str(column[0].value)) * 2 + 2
            )
        for cell in sheet["C"] if name == RESIDENCY_SHEET else ():
            cell.number_format = "yyyy-mm-dd"
        for cell in sheet["D"] if name == RESIDENCY_SHEET else ():
            cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
