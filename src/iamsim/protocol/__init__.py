"""The query protocol both services speak, and the model-driven checks on its input."""
