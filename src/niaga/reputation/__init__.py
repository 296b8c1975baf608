"""Penilaian Toko: a store's figures over a rolling window, its badges and penalty points."""
