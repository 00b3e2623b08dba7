"""ingest: scheduled news ingestion for Ukraine's bilateral security agreements."""

__version__ = "0.1.0"
