"""Email backends for the outage tests: a mail server that refuses, or one that is unreachable."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("421 Service not available")


class UnreachableBackend(BaseEmailBackend):
    def open(self):
        raise OSError(111, "Connection refused")

    def send_messages(self, email_messages):
        self.open()
