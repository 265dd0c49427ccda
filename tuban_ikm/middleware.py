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
