"""The project's URLs as a deployment with an e-mail provider serves them (config/mail.py):
config/urls.py adds anymail's webhooks only when ANYMAIL_PROVIDER is set at start-up."""

from config.mail import webhook_urls
from config.urls import handler404, handler500
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, *webhook_urls("postmark")]

__all__ = ["handler404", "handler500", "urlpatterns"]
