import logging

logger = logging.getLogger(__name__)


class IndonesianUnlessChosenMiddleware:
    """Serve Bahasa Indonesia unless the user picked another language.

    Many office computers run browsers set to English; the registry's language is
    Indonesian, and English is an explicit choice (the language cookie set by the switcher),
    so the browser's Accept-Language header is ignored. Must come before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that fails because the database is down or unreachable answers the Indonesian
    503 page with Retry-After instead of a 500. Failures outside the view (a session saved
    after the view) reach handler500, which gives the same page (tuban_ikm.views.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .views import DATABASE_DOWN, database_unavailable

        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.error("Database unavailable on %s %s: %s", request.method, request.path, exception, exc_info=exception)
        return database_unavailable(request)
