"""The unread count of the inbox in the navigation: one COUNT query per page, and only when
a template asks for it (base.html asks for signed-in users; error pages never ask)."""


def inbox(request):
    cache = {}

    def unread_notice_count():
        # Memoised: the template reads it twice (the badge and its label).
        if "count" not in cache:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                cache["count"] = 0
            else:
                from .models import Notification

                cache["count"] = Notification.objects.filter(recipient=user).unread().count()
        return cache["count"]

    return {"unread_notice_count": unread_notice_count}
