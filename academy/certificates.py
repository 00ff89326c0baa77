"""The certificate as a PDF (A4 landscape) with a QR code of its public verify URL.

Chinese text uses reportlab's built-in CID font STSong-Light (Adobe's Song typeface for Simplified Chinese,
referenced by name, not embedded): every PDF reader maps it to a Song font it ships, no font file is
needed on the server, and the text stays real, extractable text."""

import io

from django.urls import reverse
from django.utils import timezone

import qrcode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from registrations.links import absolute

FONT = "STSong-Light"
ISSUER = "浦东孵化学堂"
NAVY = colors.HexColor("#0b2f63")
GOLD = colors.HexColor("#b8862b")

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def verify_path(certificate):
    return reverse("academy:certificate_verify", args=[certificate.code])


def verify_url(certificate):
    return absolute(verify_path(certificate))


def qr_png(url, box_size=8):
    image = qrcode.make(url, box_size=box_size, border=1)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _date(value):
    value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日"


def _hours(value):
    return f"{value:.1f}".removesuffix(".0")


def certificate_pdf(certificate):
    """The PDF bytes of one certificate."""
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"结业证书 {certificate.code}")
    pdf.setAuthor(ISSUER)
    pdf.setSubject(certificate.course_title)

    # Frame: a navy outer line and a thin gold inner line.
    pdf.setStrokeColor(NAVY)
    pdf.setLineWidth(6)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(1.2)
    pdf.rect(17 * mm, 17 * mm, width - 34 * mm, height - 34 * mm)

    pdf.setFillColor(NAVY)
    pdf.setFont(FONT, 16)
    pdf.drawCentredString(width / 2, height - 38 * mm, ISSUER)
    pdf.setFont(FONT, 40)
    pdf.drawCentredString(width / 2, height - 58 * mm, "结 业 证 书")

    holder = certificate.holder_name or "（持证人已注销账号）"
    pdf.setFillColor(colors.black)
    pdf.setFont(FONT, 28)
    pdf.drawCentredString(width / 2, height - 84 * mm, holder)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(0.8)
    pdf.line(width / 2 - 55 * mm, height - 87 * mm, width / 2 + 55 * mm, height - 87 * mm)

    course = f"《{certificate.course_title}》"
    if certificate.session_name:
        course += f"（{certificate.session_name}）"
    body = (
        f"于{_date(certificate.issued_at)}完成{ISSUER}{course}课程学习，"
        f"共计{_hours(certificate.hours)}学时，出勤达到结业要求，准予结业。"
    )
    style = ParagraphStyle(
        "body", fontName=FONT, fontSize=16, leading=28, alignment=TA_CENTER, wordWrap="CJK"
    )
    paragraph = Paragraph(body, style)
    text_width = width - 70 * mm
    _w, text_height = paragraph.wrap(text_width, 60 * mm)
    paragraph.drawOn(pdf, 35 * mm, height - 98 * mm - text_height)

    # Issuer and date on the right, code and verify URL on the left, QR code in the corner.
    pdf.setFont(FONT, 14)
    pdf.drawRightString(width - 75 * mm, 52 * mm, ISSUER)
    pdf.drawRightString(width - 75 * mm, 44 * mm, _date(certificate.issued_at))
    pdf.setFont(FONT, 11)
    pdf.setFillColor(colors.HexColor("#444444"))
    pdf.drawString(30 * mm, 52 * mm, f"证书编号：{certificate.code}")
    pdf.drawString(30 * mm, 45 * mm, "扫描右下角二维码或访问以下网址核验真伪：")
    url = verify_url(certificate)
    pdf.setFont("Helvetica", 9)
    pdf.drawString(30 * mm, 39 * mm, url)
    qr_size = 34 * mm
    pdf.drawImage(ImageReader(io.BytesIO(qr_png(url))), width - 30 * mm - qr_size, 28 * mm, qr_size, qr_size)

    if certificate.revoked_at:
        # A revoked certificate still downloads (for the record), stamped across the page.
        pdf.saveState()
        pdf.setFillColor(colors.HexColor("#c8102e"))
        pdf.setFillAlpha(0.35)
        pdf.setFont(FONT, 96)
        pdf.translate(width / 2, height / 2)
        pdf.rotate(20)
        pdf.drawCentredString(0, -20 * mm, "已撤销")
        pdf.restoreState()

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
