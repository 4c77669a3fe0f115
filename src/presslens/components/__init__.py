"""Analysers: one module per component, registered in `presslens.components.registry`."""
