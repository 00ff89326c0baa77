"""The QR e-ticket: a PNG of the ticket code, which the check-in page reads back."""

import io

import qrcode


def ticket_qr_png(code, box_size=8):
    image = qrcode.make(code, box_size=box_size, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
