"""Marks service messages for Qt's translation tools without importing Qt here."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (lupdate looks for this name)
    return text


CONTEXT = "services"
