"""Ulasan: a verified buyer's rating and photos of each line bought, the seller's reply, reports."""
