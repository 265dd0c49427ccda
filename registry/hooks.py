"""Places on the registry's own pages where rooms built on it add what they hold, without
the registry importing them (README "Layers"). Each room appends in its AppConfig.ready().

- OWNER_NOTICES: `(template_name, context(user, business))` pairs shown at the top of the
  owner's business list (business None) and overview (reporting: the open report request).
- OVERVIEW_ANNOTATIONS: functions returning annotations for the owner's overview query,
  computed in the same query so the page keeps its budget (organizations: the latest
  membership, shown on the membership card).
"""

OWNER_NOTICES = []
OVERVIEW_ANNOTATIONS = []


def add_owner_notice(template_name, context):
    if (template_name, context) not in OWNER_NOTICES:
        OWNER_NOTICES.append((template_name, context))


def add_overview_annotations(annotations):
    if annotations not in OVERVIEW_ANNOTATIONS:
        OVERVIEW_ANNOTATIONS.append(annotations)


def overview_annotations():
    return {name: value for annotations in OVERVIEW_ANNOTATIONS for name, value in annotations().items()}
