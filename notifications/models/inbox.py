from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications.messages import render_message


class Notification(models.Model):
    """An in-app message for one person (reminders, "your lead was asked for a chat", …)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40)
    # The text in the recipient's language when it was written: what rows without a
    # ``message_key`` (written before keys existed) show, and what the admin searches.
    message = models.CharField(_("message"), max_length=300)
    # ``notifications.messages.MESSAGES`` key and its parameters: pages render these in
    # the reader's language when read (``text``).
    message_key = models.CharField(_("message key"), max_length=60, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language (the reader's, on a page)."""
        return render_message(self.message_key, self.params, fallback=self.message)
