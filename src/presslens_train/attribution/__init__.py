"""Training the attribution extractor on PolNeAR (see docs/attribution-model-card.md)."""
