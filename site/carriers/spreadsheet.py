"""XLSX import and export of carriers, companies and residencies, in the format district staff use.

One workbook, three sheets (载体, 企业, 入驻记录), a header row each. Each sheet is one table of columns
(CARRIERS, COMPANIES, RESIDENCIES): a column names its header, the model field it holds and its kind, which
parses a cell (raising the Chinese error) and renders a value back; text length limits come from the model
fields. Parsing, comparing, writing and exporting all read these tables.

Import validates every row of every sheet first and reports errors by sheet, row and column in Chinese; only
a file without errors is applied, in one transaction. Rows are matched by key (载体标识 / 统一社会信用代码)
and only written where a value differs, so importing the same file twice changes nothing and export → import
round-trips.

The export is for staff (it includes the internal company columns); it is only reachable from the admin.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator, validate_email
from django.db import transaction
from django.db.models.manager import BaseManager
from django.utils import timezone
from django.utils.text import slugify

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from pypinyin import lazy_pinyin

from core.models import in_pudong

from .models import CarrierPage, Company, PlatformKind, Residency, TechnologyPlatform

LIST_SPLIT = re.compile(r"[、,，;；]+")
LINE_SPLIT = re.compile(r"[\n；;]+")
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
YES, NO = "是", "否"
TRUE_WORDS = {YES, "Y", "y", "1", "TRUE", "True", "true"}
FALSE_WORDS = {NO, "N", "n", "0", "FALSE", "False", "false"}
OPEN_WORDS = {"开放": True, "对外开放": True, "是": True, "不开放": False, "否": False, "仅内部": False}


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
    # Changed rows left alone, with why: (title, reason). A page with an editor's pending draft is skipped
    # unless the importer chose to overwrite drafts.
    skipped: list = field(default_factory=list)
    stats: dict = field(
        default_factory=lambda: {
            name: {"created": 0, "updated": 0, "unchanged": 0}
            for name in ("carriers", "companies", "residencies")
        }
    )

    @property
    def ok(self):
        return not self.errors

    def as_dict(self):
        """JSON for ImportJob.result."""
        return {
            "errors": [[e.sheet, e.row, e.column, e.message] for e in self.errors],
            "stats": self.stats,
            "skipped": [list(item) for item in self.skipped],
        }

    @classmethod
    def from_dict(cls, data):
        result = cls(errors=[RowError(*e) for e in data.get("errors", [])], skipped=data.get("skipped", []))
        result.stats.update(data.get("stats", {}))
        return result

    @property
    def changed(self):
        return any(s["created"] or s["updated"] for s in self.stats.values())


class CellError(Exception):
    pass


class Lookups(dict):
    """Taxonomy name → object maps, loaded once per import when a column first needs one."""

    def __missing__(self, model):
        self[model] = {o.name: o for o in model.objects.all()}
        return self[model]


def text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def choice(value, choices, what):
    raw = text(value)
    for stored, label in choices:
        if raw in (label, stored):
            return stored
    options = "、".join(str(label) for _, label in choices)
    raise CellError(f"“{raw}”不是有效的{what}，可选：{options}")


def carrier_slug(title):
    return slugify("-".join(lazy_pinyin(title)))[:80] or "carrier"


# Column kinds: how a cell becomes the value a row holds, and back -----------------------------------


class Kind:
    """Plain text. A kind parses a cell (raising CellError) and renders the value the model holds."""

    number_format = None

    def parse(self, value, column, lookups):
        return text(value)

    def render(self, value, column):
        return value

    def read(self, value):
        """The model's value in the form `parse` returns, to compare and export."""
        return value

    def write(self, value):
        """The parsed value in the form the model takes."""
        return value

    def same(self, current, wanted):
        return current == wanted


class Text(Kind):
    """Text that `clean` checks or normalises when the cell is not empty."""

    def __init__(self, clean):
        self.clean = clean

    def parse(self, value, column, lookups):
        raw = text(value)
        return self.clean(raw) if raw else raw


def slug(raw):
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", raw):
        raise CellError(f"“{raw}”只能包含小写字母、数字和连字符")
    return raw


def credit_code(raw):
    raw = raw.upper()
    if not CREDIT_CODE.fullmatch(raw):
        raise CellError(f"“{raw}”不是18位统一社会信用代码")
    return raw


def validated(validator, message):
    def clean(raw):
        try:
            validator(raw)
        except ValidationError:
            raise CellError(message.format(raw)) from None
        return raw

    return clean


def lines(raw):
    return "\n".join(s.strip() for s in LINE_SPLIT.split(raw) if s.strip())


class Integer(Kind):
    """A whole number within the model field's validators, narrowed by `minimum` and `maximum`."""

    def __init__(self, minimum=None, maximum=None):
        self.minimum, self.maximum = minimum, maximum

    def parse(self, value, column, lookups):
        raw = text(value).replace(",", "")
        if not raw:
            return None
        if not re.fullmatch(r"\d+", raw):
            raise CellError(f"“{raw}”不是整数")
        validators = column.field.validators
        low = max(v.limit_value for v in validators if isinstance(v, MinValueValidator))
        high = min(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
        low, high = max(low, self.minimum or low), min(high, self.maximum or high)
        number = int(raw)
        if not low <= number <= high:
            raise CellError(f"{number} 超出范围（{low}–{high}）")
        return number


class Coordinate(Kind):
    def parse(self, value, column, lookups):
        raw = text(value)
        if not raw:
            return None
        try:
            return Decimal(raw).quantize(Decimal("0.000001"))
        except InvalidOperation:
            raise CellError(f"“{raw}”不是数字") from None

    def render(self, value, column):
        return None if value is None else float(value)


class Boolean(Kind):
    """是/否; an empty cell takes the model field's default."""

    def parse(self, value, column, lookups):
        raw = text(value)
        if not raw:
            return column.field.default
        if raw in TRUE_WORDS or raw in FALSE_WORDS:
            return raw in TRUE_WORDS
        raise CellError(f"“{raw}”应填写“是”或“否”")

    def render(self, value, column):
        return YES if value else NO


class Choice(Kind):
    """One of the model field's choices, by label (or stored value); errors name the field."""

    def parse(self, value, column, lookups):
        return choice(value, column.field.choices, column.field.verbose_name) if text(value) else ""

    def render(self, value, column):
        return str(dict(column.field.choices).get(value, ""))


class Date(Kind):
    number_format = "yyyy-mm-dd"

    def parse(self, value, column, lookups):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        raw = text(value)
        if not raw:
            return None
        try:
            return datetime.date.fromisoformat(raw.replace("/", "-").replace(".", "-"))
        except ValueError:
            raise CellError(f"“{raw}”不是日期，请按 2024-03-01 的格式填写") from None


class Names(Kind):
    """Taxonomy entries (the field's related model) by name; several, separated by 、, for many-to-many."""

    def parse(self, value, column, lookups):
        known = lookups[column.field.related_model]
        found = []
        for name in filter(None, (n.strip() for n in LIST_SPLIT.split(text(value)))):
            if name not in known:
                raise CellError(f"“{name}”不在{column.header}列表中（可在后台“一图一库”中维护）")
            found.append(known[name])
        if column.field.many_to_many:
            return found
        if len(found) != 1:
            raise CellError(f"只能填写一个{column.header}")
        return found[0]

    def render(self, value, column):
        return "、".join(o.name for o in value) if column.field.many_to_many else value.name

    def same(self, current, wanted):
        return set(current) == set(wanted) if isinstance(wanted, list) else current == wanted


class Platforms(Kind):
    """One platform per line: 名称|类别|开放 (类别 and 开放 may be left out); as (name, kind, is_open)."""

    def parse(self, value, column, lookups):
        limit = column.field.related_model._meta.get_field("name").max_length
        result = []
        for line in filter(None, (s.strip() for s in text(value).splitlines())):
            name, kind, is_open = ([p.strip() for p in re.split(r"[|｜]", line)] + ["", ""])[:3]
            if not name:
                raise CellError(f"技术平台“{line}”缺少名称")
            if len(name) > limit:
                raise CellError(f"技术平台“{name}”的名称最多 {limit} 个字符（现有 {len(name)} 个）")
            kind = choice(kind, PlatformKind.choices, "平台类别") if kind else PlatformKind.OTHER.value
            if is_open and is_open not in OPEN_WORDS:
                raise CellError(f"技术平台“{name}”的开放情况应填“开放”或“不开放”")
            result.append((name, kind, OPEN_WORDS.get(is_open, False)))
        return result

    def render(self, value, column):
        labels = dict(PlatformKind.choices)
        return "\n".join(f"{n}|{labels[k]}|{'开放' if o else '不开放'}" for n, k, o in value)

    def read(self, platforms):
        return [(p.name, p.kind, p.is_open) for p in platforms]

    def write(self, value):
        return [TechnologyPlatform(name=n, kind=k, is_open=o) for n, k, o in value]


TEXT = Kind()
EMAIL = Text(validated(validate_email, "“{}”不是有效的邮箱地址"))
URL = Text(validated(URLValidator(), "“{}”不是有效的网址（以 http:// 或 https:// 开头）"))


# The sheets ---------------------------------------------------------------------------------------


@dataclass(eq=False)
class Column:
    header: str
    attr: str  # the key in a parsed row, and the model field unless `path` says otherwise
    kind: Kind = TEXT
    required: bool = False
    path: str = ""  # the model field when the cell holds a related object's field: "company__credit_code"
    model: type = None  # set by the sheet

    @cached_property
    def field(self):
        model = self.model
        for name in (self.path or self.attr).split("__"):
            found = model._meta.get_field(name)
            model = found.related_model
        return found

    @property
    def max_length(self):
        return getattr(self.field, "max_length", None)

    def parse(self, value, lookups):
        if self.required and text(value) == "":
            raise CellError("必填，不能为空")
        parsed = self.kind.parse(value, self, lookups)
        if isinstance(parsed, str) and self.max_length and len(parsed) > self.max_length:
            raise CellError(f"最多 {self.max_length} 个字符（现有 {len(parsed)} 个）")
        return parsed

    def value_of(self, obj):
        for name in (self.path or self.attr).split("__"):
            obj = getattr(obj, name)
        return self.kind.read(list(obj.all()) if isinstance(obj, BaseManager) else obj)

    def render(self, obj):
        return self.kind.render(self.value_of(obj), self)


@dataclass(eq=False)
class Sheet:
    name: str
    model: type
    columns: list

    def __post_init__(self):
        for column in self.columns:
            column.model = self.model

    @property
    def headers(self):
        return [c.header for c in self.columns]

    def error(self, row, attr, message):
        header = next(c.header for c in self.columns if c.attr == attr)
        return RowError(self.name, row, header, message)

    def fetch(self, queryset):
        """`queryset` with the relations the columns read loaded up front."""
        first = [self.model._meta.get_field((c.path or c.attr).split("__")[0]) for c in self.columns]
        joins = [f.name for f in first if f.many_to_one]
        lists = [f.name for f in first if f.many_to_many or f.one_to_many]
        return queryset.select_related(*joins).prefetch_related(*lists)

    def changes(self, obj, row):
        """The columns whose value in `row` differs from the object's."""
        return [c for c in self.columns if not c.kind.same(c.value_of(obj), row[c.attr])]

    @staticmethod
    def assign(obj, columns, row):
        for column in columns:
            setattr(obj, column.attr, column.kind.write(row[column.attr]))


CARRIERS = Sheet(
    "载体",
    CarrierPage,
    [
        Column("载体标识", "slug", Text(slug)),
        Column("名称", "title", required=True),
        Column("简称", "short_name"),
        Column("类型", "carrier_type", Choice(), required=True),
        Column("级别", "levels", Names()),
        Column("区域", "area", Names(), required=True),
        Column("产业领域", "industries", Names()),
        Column("简介", "summary"),
        Column("孵化面积（平方米）", "space_sqm", Integer()),
        Column("成立年份", "founded_year", Integer()),
        Column("运营主体", "operator"),
        Column("服务内容", "services", Text(lines)),
        Column("技术平台", "platforms", Platforms()),
        Column("联系人", "contact_name"),
        Column("联系电话", "contact_phone"),
        Column("联系邮箱", "contact_email", EMAIL),
        Column("地址", "address"),
        Column("纬度", "latitude", Coordinate()),
        Column("经度", "longitude", Coordinate()),
        Column("首页推荐", "featured", Boolean()),
        Column("在孵企业数（上报）", "reported_incubating", Integer()),
        Column("毕业企业数（上报）", "reported_graduated", Integer()),
        Column("高新技术企业数（上报）", "reported_hightech", Integer()),
    ],
)
COMPANIES = Sheet(
    "企业",
    Company,
    [
        Column("统一社会信用代码", "credit_code", Text(credit_code), required=True),
        Column("企业名称", "name", required=True),
        Column("产业领域", "industry", Names(), required=True),
        Column("阶段", "stage", Choice(), required=True),
        Column("高新技术企业", "is_hightech", Boolean()),
        Column("专精特新", "is_specialised", Boolean()),
        Column("小巨人", "is_little_giant", Boolean()),
        Column("成立年份", "founded_year", Integer(1900, 2100)),
        Column("企业简介", "profile"),
        Column("网站", "website", URL),
        Column("公开展示", "is_public", Boolean()),
        Column("融资情况（内部）", "staff_financing"),
        Column("企业联系人（内部）", "staff_contact_name"),
        Column("联系电话（内部）", "staff_contact_phone"),
        Column("备注（内部）", "staff_notes"),
    ],
)
# Written as a whole history per company (see apply_rows), so only parsing and export read this table.
RESIDENCIES = Sheet(
    "入驻记录",
    Residency,
    [
        Column(
            "统一社会信用代码", "credit_code", Text(str.upper), required=True, path="company__credit_code"
        ),
        Column("载体标识", "carrier", required=True, path="carrier__slug"),
        Column("入驻日期", "entered_on", Date(), required=True),
        Column("毕业/迁出日期", "left_on", Date()),
        Column("离开原因", "left_reason", Choice()),
    ],
)
SHEETS = (CARRIERS, COMPANIES, RESIDENCIES)


# Reading and validating ---------------------------------------------------------------------------


# Limits checked before and while reading, so a hostile or broken file is refused quickly: a 4.7 KB file
# can claim A1:XFD1048576 or unpack to gigabytes.
MAX_ROWS = 20_000  # data rows per sheet
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def check_size(file):
    """Refuse a file whose parts unpack to more than MAX_UNPACKED_BYTES (a zip bomb) before parsing it."""
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise ValueError("无法读取文件，请上传 .xlsx 格式的 Excel 文件") from exc
    finally:
        file.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValueError(f"文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，请拆分后分批导入")


def read_sheets(file):
    """{sheet: (header → column index, [(row number, values)])} for the sheets present."""
    check_size(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a bad file
        raise ValueError(f"无法读取文件，请上传 .xlsx 格式的 Excel 文件（{type(exc).__name__}）") from exc
    sheets = {}
    try:
        for sheet in SHEETS:
            if sheet.name not in workbook.sheetnames:
                continue
            worksheet = workbook[sheet.name]
            if (worksheet.max_row or 0) > MAX_ROWS + 1:
                raise ValueError(f"“{sheet.name}”工作表超过 {MAX_ROWS} 行，请拆分后分批导入")
            rows = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            header = next(rows, None) or ()
            columns = {text(h): i for i, h in enumerate(header) if text(h)}
            body = []
            for number, values in enumerate(rows, start=2):
                if number > MAX_ROWS + 1:  # a sheet whose declared size understates its rows
                    raise ValueError(f"“{sheet.name}”工作表超过 {MAX_ROWS} 行，请拆分后分批导入")
                if values is not None and any(text(v) != "" for v in values):
                    body.append((number, values))
            sheets[sheet] = (columns, body)
    finally:
        workbook.close()
    return sheets


def parse_sheet(sheet, columns, body, lookups, errors):
    """[(row number, {attr: value})] of the rows without errors; errors go to `errors`."""
    missing = [c.header for c in sheet.columns if c.required and c.header not in columns]
    if missing:
        errors.append(RowError(sheet.name, 1, "", f"缺少必填列：{'、'.join(missing)}"))
        return []
    parsed = []
    for number, values in body:
        row, row_errors = {}, []
        for column in sheet.columns:
            index = columns.get(column.header)
            value = values[index] if index is not None and index < len(values) else None
            try:
                row[column.attr] = column.parse(value, lookups)
            except CellError as exc:
                row_errors.append(RowError(sheet.name, number, column.header, str(exc)))
        errors.extend(row_errors)
        if not row_errors:
            parsed.append((number, row))
    return parsed


def cross_check(parsed, index_page, errors):
    """Rules that span rows and sheets: unique keys, coordinates, references between sheets."""
    existing_slugs = set(CarrierPage.objects.child_of(index_page).values_list("slug", flat=True))
    seen = {}
    for number, row in parsed.get(CARRIERS, []):
        row["slug"] = row["slug"] or carrier_slug(row["title"])
        if row["slug"] in seen:
            errors.append(CARRIERS.error(number, "slug", f"与第 {seen[row['slug']]} 行重复：{row['slug']}"))
        seen[row["slug"]] = number
        lat, lng = row["latitude"], row["longitude"]
        if (lat is None) != (lng is None):
            errors.append(
                CARRIERS.error(number, "longitude" if lng is None else "latitude", "经纬度须同时填写")
            )
        elif lat is not None and not in_pudong(lat, lng):
            message = f"坐标（{lat}, {lng}）不在浦东新区范围内，请检查是否填反"
            errors.append(CARRIERS.error(number, "latitude", message))
    carrier_slugs = existing_slugs | set(seen)

    codes = {}
    for number, row in parsed.get(COMPANIES, []):
        if row["credit_code"] in codes:
            errors.append(COMPANIES.error(number, "credit_code", f"与第 {codes[row['credit_code']]} 行重复"))
        codes[row["credit_code"]] = number
    residencies = parsed.get(RESIDENCIES, [])
    known_codes = set(codes) | set(
        Company.objects.filter(credit_code__in={r["credit_code"] for _, r in residencies}).values_list(
            "credit_code", flat=True
        )
    )
    stays, current = {}, {}
    for number, row in residencies:
        if row["credit_code"] not in known_codes:
            errors.append(RESIDENCIES.error(number, "credit_code", "企业不在“企业”表或企业库中"))
        if row["carrier"] not in carrier_slugs:
            errors.append(RESIDENCIES.error(number, "carrier", f"找不到载体“{row['carrier']}”"))
        if row["left_on"] and row["left_on"] < row["entered_on"]:
            errors.append(RESIDENCIES.error(number, "left_on", "不能早于入驻日期"))
        if row["left_on"] and not row["left_reason"]:
            errors.append(RESIDENCIES.error(number, "left_reason", "填写了离开日期时须填写“毕业”或“迁出”"))
        key = (row["credit_code"], row["carrier"], row["entered_on"])
        if key in stays:
            errors.append(RESIDENCIES.error(number, "entered_on", f"与第 {stays[key]} 行重复"))
        stays[key] = number
        # A company is in at most one carrier at a time.
        if row["left_on"] is None:
            if row["credit_code"] in current:
                message = f"该企业在第 {current[row['credit_code']]} 行已有未结束的入驻记录"
                errors.append(RESIDENCIES.error(number, "left_on", message))
            current[row["credit_code"]] = number


# Applying -----------------------------------------------------------------------------------------


def import_workbook(file, index_page, user=None, overwrite_drafts=False, progress=None):
    """Validate the whole file; apply it in one transaction only when there are no errors. `progress`
    (optional) is told the phase and the number of data rows: ("validating", n), then ("applying", n)."""
    result = ImportResult()
    progress = progress or (lambda phase, rows: None)
    try:
        sheets = read_sheets(file)
    except ValueError as exc:
        result.errors.append(RowError("文件", 0, "", str(exc)))
        return result
    if not sheets:
        *first, last = (f"“{s.name}”" for s in SHEETS)
        result.errors.append(RowError("文件", 0, "", f"没有找到{''.join(first)}或{last}工作表"))
        return result
    rows = sum(len(body) for _columns, body in sheets.values())
    progress("validating", rows)
    errors, lookups = [], Lookups()
    parsed = {sheet: parse_sheet(sheet, *sheets[sheet], lookups, errors) for sheet in sheets}
    if not errors:
        cross_check(parsed, index_page, errors)
    order = [s.name for s in SHEETS]
    result.errors = sorted(errors, key=lambda e: (order.index(e.sheet) if e.sheet in order else -1, e.row))
    if result.errors:
        return result
    carriers, companies, residencies = ([row for _, row in parsed.get(s, [])] for s in SHEETS)
    progress("applying", rows)
    with transaction.atomic():
        apply_rows(
            index_page, carriers, companies, residencies, result, user=user, overwrite_drafts=overwrite_drafts
        )
    return result


def apply_rows(index_page, carriers, companies, residencies, result, user=None, overwrite_drafts=False):
    """Write parsed rows ({attr: value}, as the tables parse them); only objects whose values differ are
    saved. A page's live state never changes: a changed live page gets a published revision, a changed
    unpublished page a draft revision; a page with an editor's pending draft is skipped and reported
    unless `overwrite_drafts`."""
    stats = result.stats
    existing = {p.slug: p for p in CARRIERS.fetch(CarrierPage.objects.child_of(index_page))}
    for row in carriers:
        page = existing.get(row["slug"])
        if page is None:
            page = CarrierPage()
            CARRIERS.assign(page, CARRIERS.columns, row)
            index_page.add_child(instance=page)
            page.save_revision(user=user).publish(user=user)
            existing[page.slug] = page
            stats["carriers"]["created"] += 1
            continue
        changed = CARRIERS.changes(page, row)
        if not changed:
            stats["carriers"]["unchanged"] += 1
            continue
        if (page.has_unpublished_changes or not page.live) and not overwrite_drafts:
            reason = "有编辑中的草稿" if page.live else "载体未发布"
            result.skipped.append(
                (page.title, f"{reason}，未更新（勾选“覆盖草稿”重新导入则保存为新版本，不改变发布状态）")
            )
            continue
        CARRIERS.assign(page, changed, row)
        revision = page.save_revision(user=user)
        if page.live:
            revision.publish(user=user)
        stats["carriers"]["updated"] += 1

    by_code = COMPANIES.fetch(Company.objects.filter(credit_code__in=[r["credit_code"] for r in companies]))
    by_code = {c.credit_code: c for c in by_code}
    for row in companies:
        company = by_code.get(row["credit_code"])
        if company is None:
            company = Company()
            COMPANIES.assign(company, COMPANIES.columns, row)
            company.save()
            stats["companies"]["created"] += 1
            continue
        changed = COMPANIES.changes(company, row)
        if not changed:
            stats["companies"]["unchanged"] += 1
            continue
        COMPANIES.assign(company, changed, row)
        company.save(update_fields=[c.attr for c in changed])
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


def export_workbook(index_page):
    """The library as an .xlsx (bytes) in exactly the format import reads, and its number of data rows."""
    carriers = CARRIERS.fetch(CarrierPage.objects.child_of(index_page)).order_by("path")
    companies = COMPANIES.fetch(Company.objects.order_by("credit_code"))
    residencies = RESIDENCIES.fetch(Residency.objects.filter(carrier__in=carriers)).order_by(
        "company__credit_code", "entered_on"
    )
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows = 0
    for sheet, objects in ((CARRIERS, carriers), (COMPANIES, companies), (RESIDENCIES, residencies)):
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append(sheet.headers)
        for obj in objects:
            worksheet.append([column.render(obj) for column in sheet.columns])
            rows += 1
        for column, cells in zip(sheet.columns, worksheet.iter_cols(), strict=True):
            cells[0].font, cells[0].fill = HEADER_FONT, HEADER_FILL
            cells[0].alignment = Alignment(vertical="center")
            worksheet.column_dimensions[cells[0].column_letter].width = max(12, len(column.header) * 2 + 2)
            for cell in cells[1:] if column.kind.number_format else ():
                cell.number_format = column.kind.number_format
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), rows


# Import jobs ----------------------------------------------------------------------------------------


def run_import_job(job):
    """Run a queued ImportJob (in the task worker): record each phase, the result, and delete the upload."""
    Status = type(job).Status

    def progress(phase, rows):
        job.status = Status.VALIDATING if phase == "validating" else Status.APPLYING
        job.rows = rows
        job.save(update_fields=["status", "rows"])

    try:
        with job.file.open("rb") as file:
            result = import_workbook(
                file, job.index_page, user=job.user, overwrite_drafts=job.overwrite_drafts, progress=progress
            )
        job.status, job.result = Status.DONE, result.as_dict()
    except Exception as exc:
        job.status = Status.FAILED
        job.result = ImportResult(
            errors=[RowError("文件", 0, "", f"导入中断：{type(exc).__name__}")]
        ).as_dict()
        raise
    finally:
        job.finished_at = timezone.now()
        job.file.delete(save=False)
        job.save()
    return job
