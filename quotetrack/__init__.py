"""quotetrack: find quotes in news articles, attribute them to speakers, compare across outlets."""

__version__ = "0.1.0"
