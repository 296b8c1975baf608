"""A device's name as people say it, from its User-Agent ("iPhone · Mobile Safari 17")."""

from __future__ import annotations

from user_agents import parse


def device_name(user_agent: str) -> str:
    if not user_agent:
        return "Tidak diketahui"
    agent = parse(user_agent)
    if agent.is_bot:
        return "Bot"
    device = agent.device.family if agent.device.family not in ("Other", "") else agent.os.family
    browser = agent.browser.family
    if browser == "Other":  # an app's own agent ("NiagaApp/2.1"): its first word
        browser = user_agent.split()[0][:40]
    else:
        browser = f"{browser} {agent.browser.version_string.split('.')[0]}".strip()
    return browser if device in ("Other", "") else f"{device} · {browser}"
