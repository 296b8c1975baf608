"""Chat pictures are private files (core.private); named here for the chat's first migration."""

from niaga.core.private import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]
