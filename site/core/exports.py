"""Staff spreadsheets: one way to turn rows into a CSV or XLSX download. Each caller checks its own
permission and writes its own audit row (core.models.ExportRecord or the registrations' RegistrationExport)."""

import csv
import io

from django.http import HttpResponse

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .models import EXPORT_FORMATS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Spreadsheet apps run cells starting with = + - @ as formulas: prefix them with a quote. XLSX cannot
    hold control characters, which a person may have typed into a form: they are dropped."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value[:1] in FORMULA_STARTS else value


def table_response(rows, file_format, filename, sheet_title):
    """`rows` (header first, cells already made safe) as a private download in `file_format` (csv or xlsx)."""
    if file_format == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
        csv.writer(buffer).writerows(rows)
        content = buffer.getvalue()
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = sheet_title[:31]  # the most a sheet name may hold
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        content = out.getvalue()
    response = HttpResponse(content, content_type=EXPORT_FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
