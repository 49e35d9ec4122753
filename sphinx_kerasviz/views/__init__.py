"""Views: pure functions from a model description and options to DOT, table rows and text."""
