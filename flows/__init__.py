"""Prefect flows and deployments of the ingest pipeline. They wire the library's stages; no logic here."""
