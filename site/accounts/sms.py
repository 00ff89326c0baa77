"""Text-message senders. `settings.ACCOUNTS_SMS_BACKEND` names the class (dotted path); it needs one
method, `send(mobile, text)`, which raises on failure. Shipped: ConsoleBackend (development: the message
goes to the log) and FileBackend (tests: one file per message in ACCOUNTS_SMS_FILE_PATH). A provider
(阿里云短信, 腾讯云短信 …) plugs in as a class of its own with the same method; see README."""

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class BaseBackend:
    def send(self, mobile, text):
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Development only: writes the message to the log instead of sending it."""

    def send(self, mobile, text):
        logger.warning("短信（未发送，开发环境）→ %s：%s", mobile, text)


class FileBackend(BaseBackend):
    """Tests: each message is a file `<time>-<mobile>-<id>.txt` holding the number and the text."""

    def __init__(self, path=None):
        self.path = Path(path or settings.ACCOUNTS_SMS_FILE_PATH)

    def send(self, mobile, text):
        self.path.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        (self.path / f"{stamp}-{mobile}-{uuid.uuid4().hex[:8]}.txt").write_text(
            f"{mobile}\n{text}\n", encoding="utf-8"
        )

    def messages(self, mobile=None):
        """[(mobile, text)] oldest first, for tests."""
        if not self.path.exists():
            return []
        found = []
        for file in sorted(self.path.glob("*.txt")):
            number, _newline, text = file.read_text(encoding="utf-8").partition("\n")
            if mobile is None or number == mobile:
                found.append((number, text.rstrip("\n")))
        return found


def get_backend():
    return import_string(settings.ACCOUNTS_SMS_BACKEND)()


def send_sms(mobile, text):
    get_backend().send(mobile, text)
