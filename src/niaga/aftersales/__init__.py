"""Pusat Resolusi: complaints, returns, exchanges and their mediation, on the ledger and the couriers."""
