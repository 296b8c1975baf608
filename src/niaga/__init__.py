"""Niaga: an open-source online marketplace for Indonesia."""
