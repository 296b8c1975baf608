"""Tanya Penjual: a buyer's questions to a store, and the seller's answers."""
