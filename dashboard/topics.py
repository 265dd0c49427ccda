"""The dashboard's panel of open topics (messaging threads) by kind and kecamatan.

Kept apart from figures.py: the counts come from the messaging room's selector (one
aggregate query) and follow only the kecamatan filter (threads have no year, commodity or
class of their own).
"""

from messaging.selectors import open_topic_counts


def open_topics_panel(scope):
    return open_topic_counts(scope)
