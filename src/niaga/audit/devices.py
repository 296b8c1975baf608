"""What a person recognises of a browser: "Chrome di Android", not its User-Agent string."""

from __future__ import annotations

from functools import lru_cache

from user_agents import parse

UNKNOWN = "Perangkat tidak dikenal"


@lru_cache(maxsize=512)
def describe(user_agent: str) -> str:
    """ "Chrome di Android", "Safari di iOS", "Firefox di Windows"; a script's agent as it is."""
    if not user_agent:
        return UNKNOWN
    ua = parse(user_agent)
    browser = ua.browser.family.removeprefix("Mobile ").replace(" Mobile", "").replace(" iOS", "").strip()
    system = ua.os.family.strip()
    if browser == "Other" and system == "Other":
        return user_agent.split(" ", 1)[0][:60] or UNKNOWN  # "curl/8.5.0", "okhttp/4.12"
    if system == "Other":
        return browser
    if browser == "Other":
        return system
    return f"{browser} di {system}"
