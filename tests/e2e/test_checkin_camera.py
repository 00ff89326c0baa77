"""Check-in by camera in real Chromium: a fake camera shows an e-ticket's QR code, the check-in page
decodes the frames with the vendored jsQR and looks the ticket up; typed codes keep working; the page
runs under the site's CSP with no violation (scripts are our own files, no inline code)."""

import io

import pytest
import qrcode

from registrations.models import RegistrationStatus
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.e2e

WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def y4m_of_qr(text, path, size=480, frames=10):
    """A short 4:2:0 YUV4MPEG2 video showing one QR code (what Chromium's fake camera plays in a loop)."""
    image = qrcode.make(text, box_size=10, border=4).convert("RGB").resize((size, size))
    y, cb, cr = image.convert("YCbCr").split()
    half = (size // 2, size // 2)
    frame = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{size} H{size} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + frame)


@pytest.fixture
def ticket(live_site):
    event = EventPageFactory(parent=EventIndexPageFactory(parent=live_site["home"]), title="合成生物创新沙龙")
    registration = RegistrationFactory(
        target=event.registration_target, name="扫码测试人", status=RegistrationStatus.CONFIRMED
    )
    UserFactory(username="checkin-staff", is_staff=True, is_superuser=True, password="pw-for-checkin")
    return registration


def log_in(page, base):
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "checkin-staff")
    page.fill("input[name=password]", "pw-for-checkin")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_camera_scan_finds_the_ticket(live_site, browser, ticket, tmp_path):
    video = tmp_path / "ticket.y4m"
    y4m_of_qr(ticket.ticket_code, video)
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(permissions=["camera"], locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.add_init_script(WATCH_VIOLATIONS)
        base = live_site["url"]
        log_in(page, base)
        url = f"{base}/admin/registrations/{ticket.target_id}/check-in/"
        page.goto(url)
        page.click("[data-scan]")
        page.wait_for_url(f"**/check-in/?code={ticket.ticket_code}")
        result = page.locator(".checkin__result").inner_text()
        assert "有效票" in result and "扫码测试人" in result
        assert page.evaluate("window.__csp") == []
    finally:
        camera_browser.close()


def test_typed_codes_and_the_decoder_on_a_ticket_image(live_site, browser_page, ticket):
    page = browser_page
    base = live_site["url"]
    log_in(page, base)
    page.goto(f"{base}/admin/registrations/{ticket.target_id}/check-in/")
    page.fill("#checkin-code", ticket.ticket_code.lower())
    page.click(".checkin__form button[type=submit]")
    assert "扫码测试人" in page.locator(".checkin__result").inner_text()
    # The same decoder the camera uses, fed the PNG of the mailed e-ticket's QR code.
    from registrations.tickets import ticket_qr_png

    png = ticket_qr_png(ticket.ticket_code)
    decoded = page.evaluate(
        """async (bytes) => {
            const blob = new Blob([new Uint8Array(bytes)], { type: "image/png" });
            const bitmap = await createImageBitmap(blob);
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const context = canvas.getContext("2d");
            context.drawImage(bitmap, 0, 0);
            return window.chuangfuCheckin.decode(context.getImageData(0, 0, bitmap.width, bitmap.height));
        }""",
        list(io.BytesIO(png).getvalue()),
    )
    assert decoded == ticket.ticket_code
