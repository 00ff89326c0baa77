"""A real SMTP server on 127.0.0.1 for mail tests (aiosmtpd): it can refuse with a temporary error, answer
slowly, and tells which messages it accepted."""

import asyncio
import email
import email.policy
import logging
import socket
import threading

from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpInbox:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []  # accepted, as email.message.EmailMessage
        self.refuse = 0  # how many of the next messages get "451 try again later"
        self.delay = 0.0  # seconds to sit on each message before answering
        self.receiving = threading.Event()  # set when a message's data has arrived
        self.controller = None

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.receiving.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def subjects(self):
        return [str(message["Subject"]) for message in self.messages]
