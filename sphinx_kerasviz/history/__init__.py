"""Training histories: ``data`` (plain series), ``reader`` (CSVLogger, History JSON,
TensorBoard logs; no TensorFlow), ``plot`` (curves), ``table`` (final and best values)."""
